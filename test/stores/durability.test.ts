import type { ChildProcess } from 'node:child_process';
import type { Store } from '../../src/core/storage/ports';
import { KompisMetrics } from '../../src/http/metrics';
import { HttpServer } from '../../src/http/server';
import { openStore, storeHealth } from '../../src/stores/index';
import { recordingLogger } from '../fakes/recording-logger';
import { freePort } from '../setup/global-setup';
import { killRedisServer, startRedisServer } from './redis-process';

/**
 * A Redis without an append-only file loses acknowledged writes on a kill: the start-up log and
 * GET /healthz say so. Real redis-servers, configured each way.
 */
describe('Redis durability', () => {
  let server: ChildProcess | undefined;
  let store: Store | undefined;
  let http: HttpServer | undefined;
  afterEach(async () => {
    await http?.close();
    await store?.close();
    if (server) await killRedisServer(server);
    http = store = server = undefined;
  });

  async function open(args: string[]) {
    const port = await freePort();
    server = await startRedisServer(port, args);
    const logger = recordingLogger();
    store = await openStore({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: 'durability:', REDIS_SENTINEL_NAME: 'mymaster', dataDir: '/nonexistent' }, logger);
    const opened = store;
    http = new HttpServer({ logger, metrics: new KompisMetrics(), health: { store: () => storeHealth(opened) } });
    const httpPort = await http.listen(0, '127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
    const body = (await res.json()) as { status: string; checks: { store: { ok: boolean; warning?: string } } };
    return { logger, status: res.status, body };
  }

  it('warns at start and on /healthz when Redis runs without appendonly', async () => {
    const { logger, status, body } = await open(['--appendonly', 'no']);
    const warning = logger.lines.find((l) => l.level === 'warn' && /appendonly/.test(l.msg ?? ''));
    expect(warning?.msg).toMatch(/append-only file.*appendonly yes/);
    expect(status).toBe(200);
    expect(body.checks.store).toMatchObject({ ok: true, warning: expect.stringMatching(/appendonly yes/) });
  });

  it('says nothing of it when appendonly is on', async () => {
    const { logger, body } = await open(['--appendonly', 'yes']);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
    expect(logger.lines.find((l) => l.msg === 'store opened')?.obj).toMatchObject({ appendonly: 'yes', appendfsync: 'everysec' });
    expect(body.checks.store.warning).toBeUndefined();
  });

  it('starts and stays healthy when the server has CONFIG disabled', async () => {
    const { logger, status, body } = await open(['--rename-command', 'CONFIG', '""']);
    expect(status).toBe(200);
    expect(body.checks.store.ok).toBe(true);
    expect(logger.lines.find((l) => l.msg === 'store opened')?.obj).toMatchObject({ appendonly: 'unknown' });
  });
});
