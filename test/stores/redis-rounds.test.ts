import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { openRedisStore } from '../../src/stores/redis/redis-store';

const AT = '2026-11-27T12:00:00.000Z';
const round = (week: string) => ({ team: 'T1', week, questionIds: ['clarity'], opensAt: AT, closesAt: AT, remindAt: AT, k: 5, invited: 6 });

describe('Redis: a team’s rounds by week', () => {
  it('lists the newest rounds across a year boundary, and rebuilds the week index for rounds stored without it', async () => {
    const prefix = `test-${randomUUID().slice(0, 8)}:`;
    const store = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
    const raw = new Redis(process.env.REDIS_TEST_URL!);
    try {
      for (const week of ['2026-W50', '2027-W01', '2026-W52', '2026-W09', '2026-W51']) await store.pulse.openRound(round(week));
      expect((await store.pulse.listRounds('T1', 3)).map((r) => r.week)).toEqual(['2027-W01', '2026-W52', '2026-W51']);

      // rounds from before the week index: only the set of the team's rounds knows them
      await raw.del(`${prefix}rounds-by-week:T1`);
      expect((await store.pulse.listRounds('T1', 2)).map((r) => r.week)).toEqual(['2027-W01', '2026-W52']);
      expect(await raw.zcard(`${prefix}rounds-by-week:T1`)).toBe(5);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});
