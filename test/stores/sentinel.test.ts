import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/core/ports';
import { openStore } from '../../src/stores/index';
import { freePort } from '../setup/global-setup';
import { spawnRedisOnFreePort } from './redis-process';

const primaryArgs = (port: number) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];

describe('Redis through Sentinel', () => {
  const procs: ChildProcess[] = [];
  afterAll(() => procs.forEach((p) => p.kill('SIGKILL')));

  /** A primary, then a sentinel watching it, each on a port it holds; the sentinel's file is its config. */
  async function primaryAndSentinel(dir: string) {
    const primary = await spawnRedisOnFreePort(primaryArgs);
    const conf = path.join(dir, 'sentinel.conf');
    const sentinel = await spawnRedisOnFreePort((port) => {
      fs.writeFileSync(conf, `port ${port}\nbind 127.0.0.1\nsentinel monitor kompisprimary 127.0.0.1 ${primary.port} 1\n`);
      return [conf, '--sentinel'];
    }, dir);
    procs.push(primary.proc, sentinel.proc);
    return { primaryPort: primary.port, sentinelPort: sentinel.port, running: [primary.proc, sentinel.proc] };
  }

  it('finds the primary through the sentinels named in REDIS_SENTINELS', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-sentinel-'));
    const { sentinelPort } = await primaryAndSentinel(dir);

    let store: Awaited<ReturnType<typeof openStore>> | undefined;
    for (let i = 0; i < 50 && !store; i++) {
      try {
        store = await openStore(
          { REDIS_URL: 'redis://ignored-host:6379', REDIS_KEY_PREFIX: 'sentinel:', REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'kompisprimary', dataDir: dir },
          silentLogger,
        );
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(store?.kind).toBe('redis');
    expect(await store!.channels.markEventSeen('via-sentinel', 60)).toBe(true);
    expect(await store!.channels.markEventSeen('via-sentinel', 60)).toBe(false);
    await store!.close();
  });

  it('stops the start within seconds, naming REDIS_SENTINELS, when no sentinel can be reached', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-sentinel-'));
    const sentinels = `127.0.0.1:${await freePort()},127.0.0.1:${await freePort()}`;
    const began = Date.now();
    const opened = openStore({ REDIS_URL: 'redis://:S3cretPW@any-host/0', REDIS_KEY_PREFIX: 'sentinel:', REDIS_SENTINELS: sentinels, REDIS_SENTINEL_NAME: 'kompisprimary', dataDir: dir }, silentLogger);
    const hung = new Promise((resolve) => setTimeout(() => resolve(new Error('still connecting after 10 s')), 10_000).unref());
    const failed = (await Promise.race([opened.then(() => new Error('opened'), (err: unknown) => err), hung])) as Error;
    expect(failed.message).toMatch(new RegExp(`^Kompis cannot reach Redis through the sentinels ${sentinels} for the primary kompisprimary \\(All sentinels are unreachable\\. Last error: .*\\)\\. Check REDIS_SENTINELS, REDIS_SENTINEL_NAME`));
    expect(failed.message).not.toContain('S3cretPW');
    expect(Date.now() - began).toBeLessThan(5000);
  });

  it('once connected, finds the primary again after the sentinel and the primary were both gone for a while', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-sentinel-'));
    const { primaryPort, sentinelPort, running } = await primaryAndSentinel(dir);
    const conf = path.join(dir, 'sentinel.conf');
    const primary = () => spawn('redis-server', primaryArgs(primaryPort), { stdio: 'ignore' });
    const sentinel = () => spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore', cwd: dir });
    const env = { REDIS_URL: 'redis://ignored-host:6379', REDIS_KEY_PREFIX: 'sentinel-again:', REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'kompisprimary', dataDir: dir };
    let store: Awaited<ReturnType<typeof openStore>> | undefined;
    for (let i = 0; i < 50 && !store; i++) store = await openStore(env, silentLogger).catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 200)));
    expect(await store!.channels.markEventSeen('before', 60)).toBe(true);

    for (const p of running) p.kill('SIGKILL');
    // longer than a round of asking the sentinels at start: a client that gave up then would stay down
    await new Promise((r) => setTimeout(r, 3000));
    procs.push(primary(), sentinel());
    let seen: boolean | undefined;
    for (let i = 0; i < 60 && seen === undefined; i++) {
      seen = await store!.channels.markEventSeen('after', 60).catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 250)));
    }
    expect(seen).toBe(true);
    await store!.close();
  });
});
