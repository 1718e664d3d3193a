import type { Feedback, Goal, Kudos, NewGoal, NewRound, OutboxItem, ProgressEvent, PulseResults, PulseRound, Snapshot, TeamRecord, UnansweredQuestion } from './records';

/**
 * What core needs from a store, shaped around the domain's operations. Every adapter (SQLite,
 * Redis) passes the same contract tests. A store that cannot be reached fails with a KompisError
 * whose code is 'store_unavailable', within a bounded time.
 */

export interface CurationStore {
  /**
   * Puts a question on the curators' list. With `key` (the asking message's identity) it becomes the
   * question's id, and adding it again keeps the first: a question delivered twice is listed once.
   */
  addUnanswered(q: Omit<UnansweredQuestion, 'id' | 'closedAt' | 'closedBy'>, key?: string): Promise<UnansweredQuestion>;
  /** Open questions, oldest first. */
  listOpenUnanswered(limit?: number): Promise<UnansweredQuestion[]>;
  /** The newest open questions first, at most `limit`, and how many are open in all. */
  latestUnanswered(limit: number): Promise<{ items: UnansweredQuestion[]; total: number }>;
  /** False when there is no such open question. */
  closeUnanswered(id: string, closedBy: string, at: string): Promise<boolean>;
  /**
   * Stores a 👍/👎. With `voter`, one record per answer and voter: a later vote (a 👎 followed by its
   * reason) replaces the earlier one. The voter itself is not stored, only a hash in the record's id.
   */
  recordFeedback(f: Omit<Feedback, 'id'>, voter?: string): Promise<Feedback>;
  /**
   * The passages an answer cited, kept for `ttlSeconds`, for a platform whose feedback names only
   * the answer message: the feedback is then stored with them.
   */
  rememberCited(answerId: string, passageIds: string[], ttlSeconds: number): Promise<void>;
  /** The passages remembered for an answer; undefined when none are (never kept, or expired). */
  citedBy(answerId: string): Promise<string[] | undefined>;
}

