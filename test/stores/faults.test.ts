import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KompisError } from '../../src/core/errors';
import { openRedisStore } from '../../src/stores/redis/redis-store';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';
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
});
