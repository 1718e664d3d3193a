import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../src/core/storage/ports';
import type { Chats } from '../../src/core/messages';
import { silentLogger } from '../../src/core/ports';
import { DEFAULT_QUESTION_IDS } from '../../src/core/pulse/questions';
import { newRoundKey, wrappingKey } from '../../src/core/pulse/round-key';
import { PulseService } from '../../src/core/pulse/service';
import { openRedisStore } from '../../src/stores/redis/redis-store';
import { runCli } from './run-cli';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';
import { expectClosedAsBefore } from '../core/pulse/closed-once-check';

describe('kompis export / import', () => {
  it('moves a team from SQLite to Redis and back through a backup file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const store = openSqliteStore(dir);
    await store.goals.createGoal({ team: 'T', title: 'Answer within 30 s', metric: 'ASA', start: 45, target: 30, unit: 's', direction: 'lower', due: '2026-12-31', owner: 'U1' }, '2026-11-20T00:00:00.000Z');
    await store.close();

    const exported = await runCli(['export'], { DATA_DIR: dir });
    expect(exported.code).toBe(0);
    const file = path.join(dir, 'backup.json');
    fs.writeFileSync(file, exported.out);

    const redisEnv = { REDIS_URL: process.env.REDIS_TEST_URL!, REDIS_KEY_PREFIX: `cli-${Date.now()}:` };
    const imported = await runCli(['import', file], redisEnv);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.err).toMatch(/imported into redis: 1 goals/);
    const fromRedis = await runCli(['export'], redisEnv);
    expect(JSON.parse(fromRedis.out)).toEqual(JSON.parse(exported.out));
  });

  it('refuses a file that is not an export, saying why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, '{"hello": 1}');
    const r = await runCli(['import', file], { DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a Kompis export: format/);
  });

  it('reads its arguments strictly: an unknown flag or a second file is refused with the usage line and imports nothing; --help prints the usage', async () => {
    const from = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const seed = openSqliteStore(from);
    await seed.goals.createGoal({ team: 'T', title: 'G', metric: 'm', start: 0, target: 3, unit: 'u', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-20T00:00:00.000Z');
    await seed.close();
    const file = path.join(from, 'p1.json');
    fs.writeFileSync(file, (await runCli(['export'], { DATA_DIR: from })).out);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const dry = await runCli(['import', file, '--dry-run'], { DATA_DIR: dir });
    expect(dry).toMatchObject({ code: 2, out: '' });
    expect(dry.err).toMatch(/Unknown option '--dry-run'/);
    expect(dry.err).toContain('Use: kompis import [--replace] backup.json');
    expect(await runCli(['import', file, file], { DATA_DIR: dir })).toMatchObject({ code: 2, err: expect.stringContaining('import takes one file') });
    const help = await runCli(['import', '--help'], { DATA_DIR: dir });
    expect(help).toMatchObject({ code: 0, out: expect.stringContaining('Use: kompis import [--replace] backup.json'), err: '' });
    expect(JSON.parse((await runCli(['export'], { DATA_DIR: dir })).out)).toMatchObject({ goals: [] });
  });
});

describe('kompis import of a backup file as Windows tools save it', () => {
  const title = 'Færre ventende på køen';
  /** A backup of one goal with Nordic letters in its title, as kompis export writes it. */
  async function backup(): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const store = openSqliteStore(dir);
    await store.goals.createGoal({ team: 'T', title, metric: 'm', start: 0, target: 3, unit: 'u', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-20T00:00:00.000Z');
    await store.close();
    return (await runCli(['export'], { DATA_DIR: dir })).out;
  }
  const titlesIn = async (dir: string) => (JSON.parse((await runCli(['export'], { DATA_DIR: dir })).out) as { goals: { title: string }[] }).goals.map((g) => g.title);
  const saved = (bytes: Buffer) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-')), 'backup.json');
    fs.writeFileSync(file, bytes);
    return file;
  };
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

  it.each([
    ['UTF-8 with a byte-order mark (Notepad, Out-File -Encoding utf8BOM)', (text: string) => Buffer.from(`\uFEFF${text}`)],
    ['UTF-16 little-endian (Windows PowerShell 5.1: kompis export > backup.json)', (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le')],
    ['UTF-16 big-endian', (text: string) => utf16be(`\uFEFF${text}`)],
  ])('reads %s, with its letters as they were', async (_, encoded) => {
    const to = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const r = await runCli(['import', saved(encoded(await backup()))], { DATA_DIR: to });
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: expect.stringMatching(/^imported into sqlite: 1 goals/) });
    expect(await titlesIn(to)).toEqual([title]);
  });

  it('refuses a file that is not UTF-8 (saved as Windows-1252), saying to save it as UTF-8, and imports nothing rather than letters turned to U+FFFD', async () => {
    const to = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const file = saved(Buffer.from(await backup(), 'latin1'));
    const r = await runCli(['import', file], { DATA_DIR: to });
    expect(r).toEqual({ code: 1, out: '', err: `kompis: the backup file ${file} was not read: the file is not UTF-8 (Latin-1 or Windows-1252?); save it as UTF-8\n` });
    expect(await titlesIn(to)).toEqual([]);
  });

  it('says a file that is not there does not exist', async () => {
    const missing = path.join(os.tmpdir(), 'kompis-no-such-backup.json');
    const r = await runCli(['import', missing], { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-')) });
    expect(r).toEqual({ code: 1, out: '', err: `kompis: the backup file ${missing} does not exist\n` });
  });
});

const targets: { name: string; target: () => Promise<{ env: Record<string, string>; open: () => Promise<Store> }> }[] = [
  {
    name: 'SQLite',
    target: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
      return { env: { DATA_DIR: dir }, open: async () => openSqliteStore(dir) };
    },
  },
  {
    name: 'Redis',
    target: async () => {
      const prefix = `cli-${Date.now()}-${Math.random().toString(36).slice(2, 8)}:`;
      return { env: { REDIS_URL: process.env.REDIS_TEST_URL!, REDIS_KEY_PREFIX: prefix }, open: () => openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix }) };
    },
  },
];

