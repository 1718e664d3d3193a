import { createHmac } from 'node:crypto';
import type { Store } from '../../src/core/storage/ports';
import { redisFactory, sqliteFactory } from './factories';

async function fill(store: Store): Promise<string> {
  const at = '2026-11-20T10:00:00.000Z';
  const q = await store.curation.addUnanswered({ question: 'Hvor er X?', lang: 'nb', askedAt: at, channel: 'C1' });
  await store.curation.addUnanswered({ question: 'Closed one', lang: 'en', askedAt: at });
  await store.curation.closeUnanswered(q.id, 'cur', at);
  await store.curation.recordFeedback({ answerId: 'a', vote: 'up', passageIds: ['p.md#x'], lang: 'nb', at });
  const g = await store.goals.createGoal({ team: 'T', title: 'G', metric: 'm', start: 0, target: 3, unit: 'u', direction: 'higher', due: '2026-12-01', owner: 'U1', why: 'because' }, at);
  await store.goals.addProgress(g.id, { delta: 2 }, { source: 'api', idempotencyKey: 'idem-1', at });
  await store.goals.addKudos({ team: 'T', from: 'U1', to: 'U2', text: 'thanks', goalId: g.id, at });
  const closed = await store.pulse.openRound({ team: 'T', week: '2026-W46', questionIds: ['q'], opensAt: at, closesAt: at });
  await store.pulse.recordAnswer(closed.id, 'h0', 'sealed-0');
  await store.pulse.closeRound(closed.id, { respondents: 1, counts: { q: { '4': 1 } }, comments: ['fine'] }, await store.pulse.sealedAnswers(closed.id));
  const open = await store.pulse.openRound({ team: 'T', week: '2026-W47', questionIds: ['q'], opensAt: at, closesAt: at });
  const h = createHmac('sha256', (await store.pulse.roundKey(open.id))!).update('U1').digest('hex');
  await store.pulse.recordAnswer(open.id, h, 'sealed-1');
  await store.channels.saveConversation('k', { a: 1 }, at);
  await store.channels.setUserTeam('U1', 'T');
  await store.teams.saveTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', tz: 'Europe/Oslo', lang: 'nb', leads: ['U1'], pulse: { day: 5, time: '13:00', questionIds: ['a', 'b', 'c'], k: 5, openHours: 72, paused: true }, updatedAt: at });
  // a celebration queued and not yet posted, and the open round's check-ins: one sent, one refused once
  await store.outbox.enqueue(`goal:${g.id}:celebration`, [{ id: 'channel', to: 'C1' }]);
  await store.outbox.enqueue(`pulse:${open.id}:checkin`, [{ id: 'U1', to: 'U1' }, { id: 'U2', to: 'U2' }]);
  await store.outbox.mark(`pulse:${open.id}:checkin`, 'U1', 'sent');
  await store.outbox.retryLater(`pulse:${open.id}:checkin`, 'U2');
  return h;
}

