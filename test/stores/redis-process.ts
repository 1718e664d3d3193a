import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openRedisStore } from '../../src/stores/redis/redis-store';
import { freePort } from '../setup/global-setup';

/** A real redis-server of a test's own, to kill and start again; `args` adds to the defaults (no persistence). */
export async function startRedisServer(port: number, args: string[] = []): Promise<ChildProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-redis-proc-'));
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    // a server that exited (its port taken) must not be mistaken for whichever server holds the port
    if (proc.exitCode !== null) throw new Error(`redis-server exited at start on port ${port}`);
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

/**
 * A redis-server (or sentinel: `argsFor` returns its arguments for a port) of a test's own on a port
 * no other process holds: a free port can be taken between choosing it and binding it, by another
 * test file running beside this one, so a server that exits at start is started again on another.
 */
export async function spawnRedisOnFreePort(argsFor: (port: number) => string[], cwd?: string): Promise<{ proc: ChildProcess; port: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn('redis-server', argsFor(port), { stdio: 'ignore', cwd });
    const exited = new Promise<'exited'>((r) => proc.once('exit', () => r('exited')));
    for (let i = 0; i < 200 && proc.exitCode === null; i++) {
      const pong = await Promise.race([ping(port), exited]);
      if (pong === true && proc.exitCode === null) return { proc, port };
      if (pong === 'exited') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill('SIGKILL');
  }
  throw new Error('redis-server did not start on any of five free ports');
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(500, () => { socket.destroy(); resolve(false); });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) { socket.destroy(); resolve(reply.startsWith('+PONG')); }
    });
    socket.once('error', () => resolve(false));
  });
}
