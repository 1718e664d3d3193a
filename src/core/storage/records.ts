import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Lang } from '../lang';

/** Records as stores keep them; every record read back from a store is parsed with these. */

export const UnansweredQuestion = z.object({
  id: z.string(),
  question: z.string(),
  lang: Lang,
  askedAt: z.string(),
  /** Where to reply when a curator answers: a channel or conversation reference, never who asked. */
  channel: z.string().optional(),
  /** Why Kompis abstained, for the curators ("the store never mentions 'allsvenskan'"). */
  why: z.string().optional(),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
});
export type UnansweredQuestion = z.infer<typeof UnansweredQuestion>;

/** The passages an answer cited, as a store keeps them for its feedback. */
export const PassageIds = z.array(z.string());

export const Feedback = z.object({
  id: z.string(),
  answerId: z.string(),
  vote: z.enum(['up', 'down']),
  reason: z.string().optional(),
  passageIds: z.array(z.string()),
  lang: Lang,
  at: z.string(),
});
export type Feedback = z.infer<typeof Feedback>;

/**
 * The id of one voter's feedback on one answer: the same for every vote they give it, so a later vote
 * replaces the earlier one. A hash keeps the user id out of the record, but it is not a secret:
 * whoever knows the answer and a user can recompute it (feedback, unlike pulse answers, is not anonymous).
 */
export function feedbackId(answerId: string, voter: string): string {
  return `fb-${createHash('sha256').update(`${answerId}\n${voter}`).digest('hex').slice(0, 32)}`;
}

