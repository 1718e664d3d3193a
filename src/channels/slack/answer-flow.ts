import type { webApi } from '@slack/bolt';
import type { Question } from '../../core/conversation/events';
import type { SlackDeps } from './deps';
import { slackQuestion } from './mrkdwn';
import { SlackReply } from './reply';
import { richTextOf } from './rich-text';
import { UserLanguages } from './user-language';

/** One question as the listeners hand it over, already parsed and reduced to plain text. */
export interface SlackQuestion {
  kind: 'mention' | 'dm' | 'thread' | 'assistant';
  channel: string;
  /** The thread the answer goes to (the question's own ts when it started no thread). */
  threadTs: string;
  messageTs: string;
  user: string;
  /** The asker's own workspace, which Slack's chat stream asks for outside a DM. */
  teamId?: string;
  text: string;
  /** The thread status ("is thinking…") of assistant and agent threads; channels get a placeholder instead. */
  setStatus?: (status: string) => Promise<unknown>;
}

/** A message's text as Slack sends it, its blocks, and the messages forwarded with it. */
export interface AskedText {
  text?: string | undefined;
  blocks?: unknown[] | undefined;
  attachments?: { is_share?: boolean | undefined; text?: string | undefined }[] | undefined;
}

/**
 * A message's own words in Slack's text markup: its `text`, or when that is empty or missing, its
 * rich_text blocks written the same way (a client or an app may send only blocks); an empty text
 * when it only forwards a message (Slack may then send no `text` at all); undefined for a message
 * with none of these.
 */
export function writtenText(e: AskedText): string | undefined {
  return e.text || richTextOf(e.blocks) || (e.text ?? (e.attachments?.some((a) => a.is_share) ? '' : undefined));
}

/** What was asked: the words written, then those of each message forwarded with them, as plain words. */
export function askedText(e: AskedText, botUserId: string | undefined): string {
  const forwarded = (e.attachments ?? []).flatMap((a) => (a.is_share && a.text ? [a.text] : []));
  return slackQuestion([writtenText(e) ?? '', ...forwarded].join('\n'), botUserId);
}

/** A message event read as a question: its place, its asker and what was asked, Kompis's own mention stripped. */
export function questionOf(
  kind: SlackQuestion['kind'],
  e: AskedText & { channel: string; ts: string; thread_ts?: string | undefined; user: string; user_team?: string | undefined; team?: string | undefined },
  context: { teamId?: string | undefined; botUserId?: string | undefined },
): SlackQuestion {
  // a Slack Connect partner's team is not the installing one, which is all the context knows
  const teamId = e.user_team ?? e.team ?? context.teamId;
  return {
    kind,
    channel: e.channel,
    threadTs: e.thread_ts ?? e.ts,
    messageTs: e.ts,
    user: e.user,
    ...(teamId ? { teamId } : {}),
    text: askedText(e, context.botUserId),
  };
}

/**
 * A Slack question handed to the conversation service, which answers it once however often Slack
 * delivers it, through a `SlackReply`. A mention's or follow-up's thread is followed from then on.
 */
export class SlackAnswerer {
  readonly languages: UserLanguages;

  constructor(private readonly deps: SlackDeps) {
    this.languages = new UserLanguages(deps.defaultLang, deps.logger);
  }

  async handle(client: webApi.WebClient, q: SlackQuestion): Promise<void> {
    await this.deps.conversation.question(this.question(client, q), new SlackReply(client, q, this.deps));
  }

  /** A question edited, `editedTs` the ts of the edit: its answer is updated in place, or it is answered. */
  async edited(client: webApi.WebClient, q: SlackQuestion, editedTs: string): Promise<void> {
    const question = { ...this.question(client, q), sentAt: Number(q.messageTs) * 1000, editedAt: Number(editedTs) * 1000 };
    await this.deps.conversation.edited(question, new SlackReply(client, q, this.deps));
  }

  private question(client: webApi.WebClient, q: SlackQuestion): Question {
    return {
      platform: 'slack',
      conversation: q.channel,
      // a DM is one person's conversation, in its threads or not (a reply in the thread of an answer comes
      // through the assistant view): a follow-up there goes on from their last question
      ...(q.kind === 'dm' || q.kind === 'assistant' ? {} : { thread: q.threadTs }),
      followThread: q.kind === 'mention' || q.kind === 'thread',
      asker: q.user,
      text: q.text,
      lang: () => this.languages.clientOf(client, q.user),
      eventId: q.messageTs,
    };
  }
}
