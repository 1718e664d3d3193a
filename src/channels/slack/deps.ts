import { z } from 'zod';
import type { Answer } from '../../core/answers/answer';
import type { AnswerEvent, AskOptions } from '../../core/answers/service';
import { Lang } from '../../core/lang';
import type { GoalService } from '../../core/goals/service';
import type { Logger } from '../../core/ports';
import type { PulseService } from '../../core/pulse/service';
import type { ChannelBookkeeping } from '../../core/storage/ports';

/** 👍 or 👎 on one answer message. One record per (channel, messageTs, user): a later one replaces it. */
export const AnswerFeedback = z.object({
  channel: z.string().min(1),
  messageTs: z.string().min(1),
  user: z.string().min(1),
  rating: z.enum(['up', 'down']),
  reason: z.string().max(3000).optional(),
  lang: Lang,
  /** The passages the answer cited, so a curator sees which one a 👎 was about. */
  passageIds: z.array(z.string()).optional(),
  /** The question, shortened, so a curator reading feedback knows what was asked. */
  question: z.string().max(500).optional(),
  at: z.coerce.date(),
});
export type AnswerFeedback = z.infer<typeof AnswerFeedback>;

/** A question the store could not answer, kept for the curators. */
export const UnansweredQuestion = z.object({
  /** Stable per Slack message (`slack:<channel>:<ts>`): adding it twice keeps one. */
  id: z.string().min(1),
  question: z.string(),
  lang: Lang,
  /** Who asked; stores that keep no user ids leave it out. */
  askedBy: z.string().min(1).optional(),
  channel: z.string().min(1),
  threadTs: z.string().min(1).optional(),
  askedAt: z.coerce.date(),
});
export type UnansweredQuestion = z.infer<typeof UnansweredQuestion>;

/**
 * What the Slack channel needs from the store. Every method is shared by all replicas (Redis) or
 * the one process (SQLite), so a retried event is answered once however many replicas see it.
 */
export interface SlackStore {
  /** True only the first time `id` is seen within `ttlSeconds`; atomic across replicas. */
  markEventSeen(id: string, ttlSeconds: number): Promise<boolean>;
  /** Kompis answers in this thread: follow-ups there need no mention, for `ttlSeconds`. */
  markThreadActive(channel: string, threadTs: string, ttlSeconds: number): Promise<void>;
  isThreadActive(channel: string, threadTs: string): Promise<boolean>;
  recordFeedback(feedback: AnswerFeedback): Promise<void>;
  addUnanswered(question: UnansweredQuestion): Promise<void>;
  /** Open questions, newest first, at most `limit`; `total` counts them all. */
  listUnanswered(limit: number): Promise<{ items: UnansweredQuestion[]; total: number }>;
}

/** The answering core as Slack uses it. */
export interface Asker {
  ask(question: string, opts?: AskOptions): Promise<Answer>;
  /** True when a model writes the answers: Slack then streams them (`askStream`) as they are written. */
  readonly streams?: boolean;
  askStream?(question: string, opts?: AskOptions): AsyncIterable<AnswerEvent>;
}

/** Counters the shared HTTP server exposes on /metrics; Slack only reports into them. */
export interface SlackMetrics {
  answered(channel: 'slack', answer: Answer, seconds: number): void;
  slackApiError(kind: string): void;
}

export const noMetrics: SlackMetrics = { answered: () => undefined, slackApiError: () => undefined };

export interface SlackDeps {
  answers: Asker;
  store: SlackStore;
  logger: Logger;
  metrics: SlackMetrics;
  defaultLang: Lang;
  /** Channel id where "Send to the curators" posts; without it the button is not shown. */
  curatorChannel?: string;
  /** How long an answer may take before a sign of life (status or placeholder) is shown. */
  signOfLifeAfterMs?: number;
  /** How long a /kompis reply may take and still go in the ack (ACK_BUDGET_MS unless set). */
  ackBudgetMs?: number;
  /** Goals and kudos; without it `/kompis goal…` and `/kudos` say they are not set up. */
  goals?: GoalService;
  pulse?: PulseService;
  /** Which team a person last used Kompis in, for commands run in a DM. */
  people?: Pick<ChannelBookkeeping, 'setUserTeam' | 'teamOfUser'>;
}
