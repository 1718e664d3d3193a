import type { types } from '@slack/bolt';
import { cutPoint } from '../../core/cut';
import type { PulseCheckinMessage } from '../../core/messages';
import { ids } from './ids';
import { clip, escapeMrkdwn } from './mrkdwn';
import type { SlackMessage } from './render-answer';

type KnownBlock = types.KnownBlock;

/** The most a comment box takes, and keeps of what was typed when the check-in is redrawn. */
const COMMENT_MAX = 1000;

/** What the member has tapped so far, carried in the buttons themselves: nothing is stored until they send. */
export type Picks = Record<string, number>;

export interface CheckinState {
  picks?: Picks;
  /** The comment typed so far, kept when the message is redrawn after a tap. */
  comment?: string;
  /** A line above the buttons, e.g. which questions still need an answer. */
  problem?: string;
}

/** Picks as they travel in a button value: `expectations=4;enps=9`. */
export function encodePicks(picks: Picks): string {
  return Object.entries(picks)
    .map(([q, v]) => `${q}=${v}`)
    .join(';');
}

export function decodePicks(text: string): Picks {
  const picks: Picks = {};
  for (const pair of text.split(';')) {
    const m = /^([a-z0-9_-]{1,40})=(\d{1,2})$/.exec(pair);
    if (m) picks[m[1]!] = Number(m[2]);
  }
  return picks;
}

/** The value every check-in button carries: round, reminder flag, the picks so far, and (for a pick) its question and value. */
export interface CheckinValue {
  roundId: string;
  reminder: boolean;
  picks: Picks;
}

export function encodeValue(v: CheckinValue): string {
  return [v.roundId, v.reminder ? '1' : '0', encodePicks(v.picks)].join('|');
}

export function decodeValue(text: string): CheckinValue | undefined {
  const [roundId, reminder, picks = ''] = text.split('|');
  if (!roundId || !/^[A-Za-z0-9-]{1,64}$/.test(roundId) || (reminder !== '0' && reminder !== '1')) return undefined;
  return { roundId, reminder: reminder === '1', picks: decodePicks(picks) };
}

/**
 * The weekly check-in as a DM: each question with a row of buttons (1–5, or 0–10), the chosen one
 * highlighted; an optional comment; one button to send. Each tap redraws the message with the pick
 * carried in every button's value, so nothing about the member is kept by Kompis until they send.
 */
export function renderCheckin(m: PulseCheckinMessage, state: CheckinState): SlackMessage {
  const picks = state.picks ?? {};
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(m.title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(m.intro) } },
  ];
  if (state.problem) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(state.problem)}` } });
  m.questions.forEach((q, i) => {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${i + 1}. ${escapeMrkdwn(q.text)}*` } });
    blocks.push({
      type: 'actions',
      block_id: `pulse_q_${q.id}`,
      elements: q.values.map((v) => {
        const chosen = picks[q.id] === v;
        const value = encodeValue({ roundId: m.roundId, reminder: m.reminder, picks: { ...picks, [q.id]: v } });
        return { type: 'button' as const, action_id: `${ids.pulsePickPrefix}${q.id}_${v}`, text: { type: 'plain_text' as const, text: chosen ? `✓ ${v}` : String(v) }, value, ...(chosen ? { style: 'primary' as const } : {}) };
      }),
    });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${q.values[0]} = ${escapeMrkdwn(q.low)} · ${q.values[q.values.length - 1]} = ${escapeMrkdwn(q.high)}` }] });
  });
  blocks.push({
    type: 'input',
    block_id: ids.pulseCommentBlock,
    optional: true,
    label: { type: 'plain_text', text: clip(m.commentLabel, 2000) },
    hint: { type: 'plain_text', text: clip(m.commentHint, 2000) },
    element: { type: 'plain_text_input', action_id: ids.pulseCommentInput, multiline: true, max_length: COMMENT_MAX, ...(state.comment ? { initial_value: state.comment.slice(0, cutPoint(state.comment, COMMENT_MAX)) } : {}) },
  });
  blocks.push({
    type: 'actions',
    block_id: 'pulse_send',
    elements: [{ type: 'button', action_id: ids.pulseSubmit, style: 'primary', text: { type: 'plain_text', text: m.submitLabel }, value: encodeValue({ roundId: m.roundId, reminder: m.reminder, picks }) }],
  });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:lock: ${escapeMrkdwn(m.privacy)}` }] });
  return { text: `${m.title}: ${m.intro}`, blocks };
}
