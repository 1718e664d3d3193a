import { randomBytes, randomUUID } from 'node:crypto';
import Redis, { type ChainableCommander } from 'ioredis';
import { KompisError } from '../../core/errors';
import { GOAL_NUMBER_LIMIT } from '../../core/goals/progress';
import { weekOrder } from '../../core/pulse/iso-week';
import { redactUrl, redactUrls } from '../../core/redact';
import { GOAL_KEY_SECONDS, type ChannelBookkeeping, type CurationStore, type GoalStore, type Holdings, type Locks, type Outbox, type PulseStore, type RecordAnswerOutcome, type SealedSet, type Store, type StoreHealth, type TeamStore } from '../../core/storage/ports';
import { Feedback, Goal, Kudos, OutboxItem, PassageIds, ProgressEvent, PulseRound, QueuedMessage, Snapshot, TeamRecord, UnansweredQuestion, feedbackId, type NewGoal, type PulseResults } from '../../core/storage/records';
import { exportedOutbox } from '../../core/storage/outbox-export';
import { roundsClosedHere } from '../../core/storage/rounds-closed-once';
import { ACQUIRE_LOCK, ADD_PROGRESS, ASK_ONCE, BATCH_ANSWERS, CLOSE_AT, CLOSE_ROUND, CREATE_GOAL, ENQUEUE, IMPORT_ITEMS, MARK_ITEM, OPEN_ROUND, RECORD_ANSWER, RELEASE_LOCK } from './scripts';

type Scripted = Redis & {
  createGoal(...args: string[]): Promise<string>;
  addProgress(...args: string[]): Promise<[number, number, number] | null>;
  openRound(...args: string[]): Promise<string>;
  askOnce(...args: string[]): Promise<string[]>;
  recordAnswer(...args: string[]): Promise<RecordAnswerOutcome>;
  batchAnswers(...args: string[]): Promise<number>;
  closeRound(...args: string[]): Promise<number>;
  closeAt(round: string, closesAt: string): Promise<number>;
  acquireLock(key: string, owner: string, ttl: string): Promise<number>;
  releaseLock(key: string, owner: string): Promise<number>;
  enqueue(recipients: string, states: string, ...pairs: string[]): Promise<number>;
  markItem(states: string, tries: string, id: string, state: string): Promise<number>;
};

/** A transaction of a Scripted client: its scripts are queued in it as its commands are. */
type ScriptedTransaction = ChainableCommander & {
  importItems(recipients: string, states: string, tries: string, ...quads: string[]): ScriptedTransaction;
};

export interface RedisStoreOptions {
  url: string;
  prefix: string;
  /** Redis Sentinel: the sentinels' addresses and the primary's name; `url` then gives password, TLS and db. */
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
  /** Bound on every command, so a dead server gives an error, not a hang. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/** Connects and waits until Redis answers; a server that cannot be reached stops the start with a clear error. */
export async function openRedisStore(opts: RedisStoreOptions): Promise<RedisStore> {
  const retry = (times: number) => Math.min(times * 200, 2000);
  // Sentinels are asked once at start (each with the command time limit), as a plain server is tried
  // once, so unreachable ones stop the start in seconds: ioredis's default asks them again for ever.
  // Once a connection was made and lost (retryStrategy runs), they are asked without end, as a plain
  // server is retried: giving up then would leave the running Kompis without Redis for good.
  let lost = false;
  const sentinel = opts.sentinels?.length
    ? { sentinels: opts.sentinels, name: opts.sentinelName ?? 'mymaster', sentinelCommandTimeout: opts.commandTimeoutMs ?? 2000, sentinelRetryStrategy: (times: number) => (lost ? retry(times) : null) }
    : {};
  const client = new Redis(opts.url, {
    ...sentinel,
    commandTimeout: opts.commandTimeoutMs ?? 2000,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    maxRetriesPerRequest: 1,
    // commands fail at once while disconnected instead of queueing without bound; reconnection goes on
    enableOfflineQueue: false,
    retryStrategy: (times) => {
      lost = true;
      return retry(times);
    },
    lazyConnect: true,
  }) as Scripted;
  client.defineCommand('createGoal', { numberOfKeys: 6, lua: CREATE_GOAL });
  client.defineCommand('addProgress', { numberOfKeys: 5, lua: ADD_PROGRESS });
  client.defineCommand('openRound', { numberOfKeys: 8, lua: OPEN_ROUND });
  client.defineCommand('askOnce', { numberOfKeys: 2, lua: ASK_ONCE });
  client.defineCommand('recordAnswer', { numberOfKeys: 5, lua: RECORD_ANSWER });
  client.defineCommand('batchAnswers', { numberOfKeys: 5, lua: BATCH_ANSWERS });
  client.defineCommand('closeRound', { numberOfKeys: 11, lua: CLOSE_ROUND });
  client.defineCommand('closeAt', { numberOfKeys: 1, lua: CLOSE_AT });
  client.defineCommand('acquireLock', { numberOfKeys: 1, lua: ACQUIRE_LOCK });
  client.defineCommand('releaseLock', { numberOfKeys: 1, lua: RELEASE_LOCK });
  client.defineCommand('enqueue', { numberOfKeys: 2, lua: ENQUEUE });
  client.defineCommand('markItem', { numberOfKeys: 2, lua: MARK_ITEM });
  client.defineCommand('importItems', { numberOfKeys: 3, lua: IMPORT_ITEMS });
  client.on('error', () => undefined); // surfaced per command as store_unavailable; the client reconnects by itself
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    const why = redactUrls((err as Error).message.replace(' and retry is disabled', ''));
    if (opts.sentinels?.length) {
      const at = opts.sentinels.map((s) => `${s.host}:${s.port}`).join(',');
      throw new KompisError('store_unavailable', `Kompis cannot reach Redis through the sentinels ${at} for the primary ${opts.sentinelName ?? 'mymaster'} (${why}). Check REDIS_SENTINELS, REDIS_SENTINEL_NAME, and REDIS_URL for the primary's password, TLS and database.`);
    }
    throw new KompisError('store_unavailable', `Kompis cannot reach Redis at ${redactUrl(opts.url)} (${why}). Check REDIS_URL, or leave it empty to use SQLite.`);
  }
  return new RedisStore(client, opts.prefix);
}

