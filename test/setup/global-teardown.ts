import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const redis = (globalThis as { __kompisRedis?: { pid?: number; dir: string } }).__kompisRedis;
  if (!redis) return;
  if (redis.pid) {
    try {
      process.kill(redis.pid, 'SIGTERM');
    } catch {
      // already gone: a test that stops Redis on purpose may have ended it
    }
  }
  fs.rmSync(redis.dir, { recursive: true, force: true });
}