describe.each(targets)('kompis import into a store that holds data: $name', ({ target }) => {
  it('is refused, saying what the store holds and that --replace overwrites it, and the newer data stays; with --replace the backup is written over it', async () => {
    const { env, open } = await target();
    const at = '2026-11-20T10:00:00.000Z';
    let store = await open();
    const goal = await store.goals.createGoal({ team: 'T', title: 'Calls', metric: 'calls', start: 0, target: 10, unit: 'calls', direction: 'higher', due: '2026-12-31', owner: 'U1' }, at);
    await store.goals.addProgress(goal.id, { delta: 2 }, { source: 'api', at });
    const question = await store.curation.addUnanswered({ question: 'Hvor er X?', lang: 'nb', askedAt: at });
    const round = await store.pulse.openRound({ team: 'T', week: '2026-W47', questionIds: ['q'], opensAt: at, closesAt: at });
    await store.pulse.closeRound(round.id, { respondents: 1, counts: { q: { '4': 1 } }, comments: ['fine'] }, await store.pulse.sealedAnswers(round.id));
    await store.close();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-')), 'backup.json');
    fs.writeFileSync(file, (await runCli(['export'], env)).out);

    // after the backup: a later reading, the question closed, the round's comment gone by retention
    store = await open();
    await store.goals.addProgress(goal.id, { delta: 3 }, { source: 'api', at: '2026-11-21T10:00:00.000Z' });
    await store.curation.closeUnanswered(question.id, 'curator', '2026-11-21T10:00:00.000Z');
    await store.pulse.deleteCommentsBefore('2026-W48');
    await store.close();

    const refused = await runCli(['import', file], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/already holds 1 goal, 1 pulse round and 1 question on the curators' list; nothing was imported\. To overwrite it with the backup, run: kompis import --replace /);
    store = await open();
    try {
      expect((await store.goals.getGoal(goal.id))!.current).toBe(5);
      expect(await store.curation.listOpenUnanswered()).toEqual([]);
      expect((await store.pulse.getRound(round.id))!.state).toBe('closed');
      expect(await store.pulse.roundKey(round.id)).toBeUndefined();
      expect((await store.pulse.results(round.id))!.comments).toEqual([]);
    } finally {
      await store.close();
    }

    expect(await runCli(['import', '--replace', file], env)).toMatchObject({ code: 0 });
    store = await open();
    try {
      expect((await store.goals.getGoal(goal.id))!.current).toBe(2);
      expect(await store.curation.listOpenUnanswered()).toHaveLength(1);
      // a round closed in the store stays as it closed: the backup's comment does not come back
      expect(await store.pulse.results(round.id)).toEqual({ roundId: round.id, respondents: 1, counts: { q: { '4': 1 } }, comments: [] });
    } finally {
      await store.close();
    }
  });
});

describe.each(targets)('kompis import --replace of a backup written while a round was open, after it closed: $name', ({ target }) => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it('is refused, naming the round, and the round stays closed with the results its leads were shown: it is never counted again without the later answers', async () => {
    const { env, open } = await target();
    store = await open();
    const clock = { t: new Date('2026-11-23T09:00:30Z'), now: () => clock.t };
    const members = ['UANNA', 'UBO', 'UCARL', 'UDINA', 'UEVA', 'UFRED'];
    const toLead: string[] = [];
    const chats: Chats = { slack: { platform: 'slack', send: async (to, message) => (to.id === 'ULEAD' && toLead.push(message.kind), { ok: true }), members: async () => ['ULEAD', ...members].map((id) => ({ id, name: id })) } };
    // the running Kompis, on the store the admin exports from and imports into
    const pulse = new PulseService({ wrapping: wrappingKey('the running Kompis pulse secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
    await store.teams.saveTeam({ id: 'slack:CTEAM', platform: 'slack', channel: 'CTEAM', tz: 'Europe/Oslo', lang: 'en', leads: ['ULEAD'], pulse: { day: 1, time: '10:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
    await pulse.tick();
    const round = (await store.pulse.listRounds('slack:CTEAM', 1))[0]!;
    const answer = (user: string, score: number, comment?: string) => pulse.answer(round.id, { platform: 'slack', user }, Object.fromEntries(round.questionIds.map((q) => [q, q === 'enps' ? 2 * score : score])), comment, 'en');
    for (const [i, user] of members.slice(0, 5).entries()) await answer(user, 3 + (i % 3));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-')), 'backup.json');
    fs.writeFileSync(file, (await runCli(['export'], env)).out);

    await answer('UFRED', 1, 'I am looking for another job');
    clock.t = new Date(Date.parse(round.closesAt) + 60_000);
    await pulse.tick();
    const shown = (await store.pulse.results(round.id))!;
    expect(shown).toMatchObject({ respondents: 6, comments: ['I am looking for another job'] });
    expect(toLead).toEqual(['pulse-summary']);

    const refused = await runCli(['import', '--replace', file], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`holds the pulse round of slack:CTEAM for 2026-W48 (${round.id}) closed, and the backup holds it open; nothing was imported. A pulse round closes once`);
    expect(refused.err).toMatch(/^kompis: (The SQLite store in .+|Redis \(prefix cli-.+\)) holds the pulse round/);

    // the scheduler goes on: nothing opens again, nothing is counted again, no second summary
    await expectClosedAsBefore(store, pulse, clock, round.id, shown, toLead);
  });
});

describe('kompis import of a backup with an open pulse round', () => {
  it('says, after importing, that its answers open only with the exporting Kompis\'s pulse secret, its DATA_DIR/pulse-secret when it had none, and never prints that secret', async () => {
    const secret = 'the old DATA_DIR pulse secret, never printed anywhere';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    fs.writeFileSync(path.join(dir, 'pulse-secret'), secret);
    const at = new Date().toISOString();
    const store = openSqliteStore(dir);
    const closed = await store.pulse.openRound({ team: 'slack:C1', week: '2026-W46', questionIds: ['q'], opensAt: at, closesAt: at });
    await store.pulse.closeRound(closed.id, { respondents: 0, counts: {}, comments: [] }, await store.pulse.sealedAnswers(closed.id));
    await store.pulse.openRound({ team: 'slack:C1', week: '2026-W47', questionIds: ['q'], opensAt: at, closesAt: at }, newRoundKey(wrappingKey(secret)).wrapped);
    await store.close();
    const file = path.join(dir, 'backup.json');
    fs.writeFileSync(file, (await runCli(['export'], { DATA_DIR: dir })).out);

    const redisEnv = { REDIS_URL: process.env.REDIS_TEST_URL!, REDIS_KEY_PREFIX: `cli-open-${Date.now()}:` };
    const imported = await runCli(['import', file], redisEnv);
    expect(imported.code).toBe(0);
    expect(imported.err).toMatch(/imported into redis: .*\nThe backup holds an open pulse round \(slack:C1, week 47\): its answers open only with the pulse secret of the Kompis that exported it\. Give every Kompis on this store that Kompis's PULSE_SECRET, or, if it had none, the content of its DATA_DIR\/pulse-secret file/);
    expect(imported.err + imported.out).not.toContain(secret);

    // a backup with no open round has nothing to say about the secret
    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const onlyClosed = path.join(none, 'backup.json');
    const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as { rounds: { id: string; state: string }[]; results: { roundId: string }[]; roundSecrets: unknown[] };
    fs.writeFileSync(onlyClosed, JSON.stringify({ ...snapshot, rounds: snapshot.rounds.filter((r) => r.id === closed.id), results: snapshot.results.filter((r) => r.roundId === closed.id), roundSecrets: [] }));
    const quiet = await runCli(['import', onlyClosed], { DATA_DIR: path.join(none, 'data') });
    expect(quiet.code).toBe(0);
    expect(quiet.err).not.toMatch(/pulse secret/);
  });
});
