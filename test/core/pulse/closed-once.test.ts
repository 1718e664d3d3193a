import type { Chats } from '../../../src/core/messages';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { PulseService } from '../../../src/core/pulse/service';
import type { SealedSet, Store } from '../../../src/core/storage/ports';
import type { PulseRound } from '../../../src/core/storage/records';
import type { RedisStore } from '../../../src/stores/redis/redis-store';
import type { SqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { recordingLogger } from '../../fakes/recording-logger';
import { FACTORIES } from '../../stores/factories';
import { expectClosedAsBefore } from './closed-once-check';

const TEAM = 'slack:CONCE';
const LEAD = 'ULEAD';
const MEMBERS = ['UANNA', 'UBO', 'UCARL', 'UDINA', 'UEVA', 'UFRED'];

/** What the store held of an open round, as a copy of its files or keys taken then would hold it. */
interface Copy {
  round: PulseRound;
  key: Buffer;
  sealed: SealedSet;
  hashes: string[];
}

async function copyOf(store: Store, round: PulseRound): Promise<Copy> {
  const hashes =
    store.kind === 'sqlite'
      ? ((store as SqliteStore).db.prepare('SELECT hash FROM round_answered WHERE round_id = ?').pluck().all(round.id) as string[])
      : await (store as RedisStore).client.smembers(`${(store as RedisStore).prefix}round:${round.id}:answered`);
  return { round: (await store.pulse.getRound(round.id))!, key: (await store.pulse.roundKey(round.id))!, sealed: await store.pulse.sealedAnswers(round.id), hashes };
}

/** An admin puts the round back by hand as the copy held it, open, with its key and answers, and leaves the results tables as they are. */
async function putBack(store: Store, copy: Copy): Promise<void> {
  const id = copy.round.id;
  if (store.kind === 'sqlite') {
    const db = (store as SqliteStore).db;
    db.prepare("UPDATE rounds SET state = 'open' WHERE id = ?").run(id);
    db.prepare('INSERT INTO round_keys VALUES (?, ?)').run(id, copy.key);
    for (const h of copy.hashes) db.prepare('INSERT INTO round_answered VALUES (?, ?)').run(id, h);
    for (const e of copy.sealed.entries) db.prepare('INSERT INTO round_sealed (round_id, entry) VALUES (?, ?)').run(id, e);
    return;
  }
  const { client, prefix } = store as RedisStore;
  await client.set(`${prefix}round:${id}`, JSON.stringify(copy.round));
  await client.set(`${prefix}round:${id}:key`, copy.key.toString('base64'));
  await client.sadd(`${prefix}round:${id}:answered`, ...copy.hashes);
  await client.rpush(`${prefix}round:${id}:sealed`, ...copy.sealed.entries);
}

describe.each(FACTORIES)('a pulse round closes once, on $name', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.open();
  });
  afterEach(() => store.close());

  it('put back open by hand with the answers it had before the last one, it closes as it did: not counted again, no second summary', async () => {
    const clock = { t: new Date('2026-11-23T09:00:30Z'), now: () => clock.t };
    const toLead: string[] = [];
    const chats: Chats = { slack: { platform: 'slack', send: async (to, message) => (to.id === LEAD && toLead.push(message.kind), { ok: true }), members: async () => [LEAD, ...MEMBERS].map((id) => ({ id, name: id })) } };
    const logger = recordingLogger();
    const pulse = new PulseService({ wrapping: wrappingKey('closed once test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger, owner: 'test' });
    await store.teams.saveTeam({ id: TEAM, platform: 'slack', channel: 'CONCE', tz: 'Europe/Oslo', lang: 'en', leads: [LEAD], pulse: { day: 1, time: '10:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
    await pulse.tick();
    const round = (await store.pulse.listRounds(TEAM, 1))[0]!;
    const answer = (user: string, score: number, comment?: string) => pulse.answer(round.id, { platform: 'slack', user }, Object.fromEntries(round.questionIds.map((q) => [q, score])), comment, 'en');
    for (const user of MEMBERS.slice(0, 5)) await answer(user, 4, user === 'UANNA' ? 'Busy week but fine' : undefined);
    const copy = await copyOf(store, round);
    await answer('UFRED', 1, 'I am looking for another job');
    clock.t = new Date(Date.parse(round.closesAt) + 60_000);
    await pulse.tick();
    const shown = (await store.pulse.results(round.id))!;
    expect(shown.respondents).toBe(6);
    expect(toLead).toEqual(['pulse-summary']);

    await putBack(store, copy);
    expect((await store.pulse.getRound(round.id))!.state).toBe('open');
    await expectClosedAsBefore(store, pulse, clock, round.id, shown, toLead);
    expect(await pulse.results((await store.teams.getTeam(TEAM))!, LEAD, 'en')).toMatchObject({ kind: 'pulse-summary', responseLine: expect.stringContaining('6 of 6') });
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', obj: { team: TEAM, round: round.id } }));
  });
});
