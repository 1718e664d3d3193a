import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/stores/sqlite/migrations';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';

/** A database as an older Kompis left it: its schema up to `version`, and rows written in that schema. */
function olderDatabase(version: number, fill: (db: Database.Database) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-older-'));
  const db = new Database(path.join(dir, 'kompis.db'));
  for (const step of MIGRATIONS.slice(0, version)) db.exec(step);
  db.pragma(`user_version = ${version}`);
  fill(db);
  db.close();
  return dir;
}

describe('SQLite: a database written by an older Kompis', () => {
  it('numbers its goals by when they were made, then by id, not by the order its rows were written in', async () => {
    const goal = (id: string, title: string, createdAt: string) => ({ id, team: 'T', title, metric: 'm', start: 0, target: 10, unit: 'u', direction: 'higher', due: '2026-12-31', owner: 'U1', current: 0, createdAt });
    const dir = olderDatabase(8, (db) => {
      // rows imported from Redis in the order its set gave them
      const insert = db.prepare('INSERT INTO goals (id, team, data, current, reached_at) VALUES (?, ?, ?, ?, NULL)');
      for (const g of [goal('c', 'third', '2026-11-20T10:03:00.000Z'), goal('b', 'first', '2026-11-20T10:01:00Z'), goal('z', 'second', '2026-11-20T10:02:00.000Z'), goal('a', 'second too', '2026-11-20T10:02:00.000Z')]) {
        insert.run(g.id, g.team, JSON.stringify(g), g.current);
      }
    });
    const store = openSqliteStore(dir);
    try {
      expect((await store.goals.listGoals('T')).map((g) => g.title)).toEqual(['first', 'second too', 'second', 'third']);
      await store.goals.createGoal({ team: 'T', title: 'new', metric: 'm', start: 0, target: 1, unit: 'u', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-21T00:00:00.000Z');
      expect((await store.goals.listGoals('T')).map((g) => g.title)).toEqual(['first', 'second too', 'second', 'third', 'new']);
    } finally {
      await store.close();
    }
  });
});
