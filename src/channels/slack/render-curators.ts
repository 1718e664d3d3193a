import type { types } from '@slack/bolt';
import { tc } from './strings';
import type { Lang } from '../../core/lang';
import { clipMrkdwn, escapeMrkdwn, splitText } from './mrkdwn';
import type { SlackMessage } from './render-answer';

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
    text: `${intro} ${clipMrkdwn(escapeMrkdwn(q.question), 2000)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      ...quoted.map((text): types.KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    ],
  };
}
