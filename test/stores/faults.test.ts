import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { apologyText } from '../../src/core/conversation/apology';
import { KompisError } from '../../src/core/errors';
import { openRedisStore } from '../../src/stores/redis/redis-store';
import { openSqliteStore, type SqliteStore } from '../../src/stores/sqlite/sqlite-store';
import { recordingLogger } from '../fakes/recording-logger';
import { freePort } from '../setup/global-setup';
import { killRedisServer, startRedisServer } from './redis-process';

describe('Redis faults', () => {
  it('fails with a typed error within a bounded time while Redis is down, and works again when it is back', async () => {
    const port = await freePort();
    let server = await startRedisServer(port);
    const store = await openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'fault:', commandTimeoutMs: 500 });
    try {
      expect(await store.channels.markEventSeen('before', 60)).toBe(true);
      await killRedisServer(server);

      const started = Date.now();
      const err = await store.channels.markEventSeen('during', 60).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KompisError);
      expect((err as KompisError).code).toBe('store_unavailable');
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await store.health()).ok).toBe(false);

      server = await startRedisServer(port);
      let back = false;
      for (let i = 0; i < 60 && !back; i++) {
        back = (await store.health()).ok;
        if (!back) await new Promise((r) => setTimeout(r, 100));
      }
      expect(back).toBe(true);
      expect(await store.channels.markEventSeen('after', 60)).toBe(true);
    } finally {
      await store.close();
      await killRedisServer(server);
    }
  });

  it('refuses to start against a Redis that cannot be reached, naming the fix', async () => {
    const port = await freePort();
    await expect(openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'x:', connectTimeoutMs: 300 })).rejects.toThrow(/cannot reach Redis.*REDIS_URL/);
  });
});

