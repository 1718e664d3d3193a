import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRedisStore } from '../../src/stores/redis/redis-store';

/** A real redis-server of a test's own, to kill and start again; `args` adds to the defaults (no persistence). */
export async function startRedisServer(port: number, args: string[] = []): Promise<ChildProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-redis-proc-'));
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      const probe = await openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'probe:', connectTimeoutMs: 200 });
      await probe.close();
      return proc;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  proc.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

/** SIGKILL, as a crash or an OOM kill would end it; resolves once the process is gone. */
export async function killRedisServer(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}
