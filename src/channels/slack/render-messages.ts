import type { types } from '@slack/bolt';
import { tPulse } from '../../core/i18n/pulse-strings';
import { tGoal } from '../../core/i18n/goal-strings';
import { bar, goalsInListOrder, type CelebrationMessage, type DigestMessage, type GoalCardMessage, type GoalListMessage, type GoalView, type KudosMessage, type NoticeMessage, type OutMessage, type Person, type PulseSummaryMessage } from '../../core/messages';
import { formatNumber } from '../../core/zoned';
import { withChannels } from './command-text';
import { ids } from './ids';
import { clip, clipMrkdwn, escapeMrkdwn, splitText } from './mrkdwn';
import { blockText, LIMITS, type SlackMessage } from './render-answer';
import { renderCheckin } from './render-checkin';

type KnownBlock = types.KnownBlock;

const TONE_EMOJI: Record<NoticeMessage['tone'], string> = { info: ':information_source:', success: ':white_check_mark:', warning: ':warning:', error: ':x:' };

/** Any core message as Block Kit: one renderer per kind, all here or beside it. */
export function renderMessage(message: OutMessage): SlackMessage {
  switch (message.kind) {
    case 'notice':
      return renderNotice(message);
    case 'pulse-checkin':
      return renderCheckin(message, {});
    case 'pulse-summary':
      return renderSummary(message);
    case 'goal-list':
      return renderGoalList(message);
    case 'goal-card':
      return renderGoalCard(message);
    case 'celebration':
      return renderCelebration(message);
    case 'kudos':
      return renderKudos(message);
    case 'digest':
      return renderDigest(message);
  }
}

/**
 * How much of a message goes into its `text`, what notifications and screen readers show: escaped,
 * at most five characters for one, so it stays within LIMITS.fallbackText.
 */
const NOTIFICATION_CHARS = LIMITS.fallbackText / 5;

/** A message's `text`, escaped like its blocks: the notification is where `<!channel>` would ping. */
function notification(raw: string): string {
  return escapeMrkdwn(clip(raw, NOTIFICATION_CHARS));
}

/** `{@U123}` in core's words becomes a Slack mention; everything else is escaped. */
export function withMentions(text: string): string {
  return escapeMrkdwn(text).replace(/\{@([A-Z0-9]+)\}/g, (_, id: string) => mention({ id }));
}

export function mention(p: Person): string {
  return /^[UW][A-Z0-9]+$/.test(p.id) ? `<@${p.id}>` : escapeMrkdwn(p.name ?? p.id);
}

export function renderNotice(n: NoticeMessage): SlackMessage {
  const lines = n.lines.map(withMentions);
  const text = [n.title ? `*${escapeMrkdwn(n.title)}*` : '', ...lines].filter(Boolean).join('\n');
  // a long notice (the help, the unanswered list) takes several sections rather than losing its end
  const pieces = splitText(`${TONE_EMOJI[n.tone]} ${text}`, LIMITS.sectionText).slice(0, LIMITS.blocksPerMessage);
  // cut after the mentions are written, so a cut never leaves half of one ("{@U12…")
  return { text: clipMrkdwn(withMentions(n.lines.join(' ')), NOTIFICATION_CHARS), blocks: pieces.map(section) };
}