/** What the server says about keeping acknowledged writes; `warning` when it may lose them. */
export interface Durability {
  appendonly: 'yes' | 'no' | 'unknown';
  appendfsync?: string;
  warning?: string;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private durabilityCache: { at: number; value: Durability } | undefined;
  constructor(
    readonly client: Scripted,
    private readonly p: string,
  ) {}

  /** Every call goes through here: a failure of the connection becomes a typed, catchable error. */
  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (err instanceof KompisError) throw err;
      throw new KompisError('store_unavailable', `Redis did not answer: ${(err as Error).message}`);
    }
  }

  /** Every key of this store starts with it. */
  get prefix(): string {
    return this.p;
  }

  /** A round's keys for a script, in order: '' is the round itself. */
  private roundKeys(roundId: string, ...parts: string[]): string[] {
    return parts.map((part) => (part ? this.k('round', roundId, part) : this.k('round', roundId)));
  }

  private k(...parts: string[]): string {
    return this.p + parts.join(':');
  }

  /** An outbox batch's keys, in the order the scripts take them: its recipients, its items' states. */
  private outboxKeys(batch: string): [string, string] {
    return [this.k('outbox', batch, 'to'), this.k('outbox', batch, 'state')];
  }

  curation: CurationStore = {
    addUnanswered: (q, key) =>
      this.run(async () => {
        const fresh = UnansweredQuestion.parse({ ...q, id: key ?? randomUUID() });
        const added = (await this.client.set(this.k('unanswered', fresh.id), JSON.stringify(fresh), 'NX')) === 'OK';
        const kept = added ? undefined : await this.client.get(this.k('unanswered', fresh.id));
        const rec = kept ? UnansweredQuestion.parse(JSON.parse(kept)) : fresh;
        // listed again on every try: a first try that stored the record and failed before listing it is completed here
        const listing = this.client.multi();
        if (!rec.closedAt) listing.zadd(this.k('unanswered-open'), 'NX', String(Date.parse(rec.askedAt)), rec.id);
        await listing.sadd(this.k('unanswered-all'), rec.id).exec();
        return rec;
      }),
    listOpenUnanswered: (limit = 50) =>
      this.run(async () => {
        const ids = await this.client.zrange(this.k('unanswered-open'), '0', String(limit - 1));
        if (ids.length === 0) return [];
        const raw = await this.client.mget(ids.map((id) => this.k('unanswered', id)));
        return raw.flatMap((r) => (r ? [UnansweredQuestion.parse(JSON.parse(r))] : []));
      }),
    latestUnanswered: (limit) =>
      this.run(async () => {
        const [ids, total] = await Promise.all([limit > 0 ? this.client.zrevrange(this.k('unanswered-open'), 0, limit - 1) : [], this.client.zcard(this.k('unanswered-open'))]);
        const raw = ids.length ? await this.client.mget(ids.map((id) => this.k('unanswered', id))) : [];
        return { items: raw.flatMap((r) => (r ? [UnansweredQuestion.parse(JSON.parse(r))] : [])), total };
      }),
    closeUnanswered: (id, closedBy, at) =>
      this.run(async () => {
        if ((await this.client.zrem(this.k('unanswered-open'), id)) === 0) return false;
        const raw = await this.client.get(this.k('unanswered', id));
        if (raw) await this.client.set(this.k('unanswered', id), JSON.stringify({ ...(JSON.parse(raw) as object), closedAt: at, closedBy }));
        return true;
      }),
    // by id in a hash, so a voter's later vote replaces the earlier; the list holds what older versions wrote
    recordFeedback: (f, voter) =>
      this.run(async () => {
        const rec = Feedback.parse({ ...f, id: voter ? feedbackId(f.answerId, voter) : randomUUID() });
        await this.client.hset(this.k('feedback-by-id'), rec.id, JSON.stringify(rec));
        return rec;
      }),
    rememberCited: (answerId, passageIds, ttlSeconds) => this.run(async () => void (await this.client.set(this.k('cited', answerId), JSON.stringify(passageIds), 'EX', ttlSeconds))),
    citedBy: (answerId) =>
      this.run(async () => {
        const raw = await this.client.get(this.k('cited', answerId));
        return raw === null ? undefined : PassageIds.parse(JSON.parse(raw));
      }),
  };

  channels: ChannelBookkeeping = {
    markEventSeen: (id, ttl) => this.run(async () => (await this.client.set(this.k('event', id), '1', 'EX', ttl, 'NX')) === 'OK'),
    forgetEvent: (id) => this.run(async () => void (await this.client.del(this.k('event', id)))),
    markActive: (key, ttl) => this.run(async () => void (await this.client.set(this.k('active', key), '1', 'EX', ttl))),
    isActive: (key) => this.run(async () => (await this.client.exists(this.k('active', key))) === 1),
    keepText: (key, text, ttl) => this.run(async () => void (await this.client.set(this.k('asked', key), text, 'EX', ttl))),
    keptText: (key) => this.run(async () => (await this.client.get(this.k('asked', key))) ?? undefined),
    saveConversation: (key, ref, at) => this.run(async () => void (await this.client.hset(this.k('conversations'), key, JSON.stringify({ ref, savedAt: at })))),
    getConversation: (key) =>
      this.run(async () => {
        const raw = await this.client.hget(this.k('conversations'), key);
        return raw ? (JSON.parse(raw) as { ref: unknown }).ref : undefined;
      }),
    setUserTeam: (user, team) => this.run(async () => void (await this.client.hset(this.k('user-teams'), user, team))),
    teamOfUser: (user) => this.run(async () => (await this.client.hget(this.k('user-teams'), user)) ?? undefined),
  };

  locks: Locks = {
    acquire: (name, owner, ttlMs) => this.run(async () => (await this.client.acquireLock(this.k('lock', name), owner, String(ttlMs))) === 1),
    release: (name, owner) => this.run(async () => (await this.client.releaseLock(this.k('lock', name), owner)) === 1),
  };

  goals: GoalStore = {
    createGoal: (g: NewGoal, at, once) =>
      this.run(async () => {
        const goal = Goal.parse({ ...g, id: randomUUID(), current: g.start, createdAt: at });
        const key = once?.idempotencyKey;
        const card = once?.card?.(goal.id);
        const goalKey = this.k('goal', goal.id);
        // without a key or a card the goal's own key stands in: the script writes them only when given
        const keys = [key ? this.k('goal-once', goal.team, key) : goalKey, goalKey, this.k('goals-of', goal.team), this.k('goals'), ...(card ? this.outboxKeys(card.batch) : [goalKey, goalKey])];
        const { data, current, target, direction } = goalFields(goal);
        const items = (card?.items ?? []).flatMap((item) => [item.id, item.to]);
        const made = await this.client.createGoal(...keys, goal.id, data, current, target, direction, String(Date.parse(goal.createdAt)), key ? String(GOAL_KEY_SECONDS) : '', ...items);
        if (made === goal.id) return goal;
        const earlier = await this.readGoal(made);
        if (!earlier) throw new Error(`the goal key ${key} of ${goal.team} names the goal ${made}, which does not exist`);
        return earlier;
      }),
    getGoal: (id) => this.run(() => this.readGoal(id)),
    listGoals: (team) =>
      this.run(async () => {
        const ids = await this.client.zrange(this.k('goals-of', team), '0', '-1');
        return (await Promise.all(ids.map((id) => this.readGoal(id)))).filter((g): g is Goal => g !== undefined);
      }),
    addProgress: (goalId, input, meta, celebration) =>
      this.run(async () => {
        const mode = 'value' in input ? 'value' : 'delta';
        const amount = 'value' in input ? input.value : input.delta;
        const res = await this.client.addProgress(
          this.k('goal', goalId),
          this.k('goal', goalId, 'idem'),
          this.k('goal', goalId, 'events'),
          // without a celebration the goal's own key stands in: the script writes them only for items to queue
          ...(celebration ? this.outboxKeys(celebration.batch) : [this.k('goal', goalId), this.k('goal', goalId)]),
          mode,
          String(amount),
          meta.at,
          meta.idempotencyKey ?? '',
          JSON.stringify({ source: meta.source, actor: meta.actor, idempotencyKey: meta.idempotencyKey }),
          String(GOAL_NUMBER_LIMIT),
          ...(celebration?.items ?? []).flatMap((item) => [item.id, item.to]),
        );
        if (!res) return undefined;
        const goal = (await this.readGoal(goalId))!;
        if (res[2] === 1) return { goal, applied: false, reachedNow: false, refused: 'out_of_range' as const };
        return { goal, applied: res[0] === 1, reachedNow: res[1] === 1 };
      }),
    listProgress: (goalId) => this.run(() => this.readProgress(goalId)),
    addKudos: (k) =>
      this.run(async () => {
        const rec = Kudos.parse({ ...k, id: randomUUID() });
        await this.client.multi().zadd(this.k('kudos', rec.team), String(Date.parse(rec.at)), JSON.stringify(rec)).sadd(this.k('kudos-teams'), rec.team).exec();
        return rec;
      }),
    listKudos: (team, from, to) =>
      this.run(async () => (await this.client.zrangebyscore(this.k('kudos', team), Date.parse(from), `(${Date.parse(to)}`)).map((r) => Kudos.parse(JSON.parse(r)))),
  };

  pulse: PulseStore = {
    openRound: (r, key, checkins) =>
      this.run(async () => {
        const round = PulseRound.parse({ ...r, id: randomUUID(), state: 'open' });
        // a team's channel is a few hundred people at most: its check-ins go in the one script with the round
        const queue = checkins?.(round.id);
        const keys = [this.k('round-of', r.team, r.week), this.k('round', round.id), this.k('round', round.id, 'key'), this.k('rounds'), this.k('rounds-of', r.team), this.k('rounds-by-week', r.team)];
        // without check-ins the round's own key stands in: the script writes them only for items to queue
        const outbox = queue ? this.outboxKeys(queue.batch) : [keys[1]!, keys[1]!];
        const items = (queue?.items ?? []).flatMap((item) => [item.id, item.to]);
        const open = (takeOver: string) => this.client.openRound(...keys, ...outbox, round.id, JSON.stringify(round), (key ?? randomBytes(32)).toString('base64'), String(weekScore(r.week)), takeOver, ...items);
        const claimed = await open('');
        if (claimed === round.id) return round;
        const existing = await this.readRound(claimed);
        if (existing) return existing;
        // a week claimed by a Kompis that wrote the claim and the round apart, and failed in between
        const reclaimed = await open(claimed);
        if (reclaimed === round.id) return round;
        const other = await this.readRound(reclaimed);
        if (!other) throw new Error(`the round of ${r.team} for ${r.week} is claimed by ${reclaimed}, which does not exist`);
        return other;
      }),
    getRound: (id) => this.run(() => this.readRound(id)),
    listRounds: (team, limit) =>
      this.run(async () => {
        // the newest `limit` rounds by week, read from the week index: the scheduler asks every minute
        const byWeek = this.k('rounds-by-week', team);
        const [indexed, all] = await Promise.all([this.client.zcard(byWeek), this.client.scard(this.k('rounds-of', team))]);
        if (indexed < all) await this.indexRoundsByWeek(team);
        const rounds = await Promise.all((await this.client.zrevrange(byWeek, 0, limit - 1)).map((id) => this.readRound(id)));
        return rounds.filter((r): r is PulseRound => r !== undefined);
      }),
    askOnce: (week, team, hashes, ttlSeconds) => this.run(() => this.client.askOnce(this.k('pulse-asked', week), this.k('pulse-asked-teams', week), team, String(ttlSeconds), ...hashes)),
    askedBy: (week, hash) => this.run(async () => (await this.client.hget(this.k('pulse-asked', week), hash)) ?? undefined),
    teamAsked: (week, team) => this.run(async () => (await this.client.sismember(this.k('pulse-asked-teams', week), team)) === 1),
    hasAnswered: (roundId, hash) => this.run(async () => (await this.client.sismember(this.k('round', roundId, 'answered'), hash)) === 1),
    roundKey: (id) =>
      this.run(async () => {
        const raw = await this.client.get(this.k('round', id, 'key'));
        return raw ? Buffer.from(raw, 'base64') : undefined;
      }),
    recordAnswer: (roundId, hash, sealed) =>
      this.run(() => this.client.recordAnswer(...this.roundKeys(roundId, '', 'key', 'answered', 'sealed', 'sealedv'), hash, sealed)),
    closeAt: (roundId, closesAt) => this.run(async () => (await this.client.closeAt(this.k('round', roundId), closesAt)) === 1),
    sealedAnswers: (roundId) => this.run(() => this.readSealed(roundId)),
    looseAnswers: (roundId) => this.run(() => this.client.lrange(this.k('round', roundId, 'sealed'), 0, -1)),
    batchAnswers: (roundId, loose, batch) =>
      this.run(async () => {
        return (await this.client.batchAnswers(...this.roundKeys(roundId, '', 'key', 'sealed', 'batches', 'sealedv'), batch, ...loose)) === 1;
      }),
    closeRound: (roundId, results, read) =>
      this.run(async () => {
        const round = await this.readRound(roundId);
        if (!round) return true;
        const fields = Object.entries(results.counts).flatMap(([q, byScore]) => Object.entries(byScore).flatMap(([score, n]) => [`${q}|${score}`, String(n)]));
        const keys = this.roundKeys(roundId, '', 'key', 'answered', 'sealed', 'counts', 'comments', 'respondents', 'withheld', 'batches', 'sealedv', 'unsummarised');
        const closed = await this.client.closeRound(...keys, String(read.version), String(read.entries.length), JSON.stringify({ ...round, state: 'closed' }), String(results.respondents), results.commentsWithheld ? '1' : '', results.unsummarised ? '1' : '', String(fields.length / 2), ...fields, ...results.comments);
        return closed === 1;
      }),
    results: (roundId) => this.run(() => this.readResults(roundId)),
    deleteCommentsBefore: (week) =>
      this.run(async () => {
        const before = weekOrder(week);
        if (before === undefined) throw new KompisError('bad_week', `not an ISO week: ${week}`);
        let deleted = 0;
        for (const id of await this.client.smembers(this.k('rounds'))) {
          const round = await this.readRound(id);
          // weeks compared as year and week numbers: as text, '2026-W49' < '493-W37'
          const order = round && weekOrder(round.week);
          if (order !== undefined && order < before) deleted += await this.client.llen(this.k('round', id, 'comments')).then(async (n) => (n > 0 ? (await this.client.del(this.k('round', id, 'comments')), n) : 0));
        }
        return deleted;
      }),
  };

  teams: TeamStore = {
    saveTeam: (team) => this.run(async () => void (await this.client.hset(this.k('teams'), team.id, JSON.stringify(TeamRecord.parse(team))))),
    getTeam: (id) =>
      this.run(async () => {
        const raw = await this.client.hget(this.k('teams'), id);
        return raw ? TeamRecord.parse(JSON.parse(raw)) : undefined;
      }),
    listTeams: () => this.run(async () => Object.values(await this.client.hgetall(this.k('teams'))).map((raw) => TeamRecord.parse(JSON.parse(raw))).sort((a, b) => a.id.localeCompare(b.id))),
  };

  outbox: Outbox = {
    enqueue: (batch, items) =>
      this.run(async () => {
        let added = 0;
        // in slices, so one script never holds Redis for long
        for (let i = 0; i < items.length; i += 500) {
          const pairs = items.slice(i, i + 500).flatMap((item) => [item.id, item.to]);
          added += await this.client.enqueue(...this.outboxKeys(batch), ...pairs);
        }
        return added;
      }),
    unsent: (batch, limit) =>
      this.run(async () => {
        const [states, tried] = await Promise.all([this.client.hgetall(this.k('outbox', batch, 'state')), this.client.hgetall(this.k('outbox', batch, 'tries'))]);
        const tries = (id: string) => Number(tried[id] ?? 0);
        const ids = Object.keys(states)
          .filter((id) => states[id] !== 'sent')
          .sort((a, b) => tries(a) - tries(b) || (a < b ? -1 : a > b ? 1 : 0))
          .slice(0, limit);
        if (ids.length === 0) return [];
        const to = await this.client.hmget(this.k('outbox', batch, 'to'), ...ids);
        return ids.map((id, i) => OutboxItem.parse({ id, to: to[i], state: states[id], tries: tries(id) }));
      }),
    mark: (batch, id, state) => this.run(async () => void (await this.client.markItem(this.k('outbox', batch, 'state'), this.k('outbox', batch, 'tries'), id, state))),
    retryLater: (batch, id) => this.run(async () => Number(await this.client.markItem(this.k('outbox', batch, 'state'), this.k('outbox', batch, 'tries'), id, ''))),
    counts: (batch) =>
      this.run(async () => {
        const counts = { pending: 0, sending: 0, sent: 0 };
        for (const state of await this.client.hvals(this.k('outbox', batch, 'state'))) counts[state as keyof typeof counts] += 1;
        return counts;
      }),
    drop: (batch) => this.run(async () => void (await this.client.del(this.k('outbox', batch, 'to'), this.k('outbox', batch, 'state'), this.k('outbox', batch, 'tries')))),
  };

  private async readProgress(goalId: string): Promise<ProgressEvent[]> {
    return (await this.client.lrange(this.k('goal', goalId, 'events'), 0, -1)).map((raw) => {
      const e = JSON.parse(raw) as { value: number; delta: number; at: string; meta: string };
      const meta = JSON.parse(e.meta) as { source: string; actor?: string; idempotencyKey?: string };
      return ProgressEvent.parse({ goalId, value: e.value, delta: e.delta, at: e.at, ...meta });
    });
  }

  /** Adds the writes of a goal to `tx`. */
  private writeGoal(tx: ChainableCommander, goal: Goal): ChainableCommander {
    const { reachedAt } = goal;
    tx.hset(this.k('goal', goal.id), goalFields(goal))
      .zadd(this.k('goals-of', goal.team), String(Date.parse(goal.createdAt)), goal.id)
      .sadd(this.k('goals'), goal.id);
    if (reachedAt) tx.hset(this.k('goal', goal.id), 'reachedAt', reachedAt);
    return tx;
  }

  private async readGoal(id: string): Promise<Goal | undefined> {
    const h = await this.client.hgetall(this.k('goal', id));
    if (!h.data) return undefined;
    return Goal.parse({ ...(JSON.parse(h.data) as object), current: Number(h.current), ...(h.reachedAt ? { reachedAt: h.reachedAt } : {}) });
  }

  /** Puts a team's rounds into the week index; rounds stored before the index existed are not in it. */
  private async indexRoundsByWeek(team: string): Promise<void> {
    const rounds = await Promise.all((await this.client.smembers(this.k('rounds-of', team))).map((id) => this.readRound(id)));
    const tx = this.client.multi();
    for (const r of rounds) if (r) tx.zadd(this.k('rounds-by-week', team), weekScore(r.week), r.id);
    await tx.exec();
  }

  /** A round's batches and loose entries, their version and the size of its answered set, read at one instant. */
  private async readSealed(roundId: string): Promise<SealedSet> {
    const [versionKey, batchesKey, looseKey, answeredKey] = this.roundKeys(roundId, 'sealedv', 'batches', 'sealed', 'answered') as [string, string, string, string];
    const replies = await this.client.multi().get(versionKey).lrange(batchesKey, 0, -1).lrange(looseKey, 0, -1).scard(answeredKey).exec();
    const [version, batches, loose, answered] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return value;
    }) as [string | null, string[], string[], number];
    return { entries: [...batches, ...loose], version: Number(version ?? 0), answered };
  }

  private async readRound(id: string): Promise<PulseRound | undefined> {
    const raw = await this.client.get(this.k('round', id));
    return raw ? PulseRound.parse(JSON.parse(raw)) : undefined;
  }

  private async readResults(roundId: string): Promise<PulseResults | undefined> {
    if (!(await this.client.exists(this.k('round', roundId)))) return undefined;
    const [flat, respondents, comments, withheld, unsummarised] = await Promise.all([
      this.client.hgetall(this.k('round', roundId, 'counts')),
      this.client.get(this.k('round', roundId, 'respondents')),
      this.client.lrange(this.k('round', roundId, 'comments'), 0, -1),
      this.client.get(this.k('round', roundId, 'withheld')),
      this.client.get(this.k('round', roundId, 'unsummarised')),
    ]);
    const counts: Record<string, Record<string, number>> = {};
    for (const [field, n] of Object.entries(flat)) {
      const cut = field.lastIndexOf('|');
      (counts[field.slice(0, cut)] ??= {})[field.slice(cut + 1)] = Number(n);
    }
    return { roundId, respondents: Number(respondents ?? 0), counts, comments, ...(withheld ? { commentsWithheld: true } : {}), ...(unsummarised ? { unsummarised: true } : {}) };
  }

  async exportAll(): Promise<Snapshot> {
    return this.run(async () => {
      const unansweredIds = await this.client.smembers(this.k('unanswered-all'));
      const unanswered = unansweredIds.length ? (await this.client.mget(unansweredIds.map((id) => this.k('unanswered', id)))).flatMap((r) => (r ? [JSON.parse(r) as unknown] : [])) : [];
      const goalIds = await this.client.smembers(this.k('goals'));
      // in number order, as listGoals gives a team's: a set has no order of its own
      const goals = (await Promise.all(goalIds.map((id) => this.readGoal(id)))).filter((g): g is Goal => g !== undefined).sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      const progress = [];
      for (const g of goals) progress.push(...(await this.readProgress(g.id)));
      const kudos = [];
      for (const team of await this.client.smembers(this.k('kudos-teams'))) kudos.push(...(await this.client.zrange(this.k('kudos', team), '0', '-1')).map((r) => JSON.parse(r) as unknown));
      const rounds = (await Promise.all((await this.client.smembers(this.k('rounds'))).map((id) => this.readRound(id)))).filter((r): r is PulseRound => r !== undefined);
      const results = [];
      const roundSecrets = [];
      for (const r of rounds) {
        results.push((await this.readResults(r.id))!);
        const key = await this.client.get(this.k('round', r.id, 'key'));
        if (key) roundSecrets.push({ roundId: r.id, key, answered: await this.client.smembers(this.k('round', r.id, 'answered')), sealed: (await this.readSealed(r.id)).entries });
      }
      const conversations = Object.entries(await this.client.hgetall(this.k('conversations'))).map(([key, raw]) => {
        const v = JSON.parse(raw) as { ref: unknown; savedAt: string };
        return { key, ref: v.ref, savedAt: v.savedAt };
      });
      const userTeams = Object.entries(await this.client.hgetall(this.k('user-teams'))).map(([user, team]) => ({ user, team }));
      const feedback = [...(await this.feedbackById()).values()];
      const teams = await this.teams.listTeams();
      // the marks of the weeks the store's rounds are of: a mark outlives no round of its week by much
      const asked = [];
      for (const week of new Set(rounds.map((r) => r.week))) {
        const key = this.k('pulse-asked', week);
        const [marks, ttl] = await Promise.all([this.client.hgetall(key), this.client.pttl(key)]);
        const expiresAt = Date.now() + Math.max(ttl, 0);
        if (ttl > 0) for (const [hash, team] of Object.entries(marks)) asked.push({ week, hash, team, expiresAt });
      }
      return Snapshot.parse({ format: 'kompis-store', version: 1, unanswered, feedback, goals, progress, kudos, rounds, results, roundSecrets, conversations, userTeams, teams, asked, outbox: await this.readOutbox() });
    });
  }

  /** Every outbox item, as an export holds them. Batches are found by their states' keys: no index of them is kept. */
  private async readOutbox(): Promise<QueuedMessage[]> {
    const start = this.k('outbox', '');
    const batches = new Set<string>();
    // the prefix is the operator's: its glob characters are matched as themselves
    const match = `${start.replace(/[*?[\]\\]/g, '\\$&')}*:state`;
    let cursor = '0';
    do {
      const [next, keys] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      for (const key of keys) batches.add(key.slice(start.length, -':state'.length));
      cursor = next;
    } while (cursor !== '0');
    const items: QueuedMessage[] = [];
    for (const batch of batches) {
      const [to, states, tries] = await Promise.all([this.client.hgetall(this.k('outbox', batch, 'to')), this.client.hgetall(this.k('outbox', batch, 'state')), this.client.hgetall(this.k('outbox', batch, 'tries'))]);
      for (const [id, state] of Object.entries(states)) items.push(QueuedMessage.parse({ batch, id, to: to[id], state, tries: Number(tries[id] ?? 0) }));
    }
    return exportedOutbox(items);
  }

  /** Rows from before feedback was kept by id, then the kept ones; a row imported again from an export is one row. */
  private async feedbackById(): Promise<Map<string, unknown>> {
    const byId = new Map<string, unknown>();
    for (const r of [...(await this.client.lrange(this.k('feedback'), 0, -1)), ...(await this.client.hvals(this.k('feedback-by-id')))]) {
      const row = JSON.parse(r) as { id?: string };
      byId.set(row.id ?? r, row);
    }
    return byId;
  }

  async holdings(): Promise<Holdings> {
    return this.run(async () => {
      const kudosTeams = await this.client.smembers(this.k('kudos-teams'));
      const [unanswered, kept, older, goals, kudos, rounds, conversations, userTeams, teams] = await Promise.all([
        this.client.scard(this.k('unanswered-all')),
        this.client.hlen(this.k('feedback-by-id')),
        this.client.llen(this.k('feedback')),
        this.client.scard(this.k('goals')),
        Promise.all(kudosTeams.map((team) => this.client.zcard(this.k('kudos', team)))),
        this.client.scard(this.k('rounds')),
        this.client.hlen(this.k('conversations')),
        this.client.hlen(this.k('user-teams')),
        this.client.hlen(this.k('teams')),
      ]);
      // rows an older version wrote are read only where there are any: one may be a kept row again
      const feedback = older === 0 ? kept : (await this.feedbackById()).size;
      return { unanswered, feedback, goals, kudos: kudos.reduce((sum, n) => sum + n, 0), rounds, conversations, userTeams, teams };
    });
  }

  async importAll(s: Snapshot): Promise<void> {
    await this.run(async () => {
      // the backup's rounds as this store holds them, watched: a round that closes between this read and the write fails the write
      const claims = [...new Set(s.rounds.map((r) => this.k('round-of', r.team, r.week)))];
      const ids = [...new Set([...s.rounds.map((r) => r.id), ...s.results.map((res) => res.roundId)])];
      const watched = [...claims, ...ids.map((id) => this.k('round', id))];
      if (watched.length > 0) await this.client.watch(...watched);
      let closedHere: Set<string>;
      try {
        closedHere = await this.closedRoundsOf(s, claims, ids);
      } catch (err) {
        await this.client.unwatch();
        throw err;
      }
      const tx = this.client.multi() as ScriptedTransaction;
      for (const q of s.unanswered) {
        tx.set(this.k('unanswered', q.id), JSON.stringify(q)).sadd(this.k('unanswered-all'), q.id);
        if (!q.closedAt) tx.zadd(this.k('unanswered-open'), String(Date.parse(q.askedAt)), q.id);
      }
      for (const f of s.feedback) tx.hset(this.k('feedback-by-id'), f.id, JSON.stringify(f));
      for (const k of s.kudos) tx.zadd(this.k('kudos', k.team), String(Date.parse(k.at)), JSON.stringify(k)).sadd(this.k('kudos-teams'), k.team);
      for (const r of s.rounds.filter((r) => !closedHere.has(r.id))) {
        tx.set(this.k('round', r.id), JSON.stringify(r)).sadd(this.k('rounds'), r.id).sadd(this.k('rounds-of', r.team), r.id).zadd(this.k('rounds-by-week', r.team), weekScore(r.week), r.id).set(this.k('round-of', r.team, r.week), r.id);
        // a round the backup holds closed keeps no key, answered hash or sealed answer here either
        if (r.state === 'closed') tx.del(...this.roundKeys(r.id, 'key', 'answered', 'sealed', 'batches', 'sealedv'));
      }
      for (const res of s.results.filter((res) => !closedHere.has(res.roundId))) {
        tx.del(this.k('round', res.roundId, 'counts'), this.k('round', res.roundId, 'comments'), this.k('round', res.roundId, 'withheld'), this.k('round', res.roundId, 'unsummarised'));
        tx.set(this.k('round', res.roundId, 'respondents'), String(res.respondents));
        if (res.commentsWithheld) tx.set(this.k('round', res.roundId, 'withheld'), '1');
        if (res.unsummarised) tx.set(this.k('round', res.roundId, 'unsummarised'), '1');
        for (const [q, byScore] of Object.entries(res.counts)) for (const [score, n] of Object.entries(byScore)) tx.hset(this.k('round', res.roundId, 'counts'), `${q}|${score}`, String(n));
        if (res.comments.length) tx.rpush(this.k('round', res.roundId, 'comments'), ...res.comments);
      }
      for (const sec of s.roundSecrets) {
        tx.set(this.k('round', sec.roundId, 'key'), sec.key);
        if (sec.answered.length) tx.sadd(this.k('round', sec.roundId, 'answered'), ...sec.answered);
        tx.del(this.k('round', sec.roundId, 'sealed'), this.k('round', sec.roundId, 'batches'));
        if (sec.sealed.length) tx.rpush(this.k('round', sec.roundId, 'sealed'), ...sec.sealed);
        // an open round's version only ever moves on, so a close counted before the import cannot pass
        tx.incrby(this.k('round', sec.roundId, 'sealedv'), sec.sealed.length + 1);
      }
      for (const c of s.conversations) tx.hset(this.k('conversations'), c.key, JSON.stringify({ ref: c.ref, savedAt: c.savedAt }));
      for (const u of s.userTeams) tx.hset(this.k('user-teams'), u.user, u.team);
      for (const t of s.teams) tx.hset(this.k('teams'), t.id, JSON.stringify(t));
      // a person the store already has marked keeps the round that asked them first; a week's marks expire
      // together, when the store's own would (NX), or when the backup's would
      for (const a of s.asked) tx.hsetnx(this.k('pulse-asked', a.week), a.hash, a.team).sadd(this.k('pulse-asked-teams', a.week), a.team);
      const expiries = new Map<string, number>();
      for (const a of s.asked) expiries.set(a.week, Math.max(expiries.get(a.week) ?? 0, a.expiresAt));
      for (const [week, at] of expiries) tx.pexpireat(this.k('pulse-asked', week), at, 'NX').pexpireat(this.k('pulse-asked-teams', week), at, 'NX');
      // a goal comes back as the backup has it, its history and keys included: importing the same file again changes nothing
      for (const goalId of new Set([...s.goals.map((g) => g.id), ...s.progress.map((p) => p.goalId)])) tx.del(this.k('goal', goalId, 'events'), this.k('goal', goalId, 'idem'));
      for (const g of s.goals) this.writeGoal(tx.del(this.k('goal', g.id)), g);
      for (const p of s.progress) {
        tx.rpush(this.k('goal', p.goalId, 'events'), JSON.stringify({ value: p.value, delta: p.delta, at: p.at, meta: JSON.stringify({ source: p.source, actor: p.actor, idempotencyKey: p.idempotencyKey }) }));
        if (p.idempotencyKey) tx.sadd(this.k('goal', p.goalId, 'idem'), p.idempotencyKey);
      }
      // an item sent in the store or in the backup stays sent: nothing goes out twice
      const batches = new Map<string, QueuedMessage[]>();
      for (const item of s.outbox) {
        const items = batches.get(item.batch) ?? [];
        items.push(item);
        batches.set(item.batch, items);
      }
      for (const [batch, items] of batches) {
        // in slices, so one script never holds Redis for long
        for (let i = 0; i < items.length; i += 500) tx.importItems(...this.outboxKeys(batch), this.k('outbox', batch, 'tries'), ...items.slice(i, i + 500).flatMap((item) => [item.id, item.to, item.state, String(item.tries)]));
      }
      if ((await tx.exec()) === null) throw new KompisError('store_changed', 'a pulse round in the backup changed in Redis while it was imported (the running Kompis closed or opened it); nothing was imported. Run the import again.');
    });
  }

  /** `roundsClosedHere` with this store's rounds of the backup's: by id, and by the claims of their teams' weeks. */
  private async closedRoundsOf(s: Snapshot, claims: string[], ids: string[]): Promise<Set<string>> {
    const claimed = claims.length > 0 ? await this.client.mget(claims) : [];
    const byClaim = new Map(claims.map((claim, i) => [claim, claimed[i] ?? undefined]));
    const all = [...new Set([...ids, ...claimed.filter((id): id is string => Boolean(id))])];
    const rounds = all.length > 0 ? await this.client.mget(all.map((id) => this.k('round', id))) : [];
    const known = new Map(all.flatMap((id, i) => (rounds[i] ? [[id, PulseRound.parse(JSON.parse(rounds[i]!))] as const] : [])));
    const held = (r: { id: string; team?: string; week?: string }) => {
      const week = r.team && r.week ? byClaim.get(this.k('round-of', r.team, r.week)) : undefined;
      return [...new Set([r.id, ...(week ? [week] : [])])].flatMap((id) => (known.has(id) ? [known.get(id)!] : []));
    };
    return roundsClosedHere(s, held, `Redis (prefix ${this.p})`);
  }

  async health(): Promise<StoreHealth> {
    try {
      await this.run(() => this.client.ping());
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    const { warning } = await this.durability();
    return { ok: true, ...(warning ? { warning } : {}) };
  }

  /**
   * Whether the server keeps what it acknowledged through a crash: without an append-only file
   * (Debian's default) a kill loses every write since the last snapshot. Read with CONFIG GET, which
   * managed servers may disable (then `unknown`); asked again at most once a minute.
   */
  async durability(): Promise<Durability> {
    const now = Date.now();
    if (this.durabilityCache && now - this.durabilityCache.at < 60_000) return this.durabilityCache.value;
    let value: Durability;
    try {
      const [, appendonly] = (await this.client.config('GET', 'appendonly')) as string[];
      const [, appendfsync] = (await this.client.config('GET', 'appendfsync')) as string[];
      value =
        appendonly === 'yes'
          ? { appendonly: 'yes', ...(appendfsync ? { appendfsync } : {}) }
          : { appendonly: 'no', warning: 'Redis runs without an append-only file (appendonly no): a crash or restart of Redis loses every goal update, pulse answer and queued message since its last snapshot. Set appendonly yes (README, "Storage: SQLite or Redis").' };
    } catch {
      value = { appendonly: 'unknown' };
    }
    this.durabilityCache = { at: now, value };
    return value;
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}

/** A goal's hash fields as Redis keeps them: what progress changes apart from the rest, and `reachedAt` left to its own field. */
function goalFields(goal: Goal): { data: string; current: string; target: string; direction: string } {
  const { current, ...data } = goal;
  return { data: JSON.stringify({ ...data, reachedAt: undefined }), current: String(current), target: String(goal.target), direction: goal.direction };
}

/** An ISO week as a sortable number: 2026-W48 → 202648. */
function weekScore(week: string): number {
  const order = weekOrder(week);
  if (order === undefined) throw new Error(`not an ISO week: ${week}`);
  return order;
}
