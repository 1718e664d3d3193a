import type { App } from '@slack/bolt';
import { asks, continuesConversation } from '../../../core/knowledge/text';
import { mentionsSomeone } from '../markup';
import { MessageEvent } from '../payloads';
import { questionOf, writtenText } from '../answer-flow';
import { kompisAnswersThread } from '../thread-activity';
import type { ListenerContext } from './context';

/**
 * What a person writes comes as a plain message, or with a subtype when it carries a file (a
 * screenshot beside the question) or a thread reply is also sent to the channel; every other
 * subtype is an edit, a deletion, a join or a bot's.
 */
const WRITTEN = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Plain messages: a DM to Kompis, or a follow-up in a channel thread Kompis already answers (one
 * that asks, or goes on from the question before, and is addressed to nobody else).
 * Edits, deletions and other subtypes, bots, and top-level channel chatter are left alone;
 * a message in a channel that mentions Kompis is the app_mention listener's.
 */
export function registerMessage(app: App, ctx: ListenerContext): void {
  app.event('message', async ({ event, context, client, setStatus }) => {
    const parsed = MessageEvent.safeParse(event);
    if (!parsed.success) return;
    const e = parsed.data;
    if (!WRITTEN.has(e.subtype) || e.bot_id !== undefined || e.user === undefined) return;
    const text = writtenText(e);
    if (text === undefined) return;
    const dm = e.channel_type === 'im';
    // a mention in a channel comes as app_mention too; one in a DM does not (Slack sends none there)
    if (!dm && context.botUserId && text.includes(`<@${context.botUserId}>`)) return;

    // in a channel thread, what is not asked of Kompis is colleagues talking to each other: a message to
    // someone else ("<@U…> can you check this?"), or one that neither asks nor goes on from the question ("ok", "lol")
    if (!dm && (mentionsSomeone(text) || !(asks(text) || continuesConversation(text)))) return;
    if (!dm && (e.thread_ts === undefined || !(await kompisAnswersThread(ctx.deps, client, e.channel, e.thread_ts, { ...(context.botUserId ? { userId: context.botUserId } : {}), ...(context.botId ? { botId: context.botId } : {}) })))) return;
    await ctx.answerer.handle(client, {
      ...questionOf(dm ? 'dm' : 'thread', { ...e, user: e.user, text }, context),
      // the agent view shows a status in the DM; channels get a placeholder message instead
      ...(dm && setStatus ? { setStatus: (status: string) => setStatus(status) } : {}),
    });
  });
}
