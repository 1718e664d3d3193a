import type { Chats } from '../../../src/core/messages';
import { silentLogger } from '../../../src/core/ports';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { unwrapRoundKey, wrappingKey } from '../../../src/core/pulse/round-key';
import { sealAnswer } from '../../../src/core/pulse/seal';
import { PulseService, respondentHash } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import { FACTORIES } from '../../stores/factories';
import { eventually } from '../../channels/slack/harness';

const TEAM = 'slack:CBATCH';
const WRAPPING = wrappingKey('batch test secret');
/** The 75 agents who answer; their lead is in the channel too, and is not asked. */
const MEMBERS = Array.from({ length: 75 }, (_, i) => `U${String(i).padStart(3, '0')}`);
const LEAD = 'ULEAD';

async function world(store: Store) {
  const clock = { t: new Date('2026-11-27T12:00:05Z'), now: () => clock.t };
  const chats: Chats = { slack: { platform: 'slack', send: async () => ({ ok: true }), members: async () => [LEAD, ...MEMBERS].map((id) => ({ id, name: `Person ${id}` })) } };
  await store.teams.saveTeam({ id: TEAM, platform: 'slack', channel: 'CBATCH', tz: 'Europe/Oslo', lang: 'en', leads: [LEAD], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
  const pulse = new PulseService({ wrapping: WRAPPING, pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
  clock.t = new Date('2026-11-27T12:00:30Z');
  await pulse.tick();
  const round = (await store.pulse.listRounds(TEAM, 1))[0]!;
  const answer = (i: number) => pulse.answer(round.id, { platform: 'slack', user: MEMBERS[i]! }, Object.fromEntries(round.questionIds.map((q, j) => [q, q === 'enps' ? (i + j) % 11 : 1 + ((i * 3 + j) % 5)])), i % 6 === 0 ? `Point ${i}` : undefined, 'en');
  const close = async () => {
    clock.t = new Date(Date.parse(round.closesAt) + 60_000);
    await pulse.tick();
    return (await store.pulse.results(round.id))!;
  };
  return { pulse, round, answer, close, minute: () => ((clock.t = new Date(clock.t.getTime() + 60_000)), pulse.tick()) };
}

describe.each(FACTORIES)('an open round\'s answers gathered into batches, on $name', (factory) => {
  let stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores) await s.close();
    stores = [];
  });
  const open = async () => {
    const s = await factory.open();
    stores.push(s);
    return s;
  };

  /** What a round of the first `n` members' answers must count, worked out from the answers themselves. */
  const expected = (questionIds: string[], n: number) => {
    const counts: Record<string, Record<string, number>> = {};
    for (let i = 0; i < n; i++) {
      questionIds.forEach((q, j) => {
        const score = String(q === 'enps' ? (i + j) % 11 : 1 + ((i * 3 + j) % 5));
        (counts[q] ??= {})[score] = (counts[q]![score] ?? 0) + 1;
      });
    }
    return { counts, comments: Array.from({ length: n }, (_, i) => i).filter((i) => i % 6 === 0).map((i) => `Point ${i}`).sort() };
  };

  it('answers are gathered into batches as they come and by the tick, and the close counts every one of them once', async () => {
    const store = await open();
    const w = await world(store);
    const entries = async () => ({ loose: (await store.pulse.looseAnswers(w.round.id)).length, all: (await store.pulse.sealedAnswers(w.round.id)).entries.length });
    for (let i = 0; i < MEMBERS.length; i++) {
      await w.answer(i);
      if (i % 10 === 9) await w.minute();
    }
    // every 32 answers one batch is made as they come: 75 answers are two batches and 11 loose
    await eventually(async () => expect(await entries()).toEqual({ loose: 11, all: 13 }));
    await w.answer(0);
    expect(await entries()).toEqual({ loose: 11, all: 13 });

    const results = await w.close();
    const want = expected(w.round.questionIds, MEMBERS.length);
    expect(results.respondents).toBe(MEMBERS.length);
    expect(results.counts).toEqual(want.counts);
    expect([...results.comments].sort()).toEqual(want.comments);
    expect((await store.pulse.sealedAnswers(w.round.id)).entries).toEqual([]);
  });

  it('a tick gathers loose answers this process did not record (another replica that went down, an import)', async () => {
    const store = await open();
    const w = await world(store);
    const key = unwrapRoundKey(WRAPPING, (await store.pulse.roundKey(w.round.id))!)!;
    for (let i = 0; i < 40; i++) {
      await store.pulse.recordAnswer(w.round.id, respondentHash(key, w.round.id, `slack:U${i}`), sealAnswer(key, w.round, { scores: Object.fromEntries(w.round.questionIds.map((q) => [q, q === 'enps' ? 7 : 3])) }));
    }
    expect((await store.pulse.looseAnswers(w.round.id)).length).toBe(40);
    await w.minute();
    expect((await store.pulse.looseAnswers(w.round.id)).length).toBe(0);
    expect((await w.close()).respondents).toBe(40);
  });

  it('entries that do not open are left loose, and do not set off a batch on every answer after them', async () => {
    const store = await open();
    let reads = 0;
    const looseAnswers = store.pulse.looseAnswers.bind(store.pulse);
    store.pulse.looseAnswers = async (id) => ((reads += 1), looseAnswers(id));
    const w = await world(store);
    for (let i = 0; i < 40; i++) await store.pulse.recordAnswer(w.round.id, `h${i}`, Buffer.from(`not a sealed answer ${i}`).toString('base64'));
    await w.minute();
    const byTheTick = reads;
    for (let i = 0; i < 10; i++) await w.answer(i);
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBe(byTheTick);
    expect((await store.pulse.looseAnswers(w.round.id)).length).toBe(50);
  });

  it('an answer recorded while a batch is made is neither lost nor counted twice', async () => {
    const w = await world(await open());
    for (let i = 0; i < 40; i++) await w.answer(i);
    await Promise.all([w.minute(), ...Array.from({ length: 30 }, (_, j) => w.answer(40 + j))]);
    const results = await w.close();
    expect(results.respondents).toBe(70);
    expect(results.counts).toEqual(expected(w.round.questionIds, 70).counts);
  });
});
