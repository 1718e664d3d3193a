import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';

describe('SQLite: expired marks', () => {
  it('are removed as new ones come, so the table holds only what is still live', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-expiry-'));
    const store = openSqliteStore(dir);
    try {
      for (let i = 0; i < 50; i++) await store.channels.markEventSeen(`old-${i}`, 0);
      await store.channels.markActive('thread-1', 0);
      await store.channels.markActive('thread-2', 3600);
      expect(await store.channels.markEventSeen('new', 3600)).toBe(true);
      const raw = new Database(path.join(dir, 'kompis.db'), { readonly: true });
      try {
        const ids = (raw.prepare('SELECT id FROM seen_events ORDER BY id').all() as { id: string }[]).map((r) => r.id);
        expect(ids).toEqual(['active:thread-2', 'new']);
      } finally {
        raw.close();
      }
      expect(await store.channels.isActive('thread-2')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
