import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { tPulse } from '../../../src/core/i18n/pulse-strings';
import type { Lang } from '../../../src/core/lang';
import type { Chats, OutMessage } from '../../../src/core/messages';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { unwrapRoundKey, wrappingKey } from '../../../src/core/pulse/round-key';
import { PulseService, respondentHash, userKey } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import type { PulseRound } from '../../../src/core/storage/records';
import type { RedisStore } from '../../../src/stores/redis/redis-store';
import type { SqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { recordingLogger } from '../../fakes/recording-logger';
import { FACTORIES } from '../../stores/factories';

const TEAM = 'slack:CCOPY';
const LEAD = 'ULEAD';
const MEMBERS = ['UANNA', 'UBO', 'UCARL', 'UDINA', 'UEVA', 'UFRED', 'UGRO'];
const WRAPPING = wrappingKey('copied answers test secret');
const COMMENT = 'My lead talks over me in every 1:1';

/**
 * What an admin of the store can do without the pulse secret: copy a round's first sealed entry as
 * it is, `times` times, with no answered hash beside it (a row inserted in SQLite, an RPUSH in Redis).
 */
async function copyFirstEntry(store: Store, roundId: string, times: number): Promise<void> {
  if (store.kind === 'sqlite') {
    const copy = (store as SqliteStore).db.prepare('INSERT INTO round_sealed (round_id, entry, batched) SELECT round_id, entry, batched FROM round_sealed WHERE round_id = ? ORDER BY rowid LIMIT 1');
    for (let i = 0; i < times; i++) copy.run(roundId);
    return;
  }
  const { client, prefix } = store as RedisStore;
  const list = `${prefix}round:${roundId}:sealed`;
  const first = (await client.lindex(list, 0))!;
  for (let i = 0; i < times; i++) await client.rpush(list, first);
}

/** An answer as a Kompis from before answer ids sealed it: version 1, the scores, the comment, padded; no id. */
function sealedWithoutId(key: Buffer, round: PulseRound, score: number, comment = ''): string {
  const text = Buffer.from(comment, 'utf8');
  const n = round.questionIds.length;
  const plain = Buffer.alloc(Math.ceil((4 + n + text.length) / 256) * 256);
  plain[0] = 1;
  plain[1] = n;
  round.questionIds.forEach((q, i) => (plain[2 + i] = q === 'enps' ? 2 * score : score));
  plain.writeUInt16BE(text.length, 2 + n);
  text.copy(plain, 4 + n);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'kompis pulse sealed answers', 32)), iv);
  cipher.setAAD(Buffer.from(round.id));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** A team of seven and its lead, with a round opened by the scheduler on Monday 23 November 2026. */
