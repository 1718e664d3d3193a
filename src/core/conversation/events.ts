import type { Answer } from '../answers/answer';
import type { AnswerEvent, AskOptions } from '../answers/service';
import type { Lang } from '../lang';

/** The answering core as every channel uses it. */
export interface Asker {
  ask(question: string, opts?: AskOptions): Promise<Answer>;
  /** True when a model writes the answers: a channel that can stream gets them as they are written. */
  readonly streams?: boolean;
  askStream?(question: string, opts?: AskOptions): AsyncIterable<AnswerEvent>;
}

/** A question as a channel hands it over: parsed, its markup and mentions already removed. */
export interface Question {
  /** Which channel asked (its own name, such as 'console'): a label for ids and metrics. */
  platform: string;
  /** The conversation (channel, chat) the question was asked in. */
  conversation: string;
  /** The thread the question is asked in, when the channel has threads: a follow-up goes on from the question before it there; without one, from the asker's. */
  thread?: string;
  /** Follow-ups in `thread` are answered without a mention from now on. */
  followThread?: boolean;
  asker: string;
  text: string;
  /**
   * The asker's client language (its locale), or how to look it up (once the question is known to
   * be new); undefined when the client does not say. Detection still wins on a clear question.
   */
  lang?: Lang | (() => Promise<Lang | undefined>);
  /** The delivery's id (a message ts, an activity id): the same id again is the same question delivered again. */
  eventId: string;
  /** Where a curator replies, when not the conversation itself (a conversation reference's key). */
  replyTo?: string;
}

/** A question edited after it was sent: the message as it now reads, under the id it was sent with. */
export interface EditedQuestion extends Question {
  /** When the message was sent and when it was edited (ms since the epoch), where the platform says. */
  sentAt?: number;
  editedAt?: number;
}

/** What the curators' list made of an abstention: on it, or not (the store did not answer). */
export type CuratorNote = 'noted' | 'not_recorded';

/** An answer as the channel shows it. */
export interface AnswerView {
  answer: Answer;
  /** Set for an abstention the curators could be told about. */
  curators?: CuratorNote;
}

export interface StreamHooks {
  /** Call at the first streamed text: ends the sign of life, waiting for one being shown. */
  firstText(): Promise<void>;
  /** How the answer is shown once it is known (an abstention goes on the curators' list first). */
  view(answer: Answer): Promise<AnswerView>;
}

/** Where an answer was posted. */
export interface Posted {
  /** The answer message, when the channel's feedback names only the message. */
  messageId?: string;
  /** Every message the answer was posted as, first to last: what an edit of its question replaces. */
  messages?: string[];
}

/** How a channel shows the one answer to one question: the port each channel implements. */
export interface Reply {
  /** How long an answer may take before the sign of life (the service's default otherwise). */
  readonly signOfLifeAfterMs?: number;
  /** Shows that Kompis is working on it: a status, a placeholder, a typing indicator. */
  signOfLife(lang: Lang, streaming: boolean): Promise<void>;
  /** Posts the whole answer. */
  whole(view: AnswerView): Promise<Posted>;
  /** Streams the answer as it is written, when the channel can here; the answer posted whole otherwise. */
  stream?(events: AsyncIterable<AnswerEvent>, hooks: StreamHooks): Promise<Posted & { answer: Answer }>;
  /**
   * Puts the answer in place of the one posted before as `messages`, its question having been
   * edited; undefined when the platform no longer has that answer (someone deleted it), which is
   * then posted anew.
   */
  replace?(view: AnswerView, messages: string[]): Promise<Posted | undefined>;
  /** Says that the question was not answered: `text` in the asker's language; `err` for the channel's own counters. */
  apologise(text: string, err: unknown): Promise<void>;
  /** The channel's own name for a failure of its platform's API, for the log line (the platform's error code). */
  describe?(err: unknown): Record<string, unknown>;
}

/** 👍 or 👎 on one answer message, with an optional reason. */
export interface Feedback {
  platform: string;
  conversation: string;
  /** The answer message the vote is about. */
  message: string;
  /** Who voted: a later vote of theirs on the same answer replaces this one. */
  voter?: string;
  vote: 'up' | 'down';
  reason?: string;
  lang: Lang;
  /** The passages the answer cited, when the vote carries them; otherwise those kept when it was posted. */
  passageIds?: string[];
}

/** "Send to the curators" under an abstention. */
export interface CuratorsRequest {
  platform: string;
  conversation: string;
  /** The question's own message: pressing the button again sends it once. */
  questionId: string;
}