export interface ChannelBookkeeping {
  /** True only the first time an id is seen within its time to live, across every replica. */
  markEventSeen(id: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets a seen id, so a request whose effect failed runs again when it is repeated. */
  forgetEvent(id: string): Promise<void>;
  /** Marks `key` active for `ttlSeconds` (a thread Kompis answers in); marking it again renews it. */
  markActive(key: string, ttlSeconds: number): Promise<void>;
  /** Whether `key` was marked active and its time has not run out. */
  isActive(key: string): Promise<boolean>;
  /**
   * Keeps a short text under `key` for `ttlSeconds`, in place of the one before: a thread's last
   * question as it was read, where an answered question's answer was posted.
   */
  keepText(key: string, text: string, ttlSeconds: number): Promise<void>;
  /** The text kept under `key`, while its time has not run out. */
  keptText(key: string): Promise<string | undefined>;
  saveConversation(key: string, ref: unknown, at: string): Promise<void>;
  getConversation(key: string): Promise<unknown | undefined>;
  setUserTeam(user: string, team: string): Promise<void>;
  teamOfUser(user: string): Promise<string | undefined>;
}

export interface Locks {
  /** Takes the lock unless another owner holds it and it has not expired. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases it only if `owner` holds it. */
  release(name: string, owner: string): Promise<boolean>;
}

export type ProgressInput = { value: number } | { delta: number };

/**
 * Messages for the outbox, queued in the same atomic step as the write that makes them due (see
 * `Outbox.enqueue`): a store that saved the write, and whose answer was then lost, has queued them too.
 */
export interface ToQueue {
  batch: string;
  items: { id: string; to: string }[];
}

export interface ProgressOutcome {
  goal: Goal;
  /** False when the idempotency key was used before: nothing changed. */
  applied: boolean;
  /** True for exactly one update: the one that took the goal across its target first. */
  reachedNow: boolean;
  /** Set when the update was refused and nothing changed: its result would not be a number a goal may hold. */
  refused?: 'out_of_range';
}

/** How long a goal's idempotency key is kept: far longer than a form stays open to be sent again. */
export const GOAL_KEY_SECONDS = 7 * 24 * 3600;

/** What makes a goal's creation once-only, and what is queued with it. */
export interface GoalOnce {
  /**
   * A goal created under a key the team used in the last `GOAL_KEY_SECONDS` is not created again:
   * the call creates nothing and gives the goal that key made, however different what it was given.
   */
  idempotencyKey?: string;
  /** Given the new goal's id, its card, queued in the same step as the goal, and only when this call creates it. */
  card?: (goalId: string) => ToQueue;
}

export interface GoalStore {
  createGoal(goal: NewGoal, at: string, once?: GoalOnce): Promise<Goal>;
  getGoal(id: string): Promise<Goal | undefined>;
  /**
   * The team's goals by creation time, then id (as binary strings). A goal's number ("goal progress 2")
   * is its place here: the same in every store, and after an export and import.
   */
  listGoals(team: string): Promise<Goal[]>;
  /**
   * Applies progress atomically and marks the goal reached if this update is the one that reached it;
   * that update, and no other, queues `celebration` in the same step. An update whose result is not
   * finite or past GOAL_NUMBER_LIMIT is refused (`refused`), never stored.
   */
  addProgress(goalId: string, input: ProgressInput, meta: { source: string; actor?: string; idempotencyKey?: string; at: string }, celebration?: ToQueue): Promise<ProgressOutcome | undefined>;
  /** Every progress update of a goal, oldest first. */
  listProgress(goalId: string): Promise<ProgressEvent[]>;
  addKudos(k: Omit<Kudos, 'id'>): Promise<Kudos>;
  listKudos(team: string, fromIso: string, toIso: string): Promise<Kudos[]>;
}

export type RecordAnswerOutcome = 'recorded' | 'duplicate' | 'closed' | 'unknown_round';

/** A round's results as its close writes them: counted, below K emptied, comments scrubbed and shuffled. */
export type FinalResults = Omit<PulseResults, 'roundId'>;

/** A round's sealed entries as read, and the version of them that was read. */
export interface SealedSet {
  entries: string[];
  version: number;
  /** How many keyed hashes the round's answered set held at the same instant: no more can have answered. */
  answered: number;
}

export interface PulseStore {
  /**
   * Opens the team's round for the week, or returns the one already open: one round per team and
   * week. `key` is the round's key as core gives it (wrapped under the deployment's secret); without
   * one (a store tested alone) the store makes a random one. `checkins`, given the new round's id,
   * are queued in the same step as the round, and only when this call opens it: an open round always
   * has its check-ins, whatever becomes of the answer.
   */
  openRound(round: NewRound, key?: Buffer, checkins?: (roundId: string) => ToQueue): Promise<PulseRound>;
  getRound(id: string): Promise<PulseRound | undefined>;
  /** The team's rounds, newest week first. */
  listRounds(team: string, limit: number): Promise<PulseRound[]>;
  /** The round's key as it was given (wrapped), for keyed hashes of respondents and sealed answers; gone once the round is closed. */
  roundKey(roundId: string): Promise<Buffer | undefined>;
  /**
   * Records one person's answer once. `respondentHash` is a keyed hash of (round, user), kept only in
   * the round's answered set; `sealed` is the answer encrypted by core, opaque to the store, appended
   * to the round's sealed entries. Nothing is counted while the round is open.
   */
  recordAnswer(roundId: string, respondentHash: string, sealed: string): Promise<RecordAnswerOutcome>;
  /**
   * Marks people asked in an ISO week by `team`'s round, first come first served, in one step, and
   * returns those of `hashes` whose week is the team's: marked now, or by the team before (a round
   * opened again after a crash, its reminder). The others were asked by another team that week.
   * Each hash is keyed under the week's key, so it names nobody to whoever holds the store alone.
   * The marks of a week are forgotten `ttlSeconds` after they were made.
   */
  askOnce(week: string, team: string, hashes: readonly string[], ttlSeconds: number): Promise<string[]>;
  /** Of a week's marks (see `askOnce`): the team whose round asked this hash, if any. */
  askedBy(week: string, hash: string): Promise<string | undefined>;
  /** Whether `team` marked anyone that week (a round opened before marks were kept marked no one). */
  teamAsked(week: string, team: string): Promise<boolean>;
  /** Whether this keyed hash has answered: only for the one reminder, while the round is open. */
  hasAnswered(roundId: string, respondentHash: string): Promise<boolean>;
  /**
   * All the round's sealed entries (batches and loose ones), for counting at close, with the version
   * they were read at (it moves with every answer recorded and every batch made) and the size of the
   * answered set then.
   */
  sealedAnswers(roundId: string): Promise<SealedSet>;
  /** The round's loose entries: answers recorded since the last batch. */
  looseAnswers(roundId: string): Promise<string[]>;
  /**
   * In one atomic step, exactly these loose entries replaced by `batch`, one entry core sealed to
   * hold them all. False, and nothing changed, when the round is not open or one of them is gone.
   */
  batchAnswers(roundId: string, loose: readonly string[], batch: string): Promise<boolean>;
  /**
   * In one atomic step: the round closed, its results written as given, its key, answered set and
   * sealed entries destroyed. False, and nothing changed, when its sealed entries are no longer what
   * was `read` (the version moved, or the number of entries did: an answer or a batch came after
   * they were read, even from a Kompis that does not move the version): read and count again. A
   * round already closed is left as it is.
   */
  closeRound(roundId: string, results: FinalResults, read: SealedSet): Promise<boolean>;
  /** Brings an open round's closing time forward (a lead closes it now); false when it is not open. */
  closeAt(roundId: string, closesAt: string): Promise<boolean>;
  /** A round's results: for an open round, only what an older Kompis counted live (normally nothing). */
  results(roundId: string): Promise<PulseResults | undefined>;
  /** Deletes the comments of rounds whose week started before the given ISO week. */
  deleteCommentsBefore(week: string): Promise<number>;
}

export interface TeamStore {
  saveTeam(team: TeamRecord): Promise<void>;
  getTeam(id: string): Promise<TeamRecord | undefined>;
  listTeams(): Promise<TeamRecord[]>;
}

/**
 * Messages waiting to be sent, in batches (a round's check-ins, its reminders, its summaries).
 * A sender marks an item `sending` before the platform call and `sent` after it, so a restart
 * knows which items are certainly not sent and which are in doubt. An item the platform did not
 * take goes back behind the ones tried less often, so a few recipients it keeps refusing never hold
 * up the rest.
 */
export interface Outbox {
  /** Adds the items whose ids are new to the batch; existing ones keep their state. Returns how many were new. */
  enqueue(batch: string, items: { id: string; to: string }[]): Promise<number>;
  /** Items not yet sent, at most `limit`: the ones tried least often first, each in id order. */
  unsent(batch: string, limit: number): Promise<OutboxItem[]>;
  mark(batch: string, id: string, state: OutboxItem['state']): Promise<void>;
  /** An item the platform did not take is `pending` again with one try more; returns its tries. */
  retryLater(batch: string, id: string): Promise<number>;
  counts(batch: string): Promise<{ pending: number; sending: number; sent: number }>;
  /** Forgets the batch: who was sent what is not kept once a round is over. */
  drop(batch: string): Promise<void>;
}

export interface StoreHealth {
  ok: boolean;
  detail?: string;
  warning?: string;
}

/** Of each kind of record a person would name (not a goal's history, nor a round's counts or key), as many as `exportAll` lists. */
export type Holdings = Record<'unanswered' | 'feedback' | 'goals' | 'kudos' | 'rounds' | 'conversations' | 'userTeams' | 'teams', number>;

export interface Store {
  readonly kind: 'sqlite' | 'redis';
  curation: CurationStore;
  channels: ChannelBookkeeping;
  locks: Locks;
  goals: GoalStore;
  pulse: PulseStore;
  teams: TeamStore;
  outbox: Outbox;
  /** Everything; goals in the order listGoals numbers them. */
  exportAll(): Promise<Snapshot>;
  /** How many records of each kind the store holds, counted without reading them: all 0 for a store nothing was written to. */
  holdings(): Promise<Holdings>;
  importAll(snapshot: Snapshot): Promise<void>;
  /** Whether the store answers; `warning` when it answers but may lose what it acknowledged (Redis without an append-only file). */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