async function world(store: Store, lang: Lang = 'en') {
  const clock = { t: new Date('2026-11-23T09:00:30Z'), now: () => clock.t };
  const sent: { to: string; message: OutMessage }[] = [];
  const chats: Chats = {
    slack: { platform: 'slack', send: async (to, message) => (sent.push({ to: to.id, message }), { ok: true }), members: async () => [LEAD, ...MEMBERS].map((id) => ({ id, name: id })) },
  };
  const logger = recordingLogger();
  await store.teams.saveTeam({ id: TEAM, platform: 'slack', channel: 'CCOPY', tz: 'Europe/Oslo', lang, leads: [LEAD], pulse: { day: 1, time: '10:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
  const pulse = new PulseService({ wrapping: WRAPPING, pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger, owner: 'test' });
  await pulse.tick();
  const round = (await store.pulse.listRounds(TEAM, 1))[0]!;
  const scores = (score: number) => Object.fromEntries(round.questionIds.map((q) => [q, q === 'enps' ? 2 * score : score]));
  return {
    pulse,
    round,
    logger,
    answer: async (user: string, score: number, comment?: string) => expect((await pulse.answer(round.id, { platform: 'slack', user }, scores(score), comment, 'en')).tone).toBe('success'),
    /** The round closes at its time; what the lead was sent, and what the store keeps. */
    close: async () => {
      clock.t = new Date(Date.parse(round.closesAt) + 60_000);
      await pulse.tick();
      return { toLead: sent.filter((s) => s.to === LEAD).map((s) => s.message), results: (await store.pulse.results(round.id))! };
    },
  };
}

describe.each(FACTORIES)('sealed answers copied in the store, on $name', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.open();
  });
  afterEach(() => store.close());

  it('one answer copied four times is one answer: below K, and its comment is never shown', async () => {
    const w = await world(store);
    await w.answer('UEVA', 1, COMMENT);
    await copyFirstEntry(store, w.round.id, 4);
    expect((await store.pulse.sealedAnswers(w.round.id)).entries).toHaveLength(5);

    const { toLead, results } = await w.close();
    expect(results).toEqual({ roundId: w.round.id, respondents: 1, counts: {}, comments: [] });
    expect(toLead).toEqual([expect.objectContaining({ kind: 'notice', lines: [tPulse('en', 'notEnough', { k: 5, week: 48 })] })]);
    expect(w.logger.lines).toContainEqual(expect.objectContaining({ level: 'error', obj: expect.objectContaining({ repeats: 4 }) }));
    expect(JSON.stringify(w.logger.lines)).not.toContain('talks over');
  });

  it('five answers and copies of one of them are five answers, each counted once', async () => {
    const w = await world(store);
    await w.answer('UEVA', 1, COMMENT);
    for (const user of ['UANNA', 'UBO', 'UCARL', 'UDINA']) await w.answer(user, 4);
    await copyFirstEntry(store, w.round.id, 3);

    const { toLead, results } = await w.close();
    expect(results.respondents).toBe(5);
    expect(results.counts.support).toEqual({ '1': 1, '4': 4 });
    expect(results.comments).toEqual([COMMENT]);
    expect(toLead).toEqual([expect.objectContaining({ kind: 'pulse-summary', comments: [COMMENT] })]);
  });

  describe('a round open across the upgrade, holding answers sealed before they carried an id', () => {
    /** Three answers in the earlier format, recorded as that Kompis recorded them, then three by this one. */
    async function acrossTheUpgrade(lang: Lang) {
      const w = await world(store, lang);
      const key = unwrapRoundKey(WRAPPING, (await store.pulse.roundKey(w.round.id))!)!;
      const earlier: [string, number, string][] = [
        ['UEVA', 1, COMMENT],
        ['UANNA', 3, ''],
        ['UBO', 4, 'Busy week but fine'],
      ];
      for (const [user, score, comment] of earlier) {
        expect(await store.pulse.recordAnswer(w.round.id, respondentHash(key, w.round.id, userKey({ platform: 'slack' }, user)), sealedWithoutId(key, w.round, score, comment))).toBe('recorded');
      }
      for (const user of ['UCARL', 'UDINA', 'UFRED']) await w.answer(user, 5);
      return w;
    }

    it('counts each of them as before', async () => {
      const w = await acrossTheUpgrade('en');
      const { results } = await w.close();
      expect(results.respondents).toBe(6);
      expect(results.counts.support).toEqual({ '1': 1, '3': 1, '4': 1, '5': 3 });
      expect([...results.comments].sort()).toEqual(['Busy week but fine', COMMENT]);
    });

    it('copied, so that there are more answers than people answered: nothing of the round is kept, the lead is told in the team\'s language, and the log says why without an answer', async () => {
      const w = await acrossTheUpgrade('sv');
      await copyFirstEntry(store, w.round.id, 2);

      const { toLead, results } = await w.close();
      expect(results).toEqual({ roundId: w.round.id, respondents: 0, counts: {}, comments: [], unsummarised: true });
      expect(toLead).toEqual([expect.objectContaining({ kind: 'notice', lang: 'sv', lines: [tPulse('sv', 'unsummarised', { week: 48 })] })]);
      expect(tPulse('sv', 'unsummarised', { week: 48 })).toMatch(/^Omgången för vecka 48 kunde inte sammanfattas/);
      const team = (await store.teams.getTeam(TEAM))!;
      expect(await w.pulse.results(team, LEAD, 'nb')).toMatchObject({ kind: 'notice', lines: [tPulse('nb', 'unsummarised', { week: 48 })] });
      expect(w.logger.lines).toContainEqual(expect.objectContaining({ level: 'error', obj: expect.objectContaining({ round: w.round.id, answers: 8, answered: 6 }) }));
      const logged = JSON.stringify(w.logger.lines);
      for (const words of ['talks over', 'Busy week']) expect(logged).not.toContain(words);
      expect(await store.pulse.roundKey(w.round.id)).toBeUndefined();
      expect((await store.pulse.sealedAnswers(w.round.id)).entries).toEqual([]);
    });
  });
});
