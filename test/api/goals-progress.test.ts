import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { goalsProgressHandler, mountGoalsApi } from '../../src/api/goals-progress';
import { GoalService } from '../../src/core/goals/service';
import type { Chat, OutMessage } from '../../src/core/messages';
import { silentLogger } from '../../src/core/ports';
import type { Store } from '../../src/core/storage/ports';
import Database from 'better-sqlite3';
import { FACTORIES, sqliteFactory } from '../stores/factories';
import type { SqliteStore } from '../../src/stores/sqlite/sqlite-store';
import { fixedClock } from '../helpers';
import { HttpServer } from '../../src/http/server';
import { KompisMetrics } from '../../src/http/metrics';
import { openRedisStore, type RedisStore } from '../../src/stores/redis/redis-store';
import { freePort } from '../setup/global-setup';
import { killRedisServer, startRedisServer } from '../stores/redis-process';

const TOKEN = 'goals-test-token-1234';

describe.each(FACTORIES)('POST /api/goals/{id}/progress on $name', (factory) => {
  let store: Store;
  let server: http.Server;
  let base: string;
  let goals: GoalService;
  /** What the goals' chat platform was asked to post: the celebrations. */
  const posted: OutMessage[] = [];
  const chat: Chat = { platform: 'api-test', send: async (_to, message) => (posted.push(message), { ok: true }), members: async () => [] };

  beforeAll(async () => {
    store = await factory.open();
    await store.teams.saveTeam({ id: 'T', platform: 'api-test', channel: 'C1', lang: 'en', tz: 'Europe/Oslo', leads: [], updatedAt: '2026-11-01T00:00:00.000Z' });
    const clock = fixedClock('2026-11-22T10:00:00Z');
    goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'api', chats: { 'api-test': chat }, clock, logger: silentLogger });
    const handler = goalsProgressHandler({ goals, token: TOKEN, logger: silentLogger });
    server = http.createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await store.close();
  });

  const post = (id: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${base}/api/goals/${id}/progress`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  const newGoal = () =>
    store.goals.createGoal({ team: 'T', title: 'Calls answered', metric: 'calls', start: 0, target: 10, unit: 'calls', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-01T00:00:00.000Z');

  it('rejects a missing or wrong token with 401 and changes nothing', async () => {
    const g = await newGoal();
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }] as Record<string, string>[]) {
      const res = await post(g.id, { delta: 1 }, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await store.goals.getGoal(g.id))!.current).toBe(0);
  });

  it.each([
    ['{not json', 'invalid_json', undefined],
    [{ delta: 'one' }, 'invalid_body', 'delta'],
    [{ value: 1, delta: 1 }, 'invalid_body', 'value'],
    [{ amount: 3 }, 'invalid_body', 'amount'],
    [{}, 'invalid_body', 'value'],
    [{ delta: 1, source: 'x'.repeat(200) }, 'invalid_body', 'source'],
  ])('answers 400 naming the field for %j', async (body, error, field) => {
    const g = await newGoal();
    const res = await post(g.id, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; field?: string; message: string };
    expect(json.error).toBe(error);
    if (field) expect(json.field).toBe(field);
    expect(json.message.length).toBeGreaterThan(10);
  });

  it('answers 400 for a body that is not UTF-8, and changes nothing', async () => {
    const g = await newGoal();
    // "Förre" in Windows-1252: ö is the one byte 0xf6, no UTF-8
    const body = Buffer.concat([Buffer.from('{"delta": 1, "source": "F'), Buffer.from([0xf6]), Buffer.from('rre"}')]);
    const res = await fetch(`${base}/api/goals/${g.id}/progress`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_encoding' });
    expect((await store.goals.getGoal(g.id))!.current).toBe(0);
  });

  it('answers another method than POST with 405, naming POST in Allow, and changes nothing', async () => {
    const g = await newGoal();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(`${base}/api/goals/${g.id}/progress`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toEqual({ error: 'method_not_allowed', message: 'POST /api/goals/{id}/progress' });
    }
    expect((await store.goals.getGoal(g.id))!.current).toBe(0);
    // a path the API does not have is not found, whatever the method
    expect((await fetch(`${base}/api/goals/${g.id}/history`)).status).toBe(404);
  });

  it('answers 404 for an unknown goal', async () => {
    expect((await post('no-such-goal', { delta: 1 })).status).toBe(404);
  });

  it('applies a delta and a value, honours Idempotency-Key and celebrates once', async () => {
    const g = await newGoal();
    const first = await post(g.id, { delta: 4, source: 'genesys' }, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'batch-7' });
    expect(await first.json()).toMatchObject({ current: 4, applied: true, reached: false });
    const retry = await post(g.id, { delta: 4, source: 'genesys' }, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'batch-7' });
    expect(await retry.json()).toMatchObject({ current: 4, applied: false });
    const reached = await post(g.id, { value: 12 });
    expect(await reached.json()).toMatchObject({ current: 12, reached: true, reachedNow: true, celebration: 'queued' });
    expect(await (await post(g.id, { value: 13 })).json()).not.toHaveProperty('celebration');
    await goals.settled();
    // through GoalService, the one progress path: the celebration is posted, once
    expect(posted.filter((m) => m.kind === 'celebration' && m.goal.id === g.id)).toHaveLength(1);
    expect((await store.goals.listProgress(g.id)).map((p) => p.source)).toEqual(['genesys', 'api', 'api']);
  });

  it.each(['{"value":1e308}', '{"value":1e999}', '{"delta":-1e309}', '{"value":1e13}'])('refuses %s with 400 naming the field, and stores nothing', async (body) => {
    const g = await newGoal();
    const res = await post(g.id, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; field: string; message: string };
    expect(json).toMatchObject({ error: 'invalid_body', field: body.includes('value') ? 'value' : 'delta' });
    expect(json.message).toContain('1000000000000');
    expect((await store.goals.getGoal(g.id))!.current).toBe(0);
  });

  it('refuses an update whose result a goal cannot hold (400 naming the field), keeps the goal and its key usable, and the store exports', async () => {
    const g = await newGoal();
    expect(await (await post(g.id, { value: 1e12 })).json()).toMatchObject({ current: 1e12, applied: true });
    const key = { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'overflow-1' };
    const over = await post(g.id, { delta: 1e12 }, key);
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({ error: 'out_of_range', field: 'delta' });
    expect((await store.goals.getGoal(g.id))!.current).toBe(1e12);
    // nothing was stored for the refused update, its key included: the same key with a sane change applies
    expect(await (await post(g.id, { delta: -1 }, key)).json()).toMatchObject({ current: 999999999999, applied: true });
    const snapshot = await store.exportAll();
    expect(snapshot.goals.find((x) => x.id === g.id)!.current).toBe(999999999999);
  });

  it.each([20 * 1024, 200 * 1024, 3 * 1024 * 1024])('answers a %d-byte body with 413, not a reset connection, and changes nothing', async (bytes) => {
    const g = await newGoal();
    const res = await post(g.id, JSON.stringify({ delta: 1, source: 'x'.repeat(bytes) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'too_large' });
    expect((await store.goals.getGoal(g.id))!.current).toBe(0);
    // the server is fine for the next request
    expect((await post(g.id, { delta: 1 })).status).toBe(200);
  });

  it('counts the whole Idempotency-Key: two long keys that share their first 200 characters are two updates', async () => {
    const g = await newGoal();
    const shared = 'k'.repeat(200);
    const with_ = (key: string) => ({ authorization: `Bearer ${TOKEN}`, 'idempotency-key': key });
    expect(await (await post(g.id, { delta: 1 }, with_(`${shared}-first`))).json()).toMatchObject({ applied: true, current: 1 });
    expect(await (await post(g.id, { delta: 1 }, with_(`${shared}-second`))).json()).toMatchObject({ applied: true, current: 2 });
    // and the same long key again is the same update
    expect(await (await post(g.id, { delta: 1 }, with_(`${shared}-second`))).json()).toMatchObject({ applied: false, current: 2 });
  });
});

describe('POST /api/goals/{id}/progress while the SQLite database is locked by another process', () => {
  it('answers 503 with Retry-After, changes nothing, and the same request applies once the lock is gone', async () => {
    const store = (await sqliteFactory.open()) as SqliteStore;
    store.db.pragma('busy_timeout = 50');
    const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'api', chats: {}, clock: fixedClock('2026-11-22T10:00:00Z'), logger: silentLogger });
    const handler = goalsProgressHandler({ goals, token: TOKEN, logger: silentLogger });
    // what the HTTP server does with an error the handler throws
    const server = http.createServer((req, res) => void handler(req, res).catch(() => res.writeHead(500).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const g = await store.goals.createGoal({ team: 'T', title: 'Calls answered', metric: 'calls', start: 0, target: 10, unit: 'calls', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-01T00:00:00.000Z');
    const post = () =>
      fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/goals/${g.id}/progress`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'nightly-1' }, body: '{"delta": 1}' });
    const other = new Database(store.db.name);
    try {
      other.exec('BEGIN EXCLUSIVE');
      const locked = await post();
      expect(locked.status).toBe(503);
      expect(locked.headers.get('retry-after')).toBe('5');
      expect(await locked.json()).toMatchObject({ error: 'store_unavailable' });
      other.exec('ROLLBACK');
      expect(await (await post()).json()).toMatchObject({ applied: true, current: 1 });
      expect(await (await post()).json()).toMatchObject({ applied: false, current: 1 });
    } finally {
      other.close();
      await new Promise((r) => server.close(r));
      await store.close();
    }
  });
});

