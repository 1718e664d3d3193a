import type { Activity } from '@microsoft/agents-activity';
import { progressForm } from '../../core/forms';
import { tGoal } from '../../core/i18n/goal-strings';
import type { Lang } from '../../core/lang';
import { bar, goalsInListOrder, type CelebrationMessage, type DigestMessage, type GoalCardMessage, type GoalListMessage, type GoalView, type KudosMessage } from '../../core/messages';
import { cardActivity, clip, heading, Mentions, mostThatFit, safeText, subtle, textBlock, type CardElement, type NameOf } from './cards';
import { formElements, submitAction } from './render-form';

/**
 * A team's goals, each with its progress form while open, as many as a card holds: the open goals
 * first, in their order, then the reached ones, the newest first; what does not fit is counted in
 * a last line ("+12 more goals").
 */
export function renderGoalList(m: GoalListMessage, nameOf?: NameOf): Activity {
  if (m.goals.length === 0) return cardActivity({ body: [textBlock(safeText(m.empty))], summary: m.empty, lang: m.lang });
  const goals = goalsInListOrder(m.goals);
  return mostThatFit(goals.length, (shown) => {
    // afresh for each try, so the card mentions only the owners of the goals it shows
    const mentions = new Mentions(m.lang, nameOf);
    const body: CardElement[] = [heading(m.title)];
    for (const g of goals.slice(0, shown)) {
      body.push({ type: 'Container', separator: true, items: goalLines(g, mentions) });
      if (!g.reached) body.push({ type: 'ActionSet', actions: [progressAction(m.lang, g, m.progressLabel)] });
    }
    if (shown < goals.length) body.push(subtle(tGoal(m.lang, 'moreGoals', { count: goals.length - shown })));
    return cardActivity({ body, mentions, summary: `${m.title}: ${m.goals.map((g) => g.title).join(', ')}`, lang: m.lang });
  });
}

/** A new goal in the team's channel, with its progress form right on the card. */
export function renderGoalCard(m: GoalCardMessage, nameOf?: NameOf): Activity {
  const mentions = new Mentions(m.lang, nameOf);
  const body: CardElement[] = [heading(`${safeText(m.title)}: ${safeText(m.goal.title)}`), ...goalLines(m.goal, mentions)];
  if (m.goal.why) body.push(textBlock(`**${safeText(m.whyLabel)}:** ${clip(safeText(m.goal.why), 2000)}`));
  if (!m.goal.reached) body.push(...inlineProgress(m.lang, m.goal, m.progressLabel));
  // the id other systems use for POST /api/goals/{id}/progress
  body.push(subtle(`id ${m.goal.id}`));
  return cardActivity({ body, mentions, summary: `${m.title}: ${m.goal.title}`, lang: m.lang });
}

export function renderCelebration(m: CelebrationMessage, nameOf?: NameOf): Activity {
  const mentions = new Mentions(m.lang, nameOf);
  const body: CardElement[] = [heading(`🎉 ${safeText(m.headline)}`), ...goalLines(m.goal, mentions), textBlock(safeText(m.took))];
  if (m.contributors.length) body.push(textBlock(`${safeText(m.contributorsLabel)}: ${m.contributors.map((p) => mentions.of(p)).join(', ')} 🙌`));
  return cardActivity({ body, mentions, summary: m.headline, lang: m.lang });
}

export function renderKudos(m: KudosMessage, nameOf?: NameOf): Activity {
  const mentions = new Mentions(m.lang, nameOf);
  const body: CardElement[] = [
    textBlock(`✨ **${safeText(m.headline)}** ${mentions.of(m.from)} → ${mentions.of(m.to)}`, { size: 'Medium' }),
    textBlock(clip(safeText(m.text), 2500)),
  ];
  if (m.goalLine) body.push(subtle(safeText(m.goalLine)));
  return cardActivity({ body, mentions, summary: `${m.headline}: ${clip(m.text, 150)}`, lang: m.lang });
}

/**
 * The week's reached goals and kudos, as many as a card holds, the goals first; the goals and the
 * kudos left out are each counted in a line below their own ("+3 more goals", "+40 …").
 */
export function renderDigest(m: DigestMessage, nameOf?: NameOf): Activity {
  const goals = m.reached.length;
  return mostThatFit(goals + m.kudos.length, (shown) => {
    const mentions = new Mentions(m.lang, nameOf);
    const body: CardElement[] = [heading(`🏆 ${safeText(m.title)}`)];
    const reached = m.reached.slice(0, shown);
    const kudos = m.kudos.slice(0, Math.max(0, shown - goals));
    if (goals) {
      body.push(textBlock(`**${safeText(m.reachedTitle)}**`));
      if (reached.length) body.push(textBlock(reached.map((g) => `- ${safeText(g.title)}`).join('\r'), { spacing: 'Small' }));
      if (reached.length < goals) body.push(subtle(tGoal(m.lang, 'moreGoals', { count: goals - reached.length })));
    }
    if (m.kudos.length) {
      body.push(textBlock(`**${safeText(m.kudosTitle)}**`, { separator: true }));
      for (const k of kudos) body.push(textBlock(`${mentions.of(k.from)} → ${mentions.of(k.to)}: ${clip(safeText(k.text), 300)}`, { spacing: 'Small' }));
      if (kudos.length < m.kudos.length) body.push(subtle(tGoal(m.lang, 'moreKudos', { count: m.kudos.length - kudos.length })));
    }
    body.push(subtle(safeText(m.footer)));
    return cardActivity({ body, mentions, summary: m.title, lang: m.lang });
  });
}

function goalLines(g: GoalView, mentions: Mentions): CardElement[] {
  const pct = Math.round(g.progress * 100);
  return [
    textBlock(`${g.reached ? '✅ ' : ''}**${g.number}. ${safeText(g.title)}** (${safeText(g.metric)})`),
    textBlock(`${bar(g.progress)} ${pct} %`, { fontType: 'Monospace', spacing: 'Small' }),
    textBlock(`${safeText(g.statusLine)} · ${mentions.of(g.owner)}`, { isSubtle: true, spacing: 'Small' }),
  ];
}

/** An inline form: the value (or +/- change) and a button that sends it with the goal's id. */
function inlineProgress(lang: Lang, g: GoalView, label: string): CardElement[] {
  const form = progressForm(lang, g);
  return [...formElements({ ...form, intro: undefined }), { type: 'ActionSet', actions: [submitAction(form, label)] }];
}

/** In a list the form opens under its goal, so one value box belongs to one goal. */
function progressAction(lang: Lang, g: GoalView, label: string): CardElement {
  return { type: 'Action.ShowCard', title: `${label}: ${g.number}`, card: { type: 'AdaptiveCard', body: inlineProgress(lang, g, label) } };
}