export function renderSummary(s: PulseSummaryMessage): SlackMessage {
  const blocks: KnownBlock[] = [header(s.title), section(escapeMrkdwn(s.responseLine))];
  for (const q of s.questions) {
    const total = q.distribution.reduce((sum, d) => sum + d.count, 0);
    const change = q.change === undefined ? '' : ` (${q.change > 0 ? '▲' : q.change < 0 ? '▼' : '='} ${formatNumber(s.lang, Math.abs(q.change), 1)})`;
    const mean = q.mean === undefined ? '–' : formatNumber(s.lang, q.mean, 1);
    const rows = q.distribution.map((d) => `\`${String(d.value).padStart(2)}\` ${bar(total ? d.count / total : 0, 8)} ${d.count}`).join('\n');
    const trend = q.trend.length > 1 ? `\n${q.trend.map((m) => formatNumber(s.lang, m, 1)).join(' → ')}` : '';
    blocks.push(section(`*${escapeMrkdwn(q.label)}*: ${mean}${change}${q.flagged ? ' :small_red_triangle_down:' : ''}${trend}\n${rows}`));
  }
  if (s.enps) blocks.push(section(`*eNPS* ${escapeMrkdwn(s.enps.line)}`));
  if (s.flaggedLine) blocks.push(section(`:warning: ${escapeMrkdwn(s.flaggedLine)}`));
  if (s.themes) blocks.push(section(escapeMrkdwn(s.themes)));
  if (s.comments.length) {
    blocks.push(section(`*${escapeMrkdwn(s.commentsTitle)}*`));
    pushLines(blocks, s.comments.map((c) => `> ${escapeMrkdwn(c).replace(/\n/g, '\n> ')}`), 1, textLeft(blocks), (left) => tPulse(s.lang, 'moreComments', { count: left }));
  }
  blocks.push(context(escapeMrkdwn(s.footer)));
  return { text: notification(`${s.title}: ${s.responseLine}`), blocks };
}

/**
 * A team's goals, a block each, in as many blocks as `room` (a message's 50, or what a Home tab
 * leaves), in the list's order (`goalsInListOrder`: the open ones with their buttons, then the
 * reached ones, newest first); what does not fit is counted in a last line ("+12 more goals").
 */
export function renderGoalList(m: GoalListMessage, room: number = LIMITS.blocksPerMessage): SlackMessage {
  if (m.goals.length === 0) return { text: notification(m.empty), blocks: [section(escapeMrkdwn(m.empty))] };
  const fits = m.goals.length <= room - 1 ? m.goals.length : room - 2;
  const kept = goalsInListOrder(m.goals).slice(0, Math.max(0, fits));
  const blocks: KnownBlock[] = [header(m.title)];
  for (const g of kept) {
    blocks.push({ ...goalSection(g), ...(g.reached ? {} : { accessory: progressButton(g, m.progressLabel) }) });
  }
  if (kept.length < m.goals.length) blocks.push(context(escapeMrkdwn(tGoal(m.lang, 'moreGoals', { count: m.goals.length - kept.length }))));
  return { text: notification(`${m.title}: ${m.goals.map((g) => g.title).join(', ')}`), blocks };
}

export function renderGoalCard(m: GoalCardMessage): SlackMessage {
  const blocks: KnownBlock[] = [header(`${m.title}: ${m.goal.title}`), goalSection(m.goal)];
  if (m.goal.why) blocks.push(context(`*${escapeMrkdwn(m.whyLabel)}:* ${escapeMrkdwn(clip(m.goal.why, 2000))}`));
  blocks.push({ type: 'actions', block_id: `goal_${m.goal.id}`, elements: [progressButton(m.goal, m.progressLabel)] });
  // the id other systems use for POST /api/goals/{id}/progress
  blocks.push(context(`id \`${m.goal.id}\``));
  return { text: notification(`${m.title}: ${m.goal.title}`), blocks };
}

export function renderCelebration(m: CelebrationMessage): SlackMessage {
  const blocks: KnownBlock[] = [header(`🎉 ${m.headline}`), goalSection(m.goal), section(escapeMrkdwn(m.took))];
  if (m.contributors.length) blocks.push(section(`${escapeMrkdwn(m.contributorsLabel)}: ${m.contributors.map(mention).join(', ')} :raised_hands:`));
  return { text: notification(m.headline), blocks };
}

export function renderKudos(m: KudosMessage): SlackMessage {
  // the reason's people are written before it is shortened, so a cut never leaves half of one ("{@U12…")
  const line = `:sparkles: *${escapeMrkdwn(m.headline)}* ${mention(m.from)} → ${mention(m.to)}\n${clipMrkdwn(reason(m.text), 2500)}`;
  const blocks: KnownBlock[] = [section(line)];
  if (m.goalLine) blocks.push(context(escapeMrkdwn(m.goalLine)));
  return { text: clipMrkdwn(`${escapeMrkdwn(m.headline)}: ${clipMrkdwn(reason(m.text), 200)}`, NOTIFICATION_CHARS), blocks };
}

