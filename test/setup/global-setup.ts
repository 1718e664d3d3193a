import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Starts a real redis-server on a free loopback port for the whole test run and hands its URL to the
 * tests in REDIS_TEST_URL. The server is a throwaway: no persistence, its own temporary folder.
 */
export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-redis-'));
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore', detached: false },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`redis-server could not start (${err.message}); install it with: apt-get install redis-server`)));
    waitForPort(port, 10_000).then(resolve, reject);
  });
  process.env.REDIS_TEST_URL = `redis://127.0.0.1:${port}`;
  process.env.REDIS_TEST_PORT = String(port);
  (globalThis as { __kompisRedis?: { pid?: number; dir: string } }).__kompisRedis = { pid: server.pid, dir };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