const sortDeep = (s: Awaited<ReturnType<Store['exportAll']>>) =>
  JSON.parse(JSON.stringify(s, (_k, v: unknown) => (Array.isArray(v) ? [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : v))) as unknown;

describe('export → import between the stores', () => {
  it('SQLite → Redis → SQLite loses nothing, and an open round still refuses a second answer', async () => {
    const sqlite = await sqliteFactory.open();
    const redis = await redisFactory.open();
    const back = await sqliteFactory.open();
    try {
      const hash = await fill(sqlite);
      const original = await sqlite.exportAll();
      await redis.importAll(original);
      const viaRedis = await redis.exportAll();
      expect(sortDeep(viaRedis)).toEqual(sortDeep(original));
      await back.importAll(viaRedis);
      expect(sortDeep(await back.exportAll())).toEqual(sortDeep(original));

      const openRound = original.rounds.find((r) => r.state === 'open')!;
      expect(await redis.pulse.recordAnswer(openRound.id, hash, 'sealed-2')).toBe('duplicate');
      expect(await back.pulse.recordAnswer(openRound.id, hash, 'sealed-2')).toBe('duplicate');
      expect((await back.pulse.sealedAnswers(openRound.id)).entries).toEqual(['sealed-1']);
      const goal = original.goals[0]!;
      expect(await back.goals.addProgress(goal.id, { delta: 2 }, { source: 'api', idempotencyKey: 'idem-1', at: '2026-11-21T00:00:00.000Z' })).toMatchObject({ applied: false });
      expect(original.roundSecrets).toHaveLength(1);
      expect(original.teams).toHaveLength(1);
      expect(original.outbox).toHaveLength(3);
      expect(await back.outbox.unsent(`pulse:${openRound.id}:checkin`, 10)).toEqual([{ id: 'U2', to: 'U2', state: 'pending', tries: 1 }]);
      expect((await back.pulse.listRounds('T', 5)).map((r) => r.week)).toEqual(['2026-W47', '2026-W46']);
    } finally {
      await Promise.all([sqlite.close(), redis.close(), back.close()]);
    }
  });

  it('Redis → SQLite → Redis, each imported twice: goal number n names the same goal in every store', async () => {
    const redis = await redisFactory.open();
    const sqlite = await sqliteFactory.open();
    const back = await redisFactory.open();
    try {
      for (let i = 1; i <= 8; i++) {
        await redis.goals.createGoal({ team: 'T', title: `Goal ${i}`, metric: 'm', start: 0, target: 10, unit: 'u', direction: 'higher', due: '2026-12-31', owner: 'U1' }, `2026-11-20T10:0${i}:00.000Z`);
      }
      const numbered = (await redis.goals.listGoals('T')).map((g) => g.title);
      expect(numbered).toEqual(Array.from({ length: 8 }, (_, i) => `Goal ${i + 1}`));
      const fromRedis = await redis.exportAll();
      await sqlite.importAll(fromRedis);
      await sqlite.importAll(fromRedis);
      expect((await sqlite.goals.listGoals('T')).map((g) => g.title)).toEqual(numbered);
      const fromSqlite = await sqlite.exportAll();
      await back.importAll(fromSqlite);
      await back.importAll(fromSqlite);
      expect((await back.goals.listGoals('T')).map((g) => g.title)).toEqual(numbered);
    } finally {
      await Promise.all([redis.close(), sqlite.close(), back.close()]);
    }
  });
});

describe.each([sqliteFactory, redisFactory])('an import keeps a pulse round closed once: $name', (factory) => {
  let stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });
  const open = async () => {
    const s = await factory.open();
    stores.push(s);
    return s;
  };
  const at = '2026-11-23T09:00:00.000Z';
  const week48 = { team: 'slack:C1', week: '2026-W48', questionIds: ['q'], opensAt: at, closesAt: at };
  const goal = { team: 'slack:C1', title: 'G', metric: 'm', start: 0, target: 3, unit: 'u', direction: 'higher' as const, due: '2026-12-01', owner: 'U1' };

  /** A store whose round of week 48 closed after `backup` was exported from it with the round open and one answer in it. */
  async function closedAfterTheBackup() {
    const store = await open();
    const round = await store.pulse.openRound(week48);
    await store.pulse.recordAnswer(round.id, 'h1', 'sealed-1');
    const backup = await store.exportAll();
    await store.pulse.recordAnswer(round.id, 'h2', 'sealed-2');
    await store.pulse.closeRound(round.id, { respondents: 2, counts: { q: { '4': 1, '1': 1 } }, comments: ['late'] }, await store.pulse.sealedAnswers(round.id));
    return { store, round, backup };
  }
  const asClosed = async (store: Store, roundId: string) => ({
    state: (await store.pulse.getRound(roundId))?.state,
    results: await store.pulse.results(roundId),
    key: await store.pulse.roundKey(roundId),
    sealed: (await store.pulse.sealedAnswers(roundId)).entries,
  });

  it('refuses, writing nothing, a backup that holds open a round the store holds closed', async () => {
    const { store, round, backup } = await closedAfterTheBackup();
    const before = await asClosed(store, round.id);
    expect(before).toEqual({ state: 'closed', results: { roundId: round.id, respondents: 2, counts: { q: { '4': 1, '1': 1 } }, comments: ['late'] }, key: undefined, sealed: [] });
    const withGoal = { ...backup, goals: [{ ...goal, id: 'g-new', current: 0, createdAt: at }] };
    await expect(store.importAll(withGoal)).rejects.toMatchObject({ code: 'round_closed', message: expect.stringContaining(`holds the pulse round of slack:C1 for 2026-W48 (${round.id}) closed, and the backup holds it open; nothing was imported`) });
    expect(await asClosed(store, round.id)).toEqual(before);
    expect(await store.goals.getGoal('g-new')).toBeUndefined();
    expect(await store.pulse.recordAnswer(round.id, 'h3', 'sealed-3')).toBe('closed');
  });

  it('refuses a backup that holds open another round of a team\'s week the store holds closed', async () => {
    const { store, backup } = await closedAfterTheBackup();
    const renamed = JSON.parse(JSON.stringify(backup).replaceAll(backup.rounds[0]!.id, 'another-round-id')) as typeof backup;
    await expect(store.importAll(renamed)).rejects.toMatchObject({ code: 'round_closed', message: expect.stringContaining('(another-round-id) closed, and the backup holds it open') });
    expect(await store.pulse.getRound('another-round-id')).toBeUndefined();
    expect((await store.pulse.listRounds('slack:C1', 5)).map((r) => r.state)).toEqual(['closed']);
  });

  it('refuses a backup that holds a key or sealed answers of a round it holds closed', async () => {
    const { store, round, backup } = await closedAfterTheBackup();
    const closedNow = await store.exportAll();
    const other = await open();
    await expect(other.importAll({ ...closedNow, roundSecrets: backup.roundSecrets })).rejects.toMatchObject({ code: 'bad_backup', message: expect.stringContaining(`the key and sealed answers of the pulse round of slack:C1 for 2026-W48 (${round.id}), which it does not hold open`) });
    expect(await other.pulse.getRound(round.id)).toBeUndefined();
  });

  it('brings a round the backup holds closed in closed, its key and answers here gone; one closed here stays as it closed', async () => {
    const { store, round, backup } = await closedAfterTheBackup();
    const closedNow = await store.exportAll();
    // a store restored from the backup, the round open there: the later export closes it
    const restored = await open();
    await restored.importAll(backup);
    expect(await asClosed(restored, round.id)).toMatchObject({ state: 'open', sealed: ['sealed-1'] });
    await restored.importAll(closedNow);
    expect(await asClosed(restored, round.id)).toEqual(await asClosed(store, round.id));
    expect(await restored.pulse.hasAnswered(round.id, 'h1')).toBe(false);
    // comments deleted by retention do not come back with an older export of the closed round
    await store.pulse.deleteCommentsBefore('2026-W49');
    await store.importAll(closedNow);
    expect((await store.pulse.results(round.id))!.comments).toEqual([]);
  });
});