describe('SQLite faults', () => {
  describe('a database file damaged while Kompis runs: the user is told the store is down, the admin which file is damaged', () => {
    const question = 'Kari asks how to return a phone with her number 912 34 567';
    let dir: string;
    let logger: ReturnType<typeof recordingLogger>;
    let store: SqliteStore;
    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-damaged-'));
      logger = recordingLogger();
      store = openSqliteStore(dir, logger);
      for (let i = 0; i < 50; i++) await store.curation.addUnanswered({ question: `${question} (${i})`, lang: 'en', askedAt: '2026-11-20T00:00:00.000Z' });
      // everything in the file itself, none of it left in the WAL
      store.db.pragma('wal_checkpoint(TRUNCATE)');
    });
    afterEach(() => store.close());

    /** Overwrites the file's pages from `first` on, and has the connection let go of the pages it holds in memory, as a store larger than its cache does. */
    const damage = (first: number) => {
      const file = path.join(dir, 'kompis.db');
      const pageSize = store.db.pragma('page_size', { simple: true }) as number;
      const fd = fs.openSync(file, 'r+');
      for (let page = first; page * pageSize < fs.statSync(file).size; page++) fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, page * pageSize);
      fs.closeSync(fd);
      store.db.pragma('shrink_memory');
    };

    it.each([
      ['SQLITE_CORRUPT', 'its tables', 1],
      ['SQLITE_NOTADB', 'the whole file, its header too', 0],
    ] as const)('%s: %s overwritten', async (code, _what, first) => {
      damage(first);
      const err = await store.curation.listOpenUnanswered().catch((e: unknown) => e);
      expect(err).toEqual(expect.objectContaining({ name: 'KompisError', code: 'store_unavailable' }));
      expect(apologyText('nb', err)).toBe('Beklager, lageret mitt svarer ikke akkurat nå, så dette ble ikke lagret. Prøv igjen om litt.');
      await expect(store.curation.addUnanswered({ question: 'Q', lang: 'en', askedAt: '2026-11-21T00:00:00.000Z' })).rejects.toEqual(expect.objectContaining({ code: 'store_unavailable' }));
      const file = path.join(dir, 'kompis.db');
      expect(logger.lines.filter((l) => l.level === 'error')).toEqual([
        { level: 'error', obj: { store: 'sqlite', db: file, code }, msg: expect.stringContaining(`the database file ${file} is damaged (${code})`) },
        { level: 'error', obj: { store: 'sqlite', db: file, code }, msg: expect.stringContaining('is damaged') },
      ]);
      expect(JSON.stringify(logger.lines)).not.toMatch(/Kari|912 34 567/);
    });
  });

  it('names an unwritable DATA_DIR', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-ro-')), 'not-a-dir');
    fs.writeFileSync(file, 'x');
    expect(() => openSqliteStore(path.join(file, 'data'))).toThrow(expect.objectContaining({ code: 'store_unwritable', message: expect.stringMatching(/DATA_DIR/) }));
  });

  it('names a corrupt database file and how to recover', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-bad-'));
    fs.writeFileSync(path.join(dir, 'kompis.db'), 'this is not a database, just text that is long enough to look like a header'.repeat(100));
    expect(() => openSqliteStore(dir)).toThrow(expect.objectContaining({ code: 'store_corrupt', message: expect.stringMatching(/kompis\.db.*kompis import/) }));
  });

  it('keeps what it stored across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-restart-'));
    const first = openSqliteStore(dir);
    await first.curation.addUnanswered({ question: 'Q', lang: 'da', askedAt: '2026-11-20T00:00:00.000Z' });
    await first.close();
    const second = openSqliteStore(dir);
    expect((await second.curation.listOpenUnanswered()).map((q) => q.question)).toEqual(['Q']);
    await second.close();
  });

  describe('a database Kompis cannot use now fails with a typed error, as Redis down does, and works again after', () => {
    const goal = { team: 'T', title: 'G', metric: 'm', start: 0, target: 10, unit: 'u', direction: 'higher' as const, due: '2026-12-31', owner: 'U1' };
    const at = '2026-11-20T00:00:00.000Z';
    let store: SqliteStore;
    beforeEach(() => {
      store = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-unusable-')));
      // how long a write waits for another writer: 5 s in use, shorter here
      store.db.pragma('busy_timeout = 50');
    });
    afterEach(() => store.close());
    const unavailable = expect.objectContaining({ name: 'KompisError', code: 'store_unavailable' });

    it('locked by another process (a backup, a kompis import)', async () => {
      const g = await store.goals.createGoal(goal, at);
      const other = new Database(store.db.name);
      other.exec('BEGIN EXCLUSIVE');
      try {
        await expect(store.goals.addProgress(g.id, { delta: 1 }, { source: 'api', at })).rejects.toEqual(unavailable);
        await expect(store.channels.markEventSeen('ev', 60)).rejects.toEqual(unavailable);
        await expect(store.importAll(await store.exportAll())).rejects.toEqual(unavailable);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      expect(await store.goals.addProgress(g.id, { delta: 1 }, { source: 'api', at })).toMatchObject({ applied: true, goal: { current: 1 } });
    });

    it('full', async () => {
      store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
      await expect(store.curation.addUnanswered({ question: 'Q'.repeat(100_000), lang: 'en', askedAt: at })).rejects.toEqual(unavailable);
      store.db.pragma('max_page_count = 1073741823');
      expect(await store.curation.addUnanswered({ question: 'Q', lang: 'en', askedAt: at })).toMatchObject({ question: 'Q' });
    });

    it('read-only', async () => {
      store.db.pragma('query_only = 1');
      await expect(store.goals.createGoal(goal, at)).rejects.toEqual(unavailable);
      store.db.pragma('query_only = 0');
      expect(await store.goals.createGoal(goal, at)).toMatchObject({ title: 'G' });
    });

    it('locked by a statement still running on this connection', async () => {
      const round = await store.pulse.openRound({ team: 'T', week: '2026-W47', questionIds: ['clarity'], opensAt: at, closesAt: '2026-11-23T10:00:00.000Z', k: 5 });
      const results = { respondents: 0, counts: {}, comments: [] };
      // a read left open on the store's own connection: the close's copying of the WAL into the file (SQLITE_LOCKED) cannot run
      store.db.unsafeMode(true);
      const reading = store.db.prepare('SELECT id FROM rounds').iterate();
      reading.next();
      try {
        await expect(store.pulse.closeRound(round.id, results, await store.pulse.sealedAnswers(round.id))).rejects.toEqual(unavailable);
      } finally {
        reading.return?.();
        store.db.unsafeMode(false);
      }
      expect(await store.pulse.closeRound(round.id, results, await store.pulse.sealedAnswers(round.id))).toBe(true);
    });

    it('but a broken constraint stays the error it is', async () => {
      store.db.exec("CREATE TRIGGER no_kudos BEFORE INSERT ON kudos BEGIN SELECT RAISE(ABORT, 'no kudos'); END");
      const err = await store.goals.addKudos({ team: 'T', from: 'U1', to: 'U2', text: 'thanks', at }).catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(KompisError);
      expect(err).toMatchObject({ code: 'SQLITE_CONSTRAINT_TRIGGER' });
    });
  });
});
