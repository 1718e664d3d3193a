import type { types } from '@slack/bolt';
import { tc } from '../../core/i18n/slack-strings';
import type { Lang } from '../../core/lang';
import { clip, escapeMrkdwn, splitText } from './mrkdwn';
import type { SlackMessage } from './render-answer';
import type { UnansweredQuestion } from '../../core/storage/records';

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** Slack ids become mentions only when they look like ids: nothing else is put between < and >. */
const userRef = (id: string) => (USER_ID.test(id) ? `<@${id}>` : escapeMrkdwn(id));
const channelRef = (id: string) => (CHANNEL_ID.test(id) && !id.startsWith('D') ? `<#${id}>` : 'DM');

/** The post in the curator channel: who asked, where, and the question quoted, escaped. */
export function renderCuratorPost(lang: Lang, q: { question: string; user: string; channel: string }): SlackMessage {
  const intro = tc(lang, 'curatorPost', { user: userRef(q.user), channel: channelRef(q.channel) });
  const quoted = splitText(escapeMrkdwn(q.question), 2900).map((p) => `> ${p.replace(/\n/g, '\n> ')}`);
  return {
    text: `${intro} ${clip(escapeMrkdwn(q.question), 2000)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      ...quoted.map((text): types.KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    ],
  };
}

/** `/kompis unanswered`: the open questions, newest first, one line each. */
export function renderUnanswered(lang: Lang, list: { items: UnansweredQuestion[]; total: number }): SlackMessage {
  if (list.total === 0) return { text: tc(lang, 'unansweredNone'), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: tc(lang, 'unansweredNone') } }] };
  const title = tc(lang, 'unansweredTitle', { count: list.total });
  const lines = list.items.map((u) => `• ${clip(escapeMrkdwn(u.question), 280)} — ${u.askedAt.slice(0, 10)} (${u.lang})${u.why ? ` _${clip(escapeMrkdwn(u.why), 200)}_` : ''}`);
  if (list.total > list.items.length) lines.push(tc(lang, 'unansweredMore', { count: list.total - list.items.length }));
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } }];
  for (const piece of splitText(lines.join('\n'), 3000)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
  return { text: title, blocks: blocks.slice(0, 50) };
}
