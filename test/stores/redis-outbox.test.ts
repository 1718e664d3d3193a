import { randomUUID } from 'node:crypto';
import { openRedisStore } from '../../src/stores/redis/redis-store';

describe('Redis: the outbox in an export', () => {
  it("holds its own prefix's batches only, also where the prefix has glob characters, and a batch of more items than one script takes", async () => {
    const id = randomUUID().slice(0, 8);
    // unescaped, "[a]" would match the other store's "a"
    const store = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix: `t-${id}[a]:` });
    const neighbour = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix: `t-${id}a:` });
    const other = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix: `t-${id}b:` });
    try {
      const many = Array.from({ length: 1200 }, (_, i) => ({ id: `U${String(i).padStart(4, '0')}`, to: `U${i}` }));
      await store.outbox.enqueue('pulse:r1:checkin', many);
      await store.outbox.mark('pulse:r1:checkin', 'U0001', 'sent');
      await neighbour.outbox.enqueue('goal:g1:celebration', [{ id: 'channel', to: 'C1' }]);
      const backup = await store.exportAll();
      expect(backup.outbox).toHaveLength(1200);
      expect(new Set(backup.outbox.map((item) => item.batch))).toEqual(new Set(['pulse:r1:checkin']));

      await other.importAll(backup);
      expect(await other.outbox.counts('pulse:r1:checkin')).toEqual({ pending: 1199, sending: 0, sent: 1 });
      expect((await other.exportAll()).outbox).toEqual(backup.outbox);
    } finally {
      await Promise.all([store.close(), neighbour.close(), other.close()]);
    }
  });
});
