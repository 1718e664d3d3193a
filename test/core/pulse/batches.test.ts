import type { Chats } from '../../../src/core/messages';
import { silentLogger } from '../../../src/core/ports';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import { FACTORIES } from '../../stores/factories';

const TEAM = 'slack:CBATCH';
const MEMBERS = Array.from({ length: 75 }, (_, i) => `U${String(i).padStart(3, '0')}`);

async function world(store: Store) {
  const clock = { t: new Date('2026-11-27T12:00:05Z'), now: () => clock.t };
  const chats: Chats = { slack: { platform: 'slack', send: async () => ({ ok: true }), members: async () => MEMBERS.map((id) => ({ id, name: `Person ${id}` })) } };
  await store.teams.saveTeam({ id: TEAM, platform: 'slack', channel: 'CBATCH', tz: 'Europe/Oslo', lang: 'en', leads: [MEMBERS[0]!], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
  const pulse = new PulseService({ wrapping: wrappingKey('batch test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
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

  it('a tick gathers loose answers once there are enough, and the close counts exactly what a round without batches counts', async () => {
    const [batched, plain] = [await world(await open()), await world(await open())];
    for (let i = 0; i < MEMBERS.length; i++) {
      await batched.answer(i);
      await plain.answer(i);
      if (i % 10 === 9) await batched.minute();
    }
    const store = stores[0]!;
    const entries = async () => ({ loose: (await store.pulse.looseAnswers(batched.round.id)).length, all: (await store.pulse.sealedAnswers(batched.round.id)).entries.length });
    // 75 answers, a tick after every 10: the one at 40 gathers 40; 35 have come since
    expect(await entries()).toEqual({ loose: 35, all: 36 });
    await batched.minute();
    expect(await entries()).toEqual({ loose: 0, all: 2 });
    await batched.answer(0);
    expect(await entries()).toEqual({ loose: 0, all: 2 });

    const [a, b] = [await batched.close(), await plain.close()];
    expect(a.respondents).toBe(MEMBERS.length);
    expect(a.counts).toEqual(b.counts);
    expect([...a.comments].sort()).toEqual([...b.comments].sort());
    expect((await store.pulse.sealedAnswers(batched.round.id)).entries).toEqual([]);
  });

  it('an answer recorded while a batch is made is neither lost nor counted twice', async () => {
    const w = await world(await open());
    for (let i = 0; i < 40; i++) await w.answer(i);
    await Promise.all([w.minute(), ...Array.from({ length: 20 }, (_, j) => w.answer(40 + j))]);
    expect((await w.close()).respondents).toBe(60);
  });
});
