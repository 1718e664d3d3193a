import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KompisError } from '../../core/errors';
import { silentLogger, type Logger } from '../../core/ports';
import { GOAL_KEY_SECONDS, type ChannelBookkeeping, type CurationStore, type FinalResults, type GoalStore, type Holdings, type Locks, type Outbox, type ProgressInput, type PulseStore, type RecordAnswerOutcome, type Store, type TeamStore, type ToQueue } from '../../core/storage/ports';
import { Feedback, Goal, Kudos, OutboxItem, PassageIds, ProgressEvent, PulseRound, QueuedMessage, Snapshot, TeamRecord, UnansweredQuestion, feedbackId, type NewGoal } from '../../core/storage/records';
import { applyProgress } from '../../core/goals/progress';
import { weekOrder } from '../../core/pulse/iso-week';
import { exportedOutbox } from '../../core/storage/outbox-export';
import { roundsClosedHere } from '../../core/storage/rounds-closed-once';
import { MIGRATIONS } from './migrations';

type Row = Record<string, unknown>;
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/** Thrown inside a transaction to undo it: one of the entries to batch is no longer there. */
class NotAllThere extends Error {}

/**
 * SQLite's codes for a database it cannot use now: locked by another process past the busy timeout,
 * or by a statement still running on this connection; out of memory; failing underneath; full,
 * read-only or gone. Each can pass, so a later try can succeed. Not a broken constraint or a wrong statement.
 */
const UNUSABLE = /^SQLITE_(BUSY|LOCKED|NOMEM|IOERR|FULL|READONLY|CANTOPEN)(_|$)/;

/**
 * SQLite's codes for a database file found damaged while Kompis runs: waiting does not mend it, a
 * backup does. The user is still told the store is down, as for the codes above (asking again later
 * loses them nothing), and the admin is told, at error level, which file to restore.
 */
const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)(_|$)/;

/**
 * Opens (creating and migrating) the embedded store: one SQLite file under dataDir, in WAL mode.
 * The logger hears of a database file found damaged while in use.
 */