/** A kudos reason: the people and the unnamed channels its command named (`{@U…}`, `{#C…}`) as Slack shows them, the rest escaped text. */
function reason(text: string): string {
  return withChannels(withMentions(text));
}

export function renderDigest(m: DigestMessage): SlackMessage {
  const blocks: KnownBlock[] = [header(`🏆 ${m.title}`)];
  if (m.reached.length) {
    const lines = [`*${escapeMrkdwn(m.reachedTitle)}*`, ...m.reached.map((g) => `• ${escapeMrkdwn(g.title)}`)];
    // below them: the footer, and the kudos' title, a section of them and the count of the rest;
    // of the text a message holds, the goals take at most half when kudos follow
    const text = textLeft(blocks);
    pushLines(blocks, lines, m.kudos.length ? 4 : 1, m.kudos.length ? text / 2 : text, (left) => tGoal(m.lang, 'moreGoals', { count: left }));
  }
  if (m.kudos.length) {
    const lines = m.kudos.map((k) => `• ${mention(k.from)} → ${mention(k.to)}: ${clipMrkdwn(reason(k.text), 300)}`);
    blocks.push(section(`*${escapeMrkdwn(m.kudosTitle)}*`));
    pushLines(blocks, lines, 1, textLeft(blocks), (left) => tGoal(m.lang, 'moreKudos', { count: left }));
  }
  blocks.push(context(escapeMrkdwn(m.footer)));
  return { text: notification(m.title), blocks };
}

function goalSection(g: GoalView): KnownBlock {
  const pct = Math.round(g.progress * 100);
  const title = `${g.reached ? '✅ ' : ''}*${g.number}. ${escapeMrkdwn(g.title)}* (${escapeMrkdwn(g.metric)})`;
  return section(`${title}\n${bar(g.progress)} ${pct} %\n${escapeMrkdwn(g.statusLine)} · ${mention(g.owner)}`);
}

function progressButton(g: GoalView, label: string): types.Button {
  return { type: 'button', action_id: ids.goalProgress, text: { type: 'plain_text', text: label }, value: g.id };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: true } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(text, LIMITS.sectionText) } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clipMrkdwn(text, LIMITS.sectionText) }] };
}

/** What a message's blocks can still take of text (see LIMITS.textPerMessage), a last line and a footer's worth kept back. */
function textLeft(blocks: KnownBlock[]): number {
  return LIMITS.textPerMessage - blockText(blocks) - 2 * LIMITS.footerText;
}

/**
 * Adds `lines` as sections that share them (Slack allows 50 blocks a message), keeping `reserve`
 * blocks free for what follows and within `text` characters; lines that do not fit are counted in
 * a last line, as `more` words it in the reader's language ("+12 more comments").
 */
function pushLines(blocks: KnownBlock[], lines: string[], reserve: number, text: number, more: (left: number) => string): void {
  const chunks = chunkText(lines, LIMITS.sectionText);
  const room = LIMITS.blocksPerMessage - blocks.length - reserve;
  let used = 0;
  const fit = chunks.findIndex((c, i) => i >= room || (used += c.text.length) > text);
  const shown = fit < 0 ? chunks : chunks.slice(0, Math.max(0, Math.min(fit, room - 1)));
  for (const chunk of shown) blocks.push(section(chunk.text));
  const left = lines.length - shown.reduce((n, c) => n + c.lines, 0);
  if (left > 0) blocks.push(context(escapeMrkdwn(more(left))));
}

/** Lines joined into texts of at most `max` characters, each with how many lines it holds. */
function chunkText(lines: string[], max: number): { text: string; lines: number }[] {
  const out: { text: string; lines: number }[] = [];
  let cur = { text: '', lines: 0 };
  for (const line of lines.map((l) => clipMrkdwn(l, max))) {
    if (cur.text && cur.text.length + line.length + 1 > max) {
      out.push(cur);
      cur = { text: '', lines: 0 };
    }
    cur = { text: cur.text ? `${cur.text}\n${line}` : line, lines: cur.lines + 1 };
  }
  if (cur.text) out.push(cur);
  return out;
}
