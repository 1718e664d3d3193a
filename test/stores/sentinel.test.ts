import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/core/ports';
import { openStore } from '../../src/stores/index';
import { freePort } from '../setup/global-setup';

describe('Redis through Sentinel', () => {
  const procs: ChildProcess[] = [];
  afterAll(() => procs.forEach((p) => p.kill('SIGKILL')));

  it('finds the primary through the sentinels named in REDIS_SENTINELS', async () => {
    const primaryPort = await freePort();
    const sentinelPort = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-sentinel-'));
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor kompisprimary 127.0.0.1 ${primaryPort} 1\n`);
    procs.push(spawn('redis-server', ['--port', String(primaryPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
    procs.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore', cwd: dir }));

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
});
