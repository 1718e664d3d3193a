import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChannelBookkeeping } from '../storage/ports';
import type { Question } from './events';

/**
 * An answered question's answer is known this long, for an edit of the question to replace it: as
 * long as Kompis follows a thread it answered.
 */
export const ANSWERED_TTL_SECONDS = 7 * 24 * 3600;

/** What is kept of one answered question: what it said, how it was read, and where its answer is. */
export const AnsweredQuestion = z.object({
  /** The question as the channel handed it over. */
  text: z.string(),
  /** The question as it was answered (with the question before it, for a follow-up). */
  read: z.string(),
  /** The question before it that it was read with, for its edit to be read the same way. */
  previous: z.string().optional(),
  /** Every message the answer was posted as, first to last. */
  messages: z.array(z.string().min(1)).min(1),
  /** How often it was answered again after an edit: each edit's own delivery is told from a repeat by it. */
  version: z.number().int().nonnegative(),
});
export type AnsweredQuestion = z.infer<typeof AnsweredQuestion>;

/** One question's message, as its answer is kept: the same for the question and each edit of it. */
export const answeredKey = (q: Pick<Question, 'platform' | 'conversation' | 'eventId'>) => `${q.platform}:answered:${q.conversation}:${q.eventId}`;

/**
 * Whether two versions of a question ask the same: an edit that changes nothing of its words (a
 * link preview or a file added, spaces or line breaks moved) needs no new answer.
 */
export function sameQuestion(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

/**
 * The id of one edit as it is delivered: the question's message, the answer it replaces, and the
 * words it makes. The same edit delivered again (a retry, another replica) has the same id; the
 * next edit, even back to earlier words, replaces a newer answer and so has another.
 */
export function editId(q: Pick<Question, 'platform' | 'conversation' | 'eventId' | 'text'>, before: AnsweredQuestion | undefined): string {
  const words = createHash('sha256').update(q.text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
  return `${q.platform}:edit:${q.conversation}:${q.eventId}:${before ? before.version : 'new'}:${words}`;
}

/**
 * Answered questions, kept in the store as a text under a key, with an expiry (as a thread's last
 * question is), on every replica and across restarts. A record the store gives back in a
 * shape not understood is no record: the edit is then answered anew.
 */
export class AnsweredQuestions {
  constructor(private readonly store: Pick<ChannelBookkeeping, 'keepText' | 'keptText'>) {}

  async get(key: string): Promise<AnsweredQuestion | undefined> {
    const raw = await this.store.keptText(key);
    if (raw === undefined) return undefined;
    const parsed = AnsweredQuestion.safeParse(safeJson(raw));
    return parsed.success ? parsed.data : undefined;
  }

  async keep(key: string, record: AnsweredQuestion): Promise<void> {
    await this.store.keepText(key, JSON.stringify(record), ANSWERED_TTL_SECONDS);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