describe('POST /api/goals/{id}/progress while Redis stalls with the update in flight', () => {
  let server: ChildProcess;
  let store: RedisStore;
  let api: http.Server;
  let base: string;
  let goals: GoalService;
  const posted: OutMessage[] = [];
  const chat: Chat = { platform: 'api-test', send: async (_to, message) => (posted.push(message), { ok: true }), members: async () => [] };

  beforeAll(async () => {
    const port = await freePort();
    server = await startRedisServer(port);
    store = await openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'api-stall:', commandTimeoutMs: 500 });
    await store.teams.saveTeam({ id: 'T', platform: 'api-test', channel: 'C1', lang: 'en', tz: 'Europe/Oslo', leads: [], updatedAt: '2026-11-01T00:00:00.000Z' });
    goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'api', chats: { 'api-test': chat }, clock: fixedClock('2026-11-22T10:00:00Z'), logger: silentLogger });
    const handler = goalsProgressHandler({ goals, token: TOKEN, logger: silentLogger });
    api = http.createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.kill('SIGCONT');
    await new Promise((r) => api.close(r));
    await goals.settled();
    await store.close();
    await killRedisServer(server);
  });

  const post = (id: string, body: unknown, key?: string) =>
    fetch(`${base}/api/goals/${id}/progress`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });

  /**
   * Stops Redis (SIGSTOP: a fork for a snapshot, a failover) just as the goal's next progress update is
   * sent, past the command timeout; SIGCONT lets it run what it was sent.
   */
  const stallAtProgressOf = (goalId: string) => {
    type Send = RedisStore['client']['sendCommand'];
    const send = store.client.sendCommand.bind(store.client) as Send;
    store.client.sendCommand = ((command, ...rest) => {
      if (/^eval/i.test(command.name) && command.args.includes(`api-stall:goal:${goalId}`)) {
        server.kill('SIGSTOP');
        store.client.sendCommand = send;
      }
      return send(command, ...rest);
    }) as Send;
  };
  const isUp = async () => {
    for (let i = 0; i < 50 && !(await store.health()).ok; i++) await new Promise((r) => setTimeout(r, 100));
  };

  it('answers 503 saying the update may have been saved; Redis then saves it, the retry counts it once, and the goal is celebrated once', async () => {
    const g = await store.goals.createGoal({ team: 'T', title: 'Calls answered', metric: 'calls', start: 0, target: 10, unit: 'calls', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-01T00:00:00.000Z');
    // an update while Redis is well: its scripts are loaded, as in any running Kompis
    expect((await post(g.id, { delta: 1 }, 'nightly-1')).status).toBe(200);

    // Redis stalls past the command timeout with the update that reaches the target in flight
    stallAtProgressOf(g.id);
    const stalled = await post(g.id, { delta: 9 }, 'nightly-2');
    server.kill('SIGCONT');
    expect(stalled.status).toBe(503);
    expect(stalled.headers.get('retry-after')).toBe('5');
    expect(await stalled.json()).toEqual({
      error: 'store_unavailable',
      message: 'The store did not answer, so the update may or may not have been saved. Retrying it with the same Idempotency-Key is safe: it is counted once.',
    });
    await isUp();
    // Redis ran the update once it went on
    expect(await store.goals.getGoal(g.id)).toMatchObject({ current: 10, reachedAt: '2026-11-22T10:00:00.000Z' });

    // the client retries as told: the update is not counted again, and the answer says how the goal stands
    const retried = await post(g.id, { delta: 9 }, 'nightly-2');
    expect(await retried.json()).toEqual({ id: g.id, current: 10, target: 10, unit: 'calls', reached: true, applied: false, reachedNow: false });
    // the scheduler's housekeeping runs a few times
    for (let i = 0; i < 3; i++) await goals.tick();
    await goals.settled();
    expect(posted.filter((m) => m.kind === 'celebration').map((m) => m.kind === 'celebration' && m.goal.id)).toEqual([g.id]);
    expect((await store.goals.listProgress(g.id)).map((p) => p.delta)).toEqual([1, 9]);
  }, 20_000);

  it('says a retry without an Idempotency-Key may count the update twice', async () => {
    const g = await store.goals.createGoal({ team: 'T', title: 'Chats closed', metric: 'chats', start: 0, target: 10, unit: 'chats', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-01T00:00:00.000Z');
    stallAtProgressOf(g.id);
    const stalled = await post(g.id, { delta: 2 });
    server.kill('SIGCONT');
    expect(stalled.status).toBe(503);
    expect(((await stalled.json()) as { message: string }).message).toBe(
      'The store did not answer, so the update may or may not have been saved. It was sent without an Idempotency-Key, so sending it again may count it twice: send each update with one.',
    );
    await isUp();
    expect((await store.goals.getGoal(g.id))!.current).toBe(2);
  }, 20_000);
});

/**
 * The API behind the shared HTTP server, mounted as main.ts mounts it: a path it does not serve is
 * 404 whatever the method, and only its one path answers another method than POST with 405.
 */
describe('the goals API on the shared HTTP server', () => {
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  let server: HttpServer;
  let base: string;
  beforeAll(async () => {
    server = new HttpServer({ logger: silentLogger, metrics: new KompisMetrics() });
    mountGoalsApi(server, { goals: { applyProgress: async () => undefined }, token: TOKEN, logger: silentLogger });
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => server.close());

  it.each(['/api/goals', '/api/goals/', '/api/goals/g-17', '/api/goals/g-17/', '/api/goals/g-17/other', '/api/goals/g-17/progress/more', '/api/goals/g.17/progress', '/api/goals//progress', '/api/goalsx/g-17/progress'])(
    '%s is not found, whatever the method',
    async (path) => {
      for (const method of METHODS) {
        const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{"delta": 1}' }) });
        expect({ method, status: res.status, allow: res.headers.get('allow') }).toEqual({ method, status: 404, allow: null });
      }
    },
  );

  it('/api/goals/{id}/progress takes POST, and answers any other method 405 with Allow: POST', async () => {
    for (const method of METHODS.filter((m) => m !== 'POST')) {
      const res = await fetch(`${base}/api/goals/g-17/progress`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
      expect({ method, status: res.status, allow: res.headers.get('allow') }).toEqual({ method, status: 405, allow: 'POST' });
    }
    const posted = await fetch(`${base}/api/goals/g-17/progress`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"delta": 1}' });
    expect(posted.status).toBe(404);
    expect(await posted.json()).toMatchObject({ error: 'unknown_goal' });
  });

  it('the server\'s own routes answer the same way: 405 with Allow for a wrong method, 404 below them', async () => {
    for (const path of ['/healthz', '/metrics']) {
      const wrong = await fetch(`${base}${path}`, { method: 'POST' });
      expect({ path, status: wrong.status, allow: wrong.headers.get('allow') }).toEqual({ path, status: 405, allow: 'GET, HEAD' });
      for (const method of METHODS) expect({ method, status: (await fetch(`${base}${path}/x`, { method })).status }).toEqual({ method, status: 404 });
    }
  });
});
