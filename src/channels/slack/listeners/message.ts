import type { App } from '@slack/bolt';
import { asks, continuesConversation } from '../../../core/knowledge/text';
import { mentionsSomeone } from '../markup';
import { sameQuestion } from '../../../core/conversation/answered';
import { MessageChanged, MessageEvent } from '../payloads';
import { questionOf, writtenText, type SlackQuestion } from '../answer-flow';
import { runMessageCommand } from '../command-flow';
import { slackMessageCommand } from '../command-text';
import { kompisAnswersThread } from '../thread-activity';
import type { ListenerContext } from './context';

/**
 * What a person writes comes as a plain message, or with a subtype when it carries a file (a
 * screenshot beside the question) or a thread reply is also sent to the channel; every other
 * subtype is an edit, a deletion, a join or a bot's.
 */
const WRITTEN = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Plain messages: a DM to Kompis (a command, or a question), or a follow-up in a channel thread
 * Kompis already answers (one that asks, or goes on from the question before, and is addressed to
 * nobody else).
 * A person's edit is read as the message it makes (see `editedMessage`); deletions and other
 * subtypes, bots, and top-level channel chatter are left alone. A message in a channel that mentions
 * Kompis is the app_mention listener's, but for an edit that adds the mention (Slack sends no app_mention for it).
 */
export function registerMessage(app: App, ctx: ListenerContext): void {
  app.event('message', async ({ event, context, client, setStatus }) => {
    const edit = MessageChanged.safeParse(event);
    const parsed = edit.success ? { success: true as const, data: editedMessage(edit.data) } : MessageEvent.safeParse(event);
    if (!parsed.success || parsed.data === undefined) return;
    const e = parsed.data;
    if (!WRITTEN.has(e.subtype) || e.bot_id !== undefined || e.user === undefined) return;
    const text = writtenText(e);
    if (text === undefined) return;
    const dm = e.channel_type === 'im';
    const mentionsKompis = context.botUserId !== undefined && text.includes(`<@${context.botUserId}>`);
    // a mention in a channel comes as app_mention too, but for an edit (Slack sends none in a DM)
    if (!dm && mentionsKompis && !edit.success) return;
    // a DM or a mention that reads as a command is run as the slash command runs it, and is no
    // question; a command is run as sent, so an edit that reads as one is neither run nor answered
    const command = dm || mentionsKompis ? slackMessageCommand(text, context.botUserId) : undefined;
    if (command) {
      if (!edit.success) await runMessageCommand(ctx, client, command, { ...e, user: e.user });
      return;
    }
    // an edit's answer replaces the one the question had, if it had one (see `editedMessage`)
    const ask = (q: SlackQuestion) => (edit.success ? ctx.answerer.edited(client, q, edit.data.message.edited.ts) : ctx.answerer.handle(client, q));
    if (!dm && mentionsKompis) {
      await ask(questionOf('mention', { ...e, user: e.user, text }, context));
      return;
    }

    // in a channel thread, what is not asked of Kompis is colleagues talking to each other: a message to
    // someone else ("<@U…> can you check this?"), or one that neither asks nor goes on from the question ("ok", "lol")
    if (!dm && (mentionsSomeone(text) || !(asks(text) || continuesConversation(text)))) return;
    if (!dm && (e.thread_ts === undefined || !(await kompisAnswersThread(ctx.deps, client, e.channel, e.thread_ts, { ...(context.botUserId ? { userId: context.botUserId } : {}), ...(context.botId ? { botId: context.botId } : {}) })))) return;
    await ask({
      ...questionOf(dm ? 'dm' : 'thread', { ...e, user: e.user, text }, context),
      // the agent view shows a status in the DM; channels get a placeholder message instead
      ...(dm && setStatus ? { setStatus: (status: string) => setStatus(status) } : {}),
    });
  });
}

/**
 * An edit read as the message it makes, for a person who corrects a question or adds Kompis's
 * mention to it: the conversation service replaces the question's answer, or answers it if it had
 * none (see `ConversationService.edited`). Slack's other changes to a message (a link preview, its
 * language) are no edit of a person's, and an edit that leaves the words as they were (a file
 * added, spaces moved) asks nothing new.
 */
function editedMessage(e: MessageChanged): MessageEvent | undefined {
  const { message } = e;
  const before = e.previous_message && writtenText(e.previous_message);
  const now = writtenText(message);
  if (before !== undefined && now !== undefined && sameQuestion(before, now)) return undefined;
  return { ...message, type: 'message', channel: e.channel, ...(e.channel_type ? { channel_type: e.channel_type } : {}) };
}
