import type { Activity } from '@microsoft/agents-activity';
import { tPulse } from '../../core/i18n/pulse-strings';
import { bar, type PulseCheckinMessage, type PulseSummaryMessage } from '../../core/messages';
import { formatNumber } from '../../core/zoned';
import { byteSize, CARD_BUDGET_BYTES, cardActivity, clip, heading, safeText, subtle, textBlock, type CardElement } from './cards';

/** What a card's Action.Submit carries back, so the submit can be told apart from a typed message. */
export const SUBMIT = { pulseAnswer: 'pulse-answer', pulseSetup: 'pulse-setup', goalNew: 'goal-new', goalProgress: 'goal-progress' } as const;

/** The id of a question's input in the check-in card; the submit comes back keyed by it. */
export const questionInput = (questionId: string) => `q_${questionId}`;
export const COMMENT_INPUT = 'comment';
export const COMMENT_MAX = 1000;

/**
 * The weekly check-in: one choice per question (radio buttons for the 1–5 agree scale, a drop-down
 * for 0–10), an optional comment, and one button. Nothing is sent until the button is pressed.
 */
export function renderCheckin(m: PulseCheckinMessage): Activity {
  const body: CardElement[] = [heading(safeText(m.title)), textBlock(m.intro)];
  for (const q of m.questions) {
    const wide = q.values.length > 5;
    const choices = q.values.map((v, i) => ({ title: i === 0 ? `${v} · ${q.low}` : i === q.values.length - 1 ? `${v} · ${q.high}` : String(v), value: String(v) }));
    body.push({
      type: 'Input.ChoiceSet',
      id: questionInput(q.id),
      label: q.text,
      style: wide ? 'compact' : 'expanded',
      ...(wide ? { placeholder: `${q.values[0]} – ${q.values[q.values.length - 1]}` } : {}),
      isRequired: true,
      errorMessage: q.text,
      choices,
      spacing: 'Medium',
    });
  }
  body.push({ type: 'Input.Text', id: COMMENT_INPUT, label: m.commentLabel, placeholder: m.commentHint, isMultiline: true, maxLength: COMMENT_MAX, spacing: 'Medium' });
  body.push(subtle(m.privacy));
  return cardActivity({
    body,
    actions: [{ type: 'Action.Submit', title: m.submitLabel, style: 'positive', data: { kompis: SUBMIT.pulseAnswer, roundId: m.roundId } }],
    summary: m.title,
    lang: m.lang,
  });
}

/**
 * What a lead sees when a round closed with K answers or more. Comments are added while the card
 * stays within what Teams accepts; the ones that do not fit are counted, not dropped silently.
 */
export function renderSummary(s: PulseSummaryMessage): Activity {
  const body: CardElement[] = [heading(safeText(s.title)), textBlock(s.responseLine)];
  for (const q of s.questions) {
    const total = q.distribution.reduce((sum, d) => sum + d.count, 0);
    const mean = q.mean === undefined ? '–' : formatNumber(s.lang, q.mean, 1);
    const change = q.change === undefined ? '' : ` (${q.change > 0 ? '▲' : q.change < 0 ? '▼' : '='} ${formatNumber(s.lang, Math.abs(q.change), 1)})`;
    const trend = q.trend.length > 1 ? q.trend.map((x) => formatNumber(s.lang, x, 1)).join(' → ') : '';
    body.push({
      type: 'Container',
      separator: true,
      items: [
        textBlock(`**${safeText(q.label)}**: ${mean}${change}${q.flagged ? ' ⚠️' : ''}`, q.flagged ? { color: 'Attention' } : {}),
        ...(trend ? [subtle(trend)] : []),
        { type: 'FactSet', facts: q.distribution.map((d) => ({ title: String(d.value), value: `${bar(total ? d.count / total : 0, 8)} ${d.count}` })) },
      ],
    });
  }
  if (s.enps) body.push(textBlock(`**eNPS** ${safeText(s.enps.line)}`, { separator: true }));
  if (s.flaggedLine) body.push(textBlock(`⚠️ ${safeText(s.flaggedLine)}`, { color: 'Attention' }));
  if (s.themes) body.push(textBlock(clip(safeText(s.themes), 2000), { separator: true }));
  const footer = subtle(safeText(s.footer));
  const card = () => cardActivity({ body: [...body, footer], summary: `${s.title}: ${s.responseLine}`, lang: s.lang });
  if (s.comments.length > 0) {
    body.push(textBlock(`**${safeText(s.commentsTitle)}**`, { separator: true }));
    let shown = 0;
    for (const comment of s.comments) {
      body.push(textBlock(`“${clip(safeText(comment), 1000)}”`, { spacing: 'Small' }));
      if (byteSize(card()) > CARD_BUDGET_BYTES) {
        body.pop();
        break;
      }
      shown += 1;
    }
    if (shown < s.comments.length) body.push(subtle(tPulse(s.lang, 'moreComments', { count: s.comments.length - shown })));
  }
  return card();
}
