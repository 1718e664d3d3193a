import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { openRedisStore } from '../../src/stores/redis/redis-store';

describe('Redis: the curators’ list', () => {
  it('lists a question whose first try stored the record but failed before listing it, when it is tried again', async () => {
    const prefix = `test-${randomUUID().slice(0, 8)}:`;
    const store = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
    const raw = new Redis(process.env.REDIS_TEST_URL!);
    try {
      const q = { question: 'Hva er X?', lang: 'nb' as const, askedAt: '2026-12-01T10:00:00.000Z' };
      // what a first try leaves when the connection drops between the record and its listing
      await raw.set(`${prefix}unanswered:slack:C1:1`, JSON.stringify({ ...q, id: 'slack:C1:1' }));
      expect((await store.curation.latestUnanswered(10)).total).toBe(0);

      await store.curation.addUnanswered(q, 'slack:C1:1');
      expect(await store.curation.latestUnanswered(10)).toMatchObject({ total: 1, items: [{ id: 'slack:C1:1', question: 'Hva er X?' }] });
      expect((await store.exportAll()).unanswered.map((u) => u.id)).toEqual(['slack:C1:1']);
      expect(await store.curation.latestUnanswered(0)).toEqual({ items: [], total: 1 });
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('counts feedback an older version wrote to a list once with the kept row of the same id, as the export lists it', async () => {
    const prefix = `test-${randomUUID().slice(0, 8)}:`;
    const store = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
    const raw = new Redis(process.env.REDIS_TEST_URL!);
    try {
      const kept = await store.curation.recordFeedback({ answerId: 'slack:C1:1.2', vote: 'up', passageIds: ['x.md#y'], lang: 'nb', at: '2026-12-01T10:00:00.000Z' }, 'U1');
      expect((await store.holdings()).feedback).toBe(1);
      // the list an older version wrote: the kept row again (a backup imported over it), and one of its own
      const older = { id: 'old-1', answerId: 'slack:C1:3.4', vote: 'down', passageIds: [], lang: 'nb', at: '2026-11-01T10:00:00.000Z' };
      await raw.rpush(`${prefix}feedback`, JSON.stringify(kept), JSON.stringify(older));
      expect((await store.holdings()).feedback).toBe(2);
      expect((await store.exportAll()).feedback).toHaveLength(2);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});
