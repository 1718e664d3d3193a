import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../src/core/storage/ports';
import { openRedisStore } from '../../src/stores/redis/redis-store';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';

export interface StoreFactory {
  name: string;
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** A second connection to the same data, as a second replica would have. */
  openAnother(of: Store): Promise<Store>;
}

export const sqliteFactory: StoreFactory = {
  name: 'SQLite',
  open: async () => openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-sqlite-'))),
  openAnother: async (of) => openSqliteStore(path.dirname((of as ReturnType<typeof openSqliteStore>).db.name)),
};

const prefixes = new WeakMap<Store, string>();
export const redisFactory: StoreFactory = {
  name: 'Redis',
  open: async () => {
    const prefix = `test-${randomUUID().slice(0, 8)}:`;
    const store = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
    prefixes.set(store, prefix);
    return store;
  },
  openAnother: async (of) => {
    const prefix = prefixes.get(of)!;
    const store = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
    prefixes.set(store, prefix);
    return store;
  },
};

export const FACTORIES = [sqliteFactory, redisFactory];
