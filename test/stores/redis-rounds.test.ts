import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { openRedisStore, type RedisStore } from '../../src/stores/redis/redis-store';

const AT = '2026-11-27T12:00:00.000Z';
type Send = RedisStore['client']['sendCommand'];

/**
 * Lets the first `n` commands through and fails every later one unsent, as ioredis fails a command
 * on a connection that has ended; with `n` undefined it only counts them.
 */
function cutAfter(store: RedisStore, n?: number): { sent: number } {
  const seen = { sent: 0 };
  const send = store.client.sendCommand.bind(store.client) as Send;
  store.client.sendCommand = ((command, ...rest) => {
    if (n !== undefined && seen.sent >= n) {
      command.reject(new Error('Connection is closed.'));
      return command.promise;
    }
    seen.sent += 1;
    return send(command, ...rest);
  }) as Send;
  return seen;
}

const round = (week: string) => ({ team: 'T1', week, questionIds: ['clarity'], opensAt: AT, closesAt: AT, remindAt: AT, k: 5, invited: 6 });
/** The check-ins a round opening asks for, as core gives them, and those queued for a round. */
const checkins = (people: string[]) => (roundId: string) => ({ batch: `pulse:${roundId}:checkin`, items: people.map((p) => ({ id: p, to: p })) });
const queued = async (store: RedisStore, roundId: string) => (await store.outbox.unsent(`pulse:${roundId}:checkin`, 10)).map((i) => i.to);

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

describe('Redis: opening a week’s round', () => {
  it('opens the week on the next try, with the check-ins of the one try that opened it, whichever command of opening it Redis failed at', async () => {
    const healthy = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix: `test-${randomUUID().slice(0, 8)}:` });
    const counted = cutAfter(healthy);
    await healthy.pulse.openRound(round('2026-W48'), undefined, checkins(['U1', 'U2']));
    await healthy.close();
    for (let n = 0; n <= counted.sent; n++) {
      const prefix = `test-${randomUUID().slice(0, 8)}:`;
      const failing = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
      const next = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
      try {
        cutAfter(failing, n);
        const first = await failing.pulse.openRound(round('2026-W48'), undefined, checkins(['U1', 'U2'])).catch((err: Error) => err);
        const opened = await next.pulse.openRound(round('2026-W48'), undefined, checkins(['U3']));
        expect(opened).toMatchObject({ week: '2026-W48', state: 'open' });
        if (!(first instanceof Error)) expect(opened.id).toBe(first.id);
        // a round is never without its check-ins: those of the try that wrote it, whichever it was
        expect([['U1', 'U2'], ['U3']]).toContainEqual(await queued(next, opened.id));
        expect(await next.pulse.getRound(opened.id)).toEqual(opened);
        expect(await next.pulse.roundKey(opened.id)).toBeDefined();
        expect((await next.pulse.listRounds('T1', 5)).map((r) => r.id)).toEqual([opened.id]);
        expect(await next.pulse.openRound(round('2026-W48'))).toEqual(opened);
      } finally {
        await failing.close();
        await next.close();
      }
    }
  });

  it('opens a week that an older Kompis claimed but failed to write the round of', async () => {
    const prefix = `test-${randomUUID().slice(0, 8)}:`;
    const store = await openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix });
    const raw = new Redis(process.env.REDIS_TEST_URL!);
    try {
      await raw.set(`${prefix}round-of:T1:2026-W48`, 'never-written');
      const opened = await store.pulse.openRound(round('2026-W48'), undefined, checkins(['U1', 'U2']));
      expect(opened).toMatchObject({ week: '2026-W48', state: 'open' });
      expect(opened.id).not.toBe('never-written');
      expect(await queued(store, opened.id)).toEqual(['U1', 'U2']);
      expect(await store.pulse.roundKey(opened.id)).toBeDefined();
      expect(await store.pulse.openRound(round('2026-W48'))).toEqual(opened);
      expect((await store.pulse.listRounds('T1', 5)).map((r) => r.id)).toEqual([opened.id]);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});