export function openSqliteStore(dataDir: string, logger: Logger = silentLogger, file = 'kompis.db'): SqliteStore {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (err) {
    throw new KompisError('store_unwritable', `Kompis cannot write to DATA_DIR (${dataDir}): ${(err as Error).message}. Point DATA_DIR at a writable folder or fix its permissions.`);
  }
  const full = path.join(dataDir, file);
  let db: Database.Database;
  try {
    db = new Database(full);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // deleted rows (a closed round's key and answered set, discarded answers) are overwritten, not left in free pages
    db.pragma('secure_delete = ON');
    migrate(db);
  } catch (err) {
    if (err instanceof KompisError) throw err;
    throw new KompisError('store_corrupt', `The database ${full} cannot be opened (${(err as Error).message}). Restore it from a backup (kompis import) or move it away to start empty.`);
  }
  return new SqliteStore(db, logger);
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) throw new KompisError('store_too_new', `The database was written by a newer Kompis (schema ${version}); upgrade Kompis.`);
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  constructor(
    readonly db: Database.Database,
    private readonly logger: Logger = silentLogger,
  ) {}

  /** A database Kompis cannot use fails as an unreachable Redis does: store_unavailable, which callers tell the user. */
  private unusable(err: unknown): never {
    // by its code, not instanceof: the native addon keeps one error class per process, that of the copy of the module loaded last
    const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && DAMAGED.test(code)) {
      // the file and the code alone, not SQLite's words on the damage: no row of the store reaches a log
      this.logger.error({ store: 'sqlite', db: this.db.name, code }, `the database file ${this.db.name} is damaged (${code}): stop Kompis, move the file away, and load a backup into a new one (kompis import), or start empty`);
      throw new KompisError('store_unavailable', `The database ${this.db.name} is damaged (${code})`);
    }
    if (typeof code === 'string' && UNUSABLE.test(code)) throw new KompisError('store_unavailable', `SQLite cannot be used now (${code}): ${String(message)}`);
    throw err;
  }

  /** The port with every method's failures passed through `unusable`. */
  private guarded<T extends object>(port: T): T {
    return Object.fromEntries(
      Object.entries(port).map(([name, method]) => [name, typeof method === 'function' ? (...args: unknown[]) => (method as (...a: unknown[]) => Promise<unknown>)(...args).catch((err: unknown) => this.unusable(err)) : method]),
    ) as T;
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** The statement for `source`, compiled once: a pulse round's sends and answers run the same few thousands of times. */
  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }

  curation: CurationStore = this.guarded({
    addUnanswered: async (q, key) => {
      const rec = UnansweredQuestion.parse({ ...q, id: key ?? randomUUID() });
      const added = this.db.prepare('INSERT OR IGNORE INTO unanswered (id, question, lang, asked_at, channel, why) VALUES (?, ?, ?, ?, ?, ?)').run(rec.id, rec.question, rec.lang, rec.askedAt, rec.channel ?? null, rec.why ?? null);
      return added.changes === 1 ? rec : unansweredFromRow(this.db.prepare('SELECT * FROM unanswered WHERE id = ?').get(rec.id) as Row);
    },
    listOpenUnanswered: async (limit = 50) =>
      (this.db.prepare('SELECT * FROM unanswered WHERE closed_at IS NULL ORDER BY asked_at LIMIT ?').all(limit) as Row[]).map(unansweredFromRow),
    latestUnanswered: async (limit) =>
      this.db.transaction(() => ({
        items: (this.db.prepare('SELECT * FROM unanswered WHERE closed_at IS NULL ORDER BY asked_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map(unansweredFromRow),
        total: (this.db.prepare('SELECT COUNT(*) AS n FROM unanswered WHERE closed_at IS NULL').get() as { n: number }).n,
      }))(),
    closeUnanswered: async (id, closedBy, at) => this.db.prepare('UPDATE unanswered SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL').run(at, closedBy, id).changes === 1,
    recordFeedback: async (f, voter) => {
      const rec = Feedback.parse({ ...f, id: voter ? feedbackId(f.answerId, voter) : randomUUID() });
      this.db.prepare('INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?)').run(rec.id, rec.answerId, rec.vote, rec.reason ?? null, JSON.stringify(rec.passageIds), rec.lang, rec.at);
      return rec;
    },
    rememberCited: async (answerId, passageIds, ttlSeconds) => {
      const now = Date.now();
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM answer_citations WHERE expires_at <= ?').run(now);
        this.db.prepare('INSERT OR REPLACE INTO answer_citations VALUES (?, ?, ?)').run(answerId, JSON.stringify(passageIds), now + ttlSeconds * 1000);
      })();
    },
    citedBy: async (answerId) => {
      const row = this.db.prepare('SELECT passage_ids FROM answer_citations WHERE answer_id = ? AND expires_at > ?').get(answerId, Date.now()) as { passage_ids: string } | undefined;
      return row ? PassageIds.parse(JSON.parse(row.passage_ids)) : undefined;
    },
  });

  channels: ChannelBookkeeping = this.guarded({
    markEventSeen: async (id, ttlSeconds) => {
      const now = Date.now();
      return this.db.transaction(() => {
        // every expired mark goes, not only this one: the table holds what is still live
        this.db.prepare('DELETE FROM seen_events WHERE expires_at <= ?').run(now);
        return this.db.prepare('INSERT OR IGNORE INTO seen_events (id, expires_at) VALUES (?, ?)').run(id, now + ttlSeconds * 1000).changes === 1;
      }).immediate();
    },
    forgetEvent: async (id) => {
      this.db.prepare('DELETE FROM seen_events WHERE id = ?').run(id);
    },
    // an active mark is an expiring row beside the seen events, under a prefix of its own
    markActive: async (key, ttlSeconds) => {
      this.db.prepare('INSERT OR REPLACE INTO seen_events (id, expires_at) VALUES (?, ?)').run(`active:${key}`, Date.now() + ttlSeconds * 1000);
    },
    isActive: async (key) => this.db.prepare('SELECT 1 FROM seen_events WHERE id = ? AND expires_at > ?').get(`active:${key}`, Date.now()) !== undefined,
    // the table's name is older than its use: it keeps every short text with an expiry, not only questions
    keepText: async (key, text, ttlSeconds) => {
      const now = Date.now();
      this.db.transaction(() => {
        // every expired text goes, not only this key's: the table holds what is still live
        this.db.prepare('DELETE FROM last_questions WHERE expires_at <= ?').run(now);
        this.db.prepare('INSERT OR REPLACE INTO last_questions VALUES (?, ?, ?)').run(key, text, now + ttlSeconds * 1000);
      })();
    },
    keptText: async (key) => {
      const row = this.db.prepare('SELECT question FROM last_questions WHERE key = ? AND expires_at > ?').get(key, Date.now()) as { question: string } | undefined;
      return row?.question;
    },
    saveConversation: async (key, ref, at) => {
      this.db.prepare('INSERT INTO conversations VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET ref = excluded.ref, saved_at = excluded.saved_at').run(key, JSON.stringify(ref), at);
    },
    getConversation: async (key) => {
      const row = this.db.prepare('SELECT ref FROM conversations WHERE key = ?').get(key) as Row | undefined;
      return row ? (JSON.parse(String(row.ref)) as unknown) : undefined;
    },
    setUserTeam: async (user, team) => {
      this.db.prepare('INSERT INTO user_teams VALUES (?, ?) ON CONFLICT (user) DO UPDATE SET team = excluded.team').run(user, team);
    },
    teamOfUser: async (user) => opt((this.db.prepare('SELECT team FROM user_teams WHERE user = ?').get(user) as Row | undefined)?.team as string | undefined),
  });

  locks: Locks = this.guarded({
    acquire: async (name, owner, ttlMs) => {
      const now = Date.now();
      return this.db.transaction(() => {
        const row = this.db.prepare('SELECT owner, expires_at FROM locks WHERE name = ?').get(name) as Row | undefined;
        if (row && (row.expires_at as number) > now && row.owner !== owner) return false;
        this.db.prepare('INSERT INTO locks VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at').run(name, owner, now + ttlMs);
        return true;
      }).immediate();
    },
    release: async (name, owner) => this.db.prepare('DELETE FROM locks WHERE name = ? AND owner = ?').run(name, owner).changes === 1,
  });

  goals: GoalStore = this.guarded({
    createGoal: async (g: NewGoal, at, once) => {
      const goal = Goal.parse({ ...g, id: randomUUID(), current: g.start, createdAt: at });
      const key = once?.idempotencyKey;
      const now = Date.now();
      return this.db.transaction(() => {
        if (key) {
          this.sql('DELETE FROM goal_keys WHERE expires_at <= ?').run(now);
          const made = this.sql('SELECT goal_id FROM goal_keys WHERE team = ? AND key = ?').pluck().get(goal.team, key) as string | undefined;
          if (made) {
            const row = this.sql('SELECT * FROM goals WHERE id = ?').get(made) as Row | undefined;
            if (!row) throw new Error(`the goal key ${key} of ${goal.team} names the goal ${made}, which does not exist`);
            return goalFromRow(row);
          }
          this.sql('INSERT INTO goal_keys VALUES (?, ?, ?, ?)').run(goal.team, key, goal.id, now + GOAL_KEY_SECONDS * 1000);
        }
        this.sql('INSERT INTO goals (id, team, data, current, reached_at, created_ms) VALUES (?, ?, ?, ?, NULL, ?)').run(goal.id, goal.team, JSON.stringify(goal), goal.current, Date.parse(goal.createdAt));
        if (once?.card) this.queue(once.card(goal.id));
        return goal;
      }).immediate();
    },
    getGoal: async (id) => {
      const row = this.db.prepare('SELECT * FROM goals WHERE id = ?').get(id) as Row | undefined;
      return row ? goalFromRow(row) : undefined;
    },
    // numbered as in Redis, whose sorted set orders by the same score, then by id
    listGoals: async (team) => (this.db.prepare('SELECT * FROM goals WHERE team = ? ORDER BY created_ms, id').all(team) as Row[]).map(goalFromRow),
    addProgress: async (goalId, input: ProgressInput, meta, celebration) =>
      this.db.transaction(() => {
        const row = this.db.prepare('SELECT * FROM goals WHERE id = ?').get(goalId) as Row | undefined;
        if (!row) return undefined;
        const goal = goalFromRow(row);
        if (meta.idempotencyKey && this.db.prepare('SELECT 1 FROM progress WHERE goal_id = ? AND idempotency_key = ?').get(goalId, meta.idempotencyKey)) {
          return { goal, applied: false, reachedNow: false };
        }
        const next = applyProgress(goal, input, meta.at);
        if (!next) return { goal, applied: false, reachedNow: false, refused: 'out_of_range' as const };
        this.db.prepare('INSERT INTO progress (goal_id, value, delta, source, actor, idempotency_key, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(goalId, next.goal.current, next.goal.current - goal.current, meta.source, meta.actor ?? null, meta.idempotencyKey ?? null, meta.at);
        this.db.prepare('UPDATE goals SET current = ?, reached_at = ? WHERE id = ?').run(next.goal.current, next.goal.reachedAt ?? null, goalId);
        if (next.reachedNow && celebration) this.queue(celebration);
        return { goal: next.goal, applied: true, reachedNow: next.reachedNow };
      }).immediate(),
    listProgress: async (goalId) => (this.db.prepare('SELECT * FROM progress WHERE goal_id = ? ORDER BY seq').all(goalId) as Row[]).map(progressFromRow),
    addKudos: async (k) => {
      const rec = Kudos.parse({ ...k, id: randomUUID() });
      this.db.prepare('INSERT INTO kudos VALUES (?, ?, ?, ?, ?, ?, ?)').run(rec.id, rec.team, rec.from, rec.to, rec.text, rec.goalId ?? null, rec.at);
      return rec;
    },
    listKudos: async (team, from, to) =>
      (this.db.prepare('SELECT * FROM kudos WHERE team = ? AND at >= ? AND at < ? ORDER BY at').all(team, from, to) as Row[]).map(kudosFromRow),
  });

  pulse: PulseStore = this.guarded({
    openRound: async (r, key, checkins) =>
      this.db.transaction(() => {
        const existing = this.sql('SELECT * FROM rounds WHERE team = ? AND week = ?').get(r.team, r.week) as Row | undefined;
        if (existing) return roundFromRow(existing);
        const round = PulseRound.parse({ ...r, id: randomUUID(), state: 'open' });
        this.insertRound(round);
        this.sql('INSERT INTO round_keys VALUES (?, ?)').run(round.id, key ?? randomBytes(32));
        if (checkins) this.queue(checkins(round.id));
        return round;
      }).immediate(),
    getRound: async (id) => {
      const row = this.sql('SELECT * FROM rounds WHERE id = ?').get(id) as Row | undefined;
      return row ? roundFromRow(row) : undefined;
    },
    listRounds: async (team, limit) => (this.sql('SELECT * FROM rounds WHERE team = ? ORDER BY week DESC LIMIT ?').all(team, limit) as Row[]).map(roundFromRow),
    askOnce: async (week, team, hashes, ttlSeconds) => {
      const now = Date.now();
      return this.db.transaction(() => {
        this.sql('DELETE FROM pulse_asked WHERE expires_at <= ?').run(now);
        const mark = this.sql('INSERT OR IGNORE INTO pulse_asked (week, hash, team, expires_at) VALUES (?, ?, ?, ?)');
        const by = this.sql('SELECT team FROM pulse_asked WHERE week = ? AND hash = ?').pluck();
        return hashes.filter((hash) => mark.run(week, hash, team, now + ttlSeconds * 1000).changes === 1 || by.get(week, hash) === team);
      })();
    },
    askedBy: async (week, hash) => this.sql('SELECT team FROM pulse_asked WHERE week = ? AND hash = ? AND expires_at > ?').pluck().get(week, hash, Date.now()) as string | undefined,
    teamAsked: async (week, team) => this.sql('SELECT 1 FROM pulse_asked WHERE week = ? AND team = ? AND expires_at > ? LIMIT 1').get(week, team, Date.now()) !== undefined,
    hasAnswered: async (roundId, hash) => this.sql('SELECT 1 FROM round_answered WHERE round_id = ? AND hash = ?').get(roundId, hash) !== undefined,
    roundKey: async (id) => opt((this.sql('SELECT key FROM round_keys WHERE round_id = ?').get(id) as Row | undefined)?.key as Buffer | undefined),
    recordAnswer: async (roundId, hash, sealed) =>
      this.db.transaction((): RecordAnswerOutcome => {
        const round = this.sql('SELECT state FROM rounds WHERE id = ?').get(roundId) as Row | undefined;
        if (!round) return 'unknown_round';
        if (round.state !== 'open') return 'closed';
        if (this.sql('INSERT OR IGNORE INTO round_answered VALUES (?, ?)').run(roundId, hash).changes === 0) return 'duplicate';
        this.sql('INSERT INTO round_sealed (round_id, entry) VALUES (?, ?)').run(roundId, sealed);
        this.sql('UPDATE rounds SET sealed_version = sealed_version + 1 WHERE id = ?').run(roundId);
        return 'recorded';
      }).immediate(),
    closeAt: async (roundId, closesAt) => this.sql("UPDATE rounds SET closes_at = ? WHERE id = ? AND state = 'open'").run(closesAt, roundId).changes === 1,
    sealedAnswers: async (roundId) =>
      this.db.transaction(() => ({
        version: (this.sql('SELECT sealed_version FROM rounds WHERE id = ?').get(roundId) as Row | undefined)?.sealed_version as number | undefined ?? 0,
        // the one column of thousands of rows as it is, without a row object each
        entries: (this.sql('SELECT entry FROM round_sealed WHERE round_id = ?').pluck().all(roundId) as unknown[]).map(String),
        answered: (this.sql('SELECT COUNT(*) AS n FROM round_answered WHERE round_id = ?').get(roundId) as { n: number }).n,
      }))(),
    looseAnswers: async (roundId) => (this.sql('SELECT entry FROM round_sealed WHERE round_id = ? AND batched = 0').pluck().all(roundId) as unknown[]).map(String),
    batchAnswers: async (roundId, loose, batch) => {
      const done = this.db.transaction((): boolean => {
        const round = this.sql('SELECT state FROM rounds WHERE id = ?').get(roundId) as Row | undefined;
        if (round?.state !== 'open') return false;
        const removed = this.sql('DELETE FROM round_sealed WHERE round_id = ? AND batched = 0 AND entry IN (SELECT value FROM json_each(?))').run(roundId, JSON.stringify(loose)).changes;
        if (removed !== loose.length) throw new NotAllThere();
        this.sql('INSERT INTO round_sealed (round_id, entry, batched) VALUES (?, ?, 1)').run(roundId, batch);
        this.sql('UPDATE rounds SET sealed_version = sealed_version + 1 WHERE id = ?').run(roundId);
        return true;
      });
      try {
        return done.immediate();
      } catch (err) {
        if (err instanceof NotAllThere) return false;
        throw err;
      }
    },
    closeRound: async (roundId, results, read) => {
      const closed = this.db.transaction((): boolean => {
        const round = this.sql('SELECT state, sealed_version FROM rounds WHERE id = ?').get(roundId) as Row | undefined;
        if (round?.state !== 'open') return true;
        if (round.sealed_version !== read.version) return false;
        if ((this.sql('SELECT COUNT(*) AS n FROM round_sealed WHERE round_id = ?').get(roundId) as { n: number }).n !== read.entries.length) return false;
        this.sql("UPDATE rounds SET state = 'closed', respondents = ?, comments_withheld = ?, unsummarised = ?, sealed_version = 0 WHERE id = ?").run(results.respondents, results.commentsWithheld ? 1 : 0, results.unsummarised ? 1 : 0, roundId);
        this.writeResults(roundId, results);
        for (const table of ['round_keys', 'round_answered', 'round_sealed']) this.sql(`DELETE FROM ${table} WHERE round_id = ?`).run(roundId);
        return true;
      }).immediate();
      if (closed) this.forget();
      return closed;
    },
    results: async (roundId) => {
      const round = this.sql('SELECT respondents, comments_withheld, unsummarised FROM rounds WHERE id = ?').get(roundId) as Row | undefined;
      if (!round) return undefined;
      const counts: Record<string, Record<string, number>> = {};
      for (const r of this.sql('SELECT question_id, score, n FROM round_counts WHERE round_id = ?').all(roundId) as Row[]) {
        (counts[String(r.question_id)] ??= {})[String(r.score)] = r.n as number;
      }
      const comments = (this.sql('SELECT text FROM round_comments WHERE round_id = ?').all(roundId) as Row[]).map((r) => String(r.text));
      return { roundId, respondents: round.respondents as number, counts, comments, ...(round.comments_withheld ? { commentsWithheld: true } : {}), ...(round.unsummarised ? { unsummarised: true } : {}) };
    },
    deleteCommentsBefore: async (week) => {
      const before = weekOrder(week);
      if (before === undefined) throw new KompisError('bad_week', `not an ISO week: ${week}`);
      // weeks compared as year and week numbers: as text, '2026-W49' < '493-W37'
      const order = "CAST(substr(week, 1, instr(week, '-W') - 1) AS INTEGER) * 100 + CAST(substr(week, instr(week, '-W') + 2) AS INTEGER)";
      const deleted = this.sql(`DELETE FROM round_comments WHERE round_id IN (SELECT id FROM rounds WHERE ${order} < ?)`).run(before).changes;
      if (deleted > 0) this.forget();
      return deleted;
    },
  });

  teams: TeamStore = this.guarded({
    saveTeam: async (team) => {
      const rec = TeamRecord.parse(team);
      this.db.prepare('INSERT INTO teams VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data').run(rec.id, JSON.stringify(rec));
    },
    getTeam: async (id) => {
      const row = this.db.prepare('SELECT data FROM teams WHERE id = ?').get(id) as Row | undefined;
      return row ? TeamRecord.parse(JSON.parse(String(row.data))) : undefined;
    },
    listTeams: async () => (this.db.prepare('SELECT data FROM teams ORDER BY id').all() as Row[]).map((r) => TeamRecord.parse(JSON.parse(String(r.data)))),
  });

  outbox: Outbox = this.guarded({
    enqueue: async (batch, items) => this.db.transaction(() => this.queue({ batch, items })).immediate(),
    unsent: async (batch, limit) =>
      (this.sql("SELECT id, recipient, state, tries FROM outbox WHERE batch = ? AND state != 'sent' ORDER BY tries, id LIMIT ?").all(batch, limit) as Row[]).map((r) =>
        OutboxItem.parse({ id: r.id, to: r.recipient, state: r.state, tries: r.tries }),
      ),
    mark: async (batch, id, state) => {
      this.sql('UPDATE outbox SET state = ? WHERE batch = ? AND id = ?').run(state, batch, id);
    },
    retryLater: async (batch, id) => {
      const row = this.sql("UPDATE outbox SET state = 'pending', tries = tries + 1 WHERE batch = ? AND id = ? RETURNING tries").get(batch, id) as Row | undefined;
      return Number(row?.tries ?? 0);
    },
    counts: async (batch) => {
      const counts = { pending: 0, sending: 0, sent: 0 };
      for (const r of this.sql('SELECT state, COUNT(*) AS n FROM outbox WHERE batch = ? GROUP BY state').all(batch) as Row[]) counts[r.state as keyof typeof counts] = r.n as number;
      return counts;
    },
    drop: async (batch) => {
      this.sql('DELETE FROM outbox WHERE batch = ?').run(batch);
    },
  });

  /** Adds the items whose ids are new to the batch, as pending; returns how many were new. Run inside the caller's transaction. */
  private queue({ batch, items }: ToQueue): number {
    const add = this.sql("INSERT OR IGNORE INTO outbox (batch, id, recipient, state) VALUES (?, ?, ?, 'pending')");
    let added = 0;
    for (const item of items) added += add.run(batch, item.id, item.to).changes;
    return added;
  }

  /**
   * Makes deleted rows unreadable in every file: secure_delete zeroes them in the database file, and
   * this copies the WAL into it and truncates the WAL, whose frames still held the rows as they were.
   */
  private forget(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Replaces a round's counts and comments with the given ones. */
  private writeResults(roundId: string, results: FinalResults): void {
    this.db.prepare('DELETE FROM round_counts WHERE round_id = ?').run(roundId);
    this.db.prepare('DELETE FROM round_comments WHERE round_id = ?').run(roundId);
    const count = this.db.prepare('INSERT INTO round_counts VALUES (?, ?, ?, ?)');
    for (const [q, byScore] of Object.entries(results.counts)) for (const [score, n] of Object.entries(byScore)) count.run(roundId, q, score, n);
    const comment = this.db.prepare('INSERT INTO round_comments VALUES (?, ?)');
    for (const c of results.comments) comment.run(roundId, c);
  }

  private insertRound(round: PulseRound, replace = false): void {
    this.db
      .prepare(`INSERT ${replace ? 'OR REPLACE ' : ''}INTO rounds (id, team, week, question_ids, opens_at, closes_at, remind_at, k, invited, comment_k, sealed, lead_hashes, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(round.id, round.team, round.week, JSON.stringify(round.questionIds), round.opensAt, round.closesAt, round.remindAt ?? null, round.k, round.invited ?? null, round.commentK ?? null, round.sealed ? 1 : 0, round.leadHashes ? JSON.stringify(round.leadHashes) : null, round.state);
  }

  async exportAll(): Promise<Snapshot> {
    return this.exportSnapshot().catch((err: unknown) => this.unusable(err));
  }

  private async exportSnapshot(): Promise<Snapshot> {
    const all = (sql: string) => this.db.prepare(sql).all() as Row[];
    const rounds = all('SELECT * FROM rounds').map(roundFromRow);
    const results = [];
    for (const r of rounds) results.push((await this.pulse.results(r.id))!);
    return Snapshot.parse({
      format: 'kompis-store',
      version: 1,
      unanswered: all('SELECT * FROM unanswered').map(unansweredFromRow),
      feedback: all('SELECT * FROM feedback').map((r) => Feedback.parse({ id: r.id, answerId: r.answer_id, vote: r.vote, reason: opt(r.reason), passageIds: JSON.parse(String(r.passage_ids)), lang: r.lang, at: r.at })),
      goals: all('SELECT * FROM goals ORDER BY created_ms, id').map(goalFromRow),
      progress: all('SELECT * FROM progress ORDER BY seq').map(progressFromRow),
      kudos: all('SELECT * FROM kudos').map(kudosFromRow),
      rounds,
      results,
      roundSecrets: all('SELECT round_id, key FROM round_keys').map((r) => ({
        roundId: r.round_id,
        key: (r.key as Buffer).toString('base64'),
        answered: (this.db.prepare('SELECT hash FROM round_answered WHERE round_id = ?').all(r.round_id) as Row[]).map((a) => String(a.hash)),
        sealed: (this.db.prepare('SELECT entry FROM round_sealed WHERE round_id = ?').all(r.round_id) as Row[]).map((a) => String(a.entry)),
      })),
      conversations: all('SELECT * FROM conversations').map((r) => ({ key: r.key, ref: JSON.parse(String(r.ref)), savedAt: r.saved_at })),
      userTeams: all('SELECT * FROM user_teams').map((r) => ({ user: r.user, team: r.team })),
      teams: await this.teams.listTeams(),
      asked: (this.db.prepare('SELECT week, hash, team, expires_at FROM pulse_asked WHERE expires_at > ?').all(Date.now()) as Row[]).map((r) => ({ week: r.week, hash: r.hash, team: r.team, expiresAt: r.expires_at })),
      outbox: exportedOutbox(all('SELECT batch, id, recipient, state, tries FROM outbox').map((r) => QueuedMessage.parse({ batch: r.batch, id: r.id, to: r.recipient, state: r.state, tries: r.tries }))),
    });
  }

  async holdings(): Promise<Holdings> {
    try {
      const count = (table: string) => (this.sql(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      return { unanswered: count('unanswered'), feedback: count('feedback'), goals: count('goals'), kudos: count('kudos'), rounds: count('rounds'), conversations: count('conversations'), userTeams: count('user_teams'), teams: count('teams') };
    } catch (err) {
      return this.unusable(err);
    }
  }

  async importAll(s: Snapshot): Promise<void> {
    return this.importSnapshot(s).catch((err: unknown) => this.unusable(err));
  }

  private async importSnapshot(s: Snapshot): Promise<void> {
    const run = (sql: string, ...args: unknown[]) => this.db.prepare(sql).run(...args);
    // an open round's version only ever moves on, so a close counted before the import cannot pass
    const versions = new Map((this.db.prepare('SELECT id, sealed_version FROM rounds').all() as Row[]).map((r) => [String(r.id), r.sealed_version as number]));
    this.db.transaction(() => {
      const held = (r: { id: string; team?: string; week?: string }) =>
        (this.db.prepare('SELECT id, team, week, state FROM rounds WHERE id = ? OR (team = ? AND week = ?)').all(r.id, r.team ?? null, r.week ?? null) as Row[]).map((h) => ({ id: String(h.id), team: String(h.team), week: String(h.week), state: h.state === 'open' ? ('open' as const) : ('closed' as const) }));
      // a round closed here stays as it closed; one the backup would bring back open refuses the whole import
      const closedHere = roundsClosedHere(s, held, `The SQLite store in ${path.dirname(this.db.name)}`);
      for (const q of s.unanswered) run('INSERT OR REPLACE INTO unanswered (id, question, lang, asked_at, channel, closed_at, closed_by, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', q.id, q.question, q.lang, q.askedAt, q.channel ?? null, q.closedAt ?? null, q.closedBy ?? null, q.why ?? null);
      for (const f of s.feedback) run('INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?)', f.id, f.answerId, f.vote, f.reason ?? null, JSON.stringify(f.passageIds), f.lang, f.at);
      for (const g of s.goals) run('INSERT OR REPLACE INTO goals (id, team, data, current, reached_at, created_ms) VALUES (?, ?, ?, ?, ?, ?)', g.id, g.team, JSON.stringify(g), g.current, g.reachedAt ?? null, Date.parse(g.createdAt));
      // a goal comes back with its history as the backup has it: importing the same file again changes nothing
      for (const goalId of new Set([...s.goals.map((g) => g.id), ...s.progress.map((p) => p.goalId)])) run('DELETE FROM progress WHERE goal_id = ?', goalId);
      for (const p of s.progress) run('INSERT OR IGNORE INTO progress (goal_id, value, delta, source, actor, idempotency_key, at) VALUES (?, ?, ?, ?, ?, ?, ?)', p.goalId, p.value, p.delta, p.source, p.actor ?? null, p.idempotencyKey ?? null, p.at);
      for (const k of s.kudos) run('INSERT OR REPLACE INTO kudos VALUES (?, ?, ?, ?, ?, ?, ?)', k.id, k.team, k.from, k.to, k.text, k.goalId ?? null, k.at);
      for (const r of s.rounds.filter((r) => !closedHere.has(r.id))) {
        this.insertRound(r, true);
        // a round the backup holds closed keeps no key, answered hash or sealed answer here either
        if (r.state === 'closed') for (const table of ['round_keys', 'round_answered', 'round_sealed']) run(`DELETE FROM ${table} WHERE round_id = ?`, r.id);
      }
      for (const res of s.results.filter((res) => !closedHere.has(res.roundId))) {
        run('UPDATE rounds SET respondents = ?, comments_withheld = ?, unsummarised = ? WHERE id = ?', res.respondents, res.commentsWithheld ? 1 : 0, res.unsummarised ? 1 : 0, res.roundId);
        this.writeResults(res.roundId, res);
      }
      for (const sec of s.roundSecrets) {
        run('INSERT OR REPLACE INTO round_keys VALUES (?, ?)', sec.roundId, Buffer.from(sec.key, 'base64'));
        for (const h of sec.answered) run('INSERT OR IGNORE INTO round_answered VALUES (?, ?)', sec.roundId, h);
        run('DELETE FROM round_sealed WHERE round_id = ?', sec.roundId);
        for (const e of sec.sealed) run('INSERT INTO round_sealed (round_id, entry) VALUES (?, ?)', sec.roundId, e);
        run('UPDATE rounds SET sealed_version = ? WHERE id = ?', (versions.get(sec.roundId) ?? 0) + sec.sealed.length + 1, sec.roundId);
      }
      for (const c of s.conversations) run('INSERT OR REPLACE INTO conversations VALUES (?, ?, ?)', c.key, JSON.stringify(c.ref), c.savedAt);
      for (const u of s.userTeams) run('INSERT OR REPLACE INTO user_teams VALUES (?, ?)', u.user, u.team);
      for (const t of s.teams) run('INSERT OR REPLACE INTO teams VALUES (?, ?)', t.id, JSON.stringify(t));
      // a person the store already has marked keeps the round that asked them first
      for (const a of s.asked) run('INSERT OR IGNORE INTO pulse_asked (week, hash, team, expires_at) VALUES (?, ?, ?, ?)', a.week, a.hash, a.team, a.expiresAt);
      // an item sent in the store or in the backup stays sent: nothing goes out twice
      const queue = this.db.prepare(
        "INSERT INTO outbox (batch, id, recipient, state, tries) VALUES (?, ?, ?, ?, ?) ON CONFLICT (batch, id) DO UPDATE SET recipient = excluded.recipient, state = CASE WHEN 'sent' IN (outbox.state, excluded.state) THEN 'sent' WHEN 'sending' IN (outbox.state, excluded.state) THEN 'sending' ELSE 'pending' END, tries = max(outbox.tries, excluded.tries)",
      );
      for (const item of s.outbox) queue.run(item.batch, item.id, item.to, item.state, item.tries);
    })();
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      this.db.prepare('SELECT 1').get();
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function unansweredFromRow(r: Row): UnansweredQuestion {
  return UnansweredQuestion.parse({ id: r.id, question: r.question, lang: r.lang, askedAt: r.asked_at, channel: opt(r.channel), closedAt: opt(r.closed_at), closedBy: opt(r.closed_by), why: opt(r.why) });
}
function goalFromRow(r: Row): Goal {
  return Goal.parse({ ...(JSON.parse(String(r.data)) as object), current: r.current, reachedAt: opt(r.reached_at) });
}
function kudosFromRow(r: Row): Kudos {
  return Kudos.parse({ id: r.id, team: r.team, from: r.from_user, to: r.to_user, text: r.text, goalId: opt(r.goal_id), at: r.at });
}
function roundFromRow(r: Row): PulseRound {
  return PulseRound.parse({ id: r.id, team: r.team, week: r.week, questionIds: JSON.parse(String(r.question_ids)), opensAt: r.opens_at, closesAt: r.closes_at, remindAt: opt(r.remind_at), k: r.k, invited: opt(r.invited), commentK: opt(r.comment_k), ...(r.sealed ? { sealed: true } : {}), ...(r.lead_hashes ? { leadHashes: JSON.parse(String(r.lead_hashes)) } : {}), state: r.state });
}
function progressFromRow(r: Row): ProgressEvent {
  return ProgressEvent.parse({ goalId: r.goal_id, value: r.value, delta: r.delta, source: r.source, actor: opt(r.actor), idempotencyKey: opt(r.idempotency_key), at: r.at });
}