export const Goal = z.object({
  id: z.string(),
  team: z.string(),
  title: z.string(),
  metric: z.string(),
  start: z.number(),
  target: z.number(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  due: z.string(),
  owner: z.string(),
  why: z.string().optional(),
  current: z.number(),
  createdAt: z.string(),
  reachedAt: z.string().optional(),
});
export type Goal = z.infer<typeof Goal>;
export type NewGoal = Omit<Goal, 'id' | 'current' | 'createdAt' | 'reachedAt'>;

export const ProgressEvent = z.object({
  goalId: z.string(),
  value: z.number(),
  delta: z.number(),
  source: z.string(),
  actor: z.string().optional(),
  idempotencyKey: z.string().optional(),
  at: z.string(),
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const Kudos = z.object({
  id: z.string(),
  team: z.string(),
  from: z.string(),
  to: z.string(),
  text: z.string(),
  goalId: z.string().optional(),
  at: z.string(),
});
export type Kudos = z.infer<typeof Kudos>;

export const PulseRound = z.object({
  id: z.string(),
  team: z.string(),
  /** ISO week, e.g. 2026-W47: the finest time an answer is ever tied to. */
  week: z.string(),
  questionIds: z.array(z.string()),
  opensAt: z.string(),
  closesAt: z.string(),
  /** When the one reminder goes to those who have not answered. */
  remindAt: z.string().optional(),
  /** The anonymity threshold the round was opened with: results only at k respondents or more. */
  k: z.number().int().min(3).default(5),
  /** How many members were sent the check-in, for the response rate. */
  invited: z.number().int().min(0).optional(),
  /** Answers were stored sealed and comments scrubbed before they were stored (every round opened since sealing). */
  sealed: z.boolean().optional(),
  /** Comments are shown only at this many respondents or more (never below k); absent: max(k, 5). */
  commentK: z.number().int().min(3).optional(),
  /**
   * The team's leads when the round opened, whom it did not ask, as keyed hashes (a key derived from
   * the pulse secret: no user id is kept with a round): its summary and results are theirs alone
   * (while they lead the team), and none of them may answer it. Absent: a round opened before they
   * were kept, whose summary goes to the team's leads at its close.
   */
  leadHashes: z.array(z.string()).min(1).optional(),
  state: z.enum(['open', 'closed']),
});
export type PulseRound = z.infer<typeof PulseRound>;
export type NewRound = Omit<z.input<typeof PulseRound>, 'id' | 'state'>;

export const PulseResults = z.object({
  roundId: z.string(),
  respondents: z.number().int(),
  /** questionId → score → count. No user, no time. */
  counts: z.record(z.string(), z.record(z.string(), z.number().int())),
  comments: z.array(z.string()),
  /** There were comments, withheld because fewer answered than the comment threshold: all the lead learns of them. */
  commentsWithheld: z.boolean().optional(),
  /**
   * The close found more answers than people who answered (entries copied in the store): nothing of
   * the round is kept, and the leads are told it could not be summarised.
   */
  unsummarised: z.boolean().optional(),
});
export type PulseResults = z.infer<typeof PulseResults>;

/** A team's weekly pulse, as its lead set it up. */
export const PulseSchedule = z.object({
  /** ISO weekday: 1 Monday … 7 Sunday. */
  day: z.number().int().min(1).max(7).default(5),
  /** Local time in the team's time zone, HH:MM. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('13:00'),
  questionIds: z.array(z.string()).min(3).max(6),
  k: z.number().int().min(3).default(5),
  /** Respondents needed before comments are shown; absent: max(k, 5). Never below k. */
  commentK: z.number().int().min(3).optional(),
  openHours: z.number().int().min(1).max(168).default(72),
  paused: z.boolean().default(false),
});
export type PulseSchedule = z.infer<typeof PulseSchedule>;

/**
 * A team as Kompis knows it: its channel (where celebrations, kudos and the digest go; its human
 * members get the pulse), its leads, time zone and language.
 */
export const TeamRecord = z.object({
  /** `<platform>:<the platform's id of its channel>`. */
  id: z.string().min(1),
  /** The chat platform the team lives on, as its channel names itself (`Chat.platform`). */
  platform: z.string().min(1),
  /** Where to post in the platform: its id of the team's channel or conversation. */
  channel: z.string().min(1),
  name: z.string().optional(),
  tz: z.string().default('Europe/Oslo'),
  lang: Lang,
  leads: z.array(z.string()).default([]),
  pulse: PulseSchedule.optional(),
  updatedAt: z.string(),
});
export type TeamRecord = z.infer<typeof TeamRecord>;

/** One message to send, kept until it is sent, so a crash mid-round resumes without a second DM. */
export const OutboxItem = z.object({
  id: z.string(),
  to: z.string(),
  /** `sending` was started and not confirmed: after a crash it may or may not have arrived. */
  state: z.enum(['pending', 'sending', 'sent']),
  /** Times the platform did not take it. */
  tries: z.number().int().nonnegative().default(0),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

/** An outbox item with its batch, as an export holds it. */
export const QueuedMessage = OutboxItem.extend({ batch: z.string() });
export type QueuedMessage = z.infer<typeof QueuedMessage>;

export const ConversationRef = z.object({ key: z.string(), ref: z.unknown(), savedAt: z.string() });
export type ConversationRef = z.infer<typeof ConversationRef>;

/** Everything a store holds, for `kompis export` / `kompis import`. */
export const Snapshot = z.object({
  format: z.literal('kompis-store'),
  version: z.literal(1),
  unanswered: z.array(UnansweredQuestion),
  feedback: z.array(Feedback),
  goals: z.array(Goal),
  progress: z.array(ProgressEvent),
  kudos: z.array(Kudos),
  rounds: z.array(PulseRound),
  results: z.array(PulseResults.extend({ commentWeeks: z.array(z.string()).optional() })),
  /**
   * What OPEN rounds hold, so they go on after a move: the key, the answered hashes (double answers
   * stay refused) and the sealed answers, counted at close. Closed rounds have none.
   */
  roundSecrets: z.array(z.object({ roundId: z.string(), key: z.string(), answered: z.array(z.string()), sealed: z.array(z.string()).default([]) })),
  conversations: z.array(ConversationRef),
  userTeams: z.array(z.object({ user: z.string(), team: z.string() })),
  teams: z.array(TeamRecord).default([]),
  /**
   * Who the weeks' rounds asked, as the store keeps it (keyed hashes, see `PulseStore.askOnce`),
   * until each mark is forgotten: a round that goes on after a move asks and hears only whom it asked.
   */
  asked: z.array(z.object({ week: z.string(), hash: z.string(), team: z.string(), expiresAt: z.number().int() })).default([]),
  /**
   * The outbox, sent items included (see `exportedOutbox`): the store imported into sends what was
   * queued and not sent, and nothing that was. An export from before it was kept has none, and
   * imports with nothing queued.
   */
  outbox: z.array(QueuedMessage).default([]),
});
export type Snapshot = z.infer<typeof Snapshot>;
