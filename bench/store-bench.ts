import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sealAnswer } from '../src/core/pulse/seal';
import type { Store } from '../src/core/storage/ports';
import { openRedisStore } from '../src/stores/redis/redis-store';
import { openSqliteStore } from '../src/stores/sqlite/sqlite-store';

const N = 5000;
const CONCURRENCY = 50;

/** Operations per second of the hot store operations, on SQLite and on a local Redis. */
export async function runStoreBench(): Promise<void> {
  console.log(`\n## Store hot paths (${N} operations, ${CONCURRENCY} in flight)`);
  console.log('store    record pulse answer   mark event seen   add goal progress   (ops/s)');
  const sqlite = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-bench-')));
  await report('sqlite', sqlite);
  await sqlite.close();

  let server: ChildProcess | undefined;
  let url = process.env.REDIS_URL;
  if (!url) {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    server.on('error', () => undefined);
    url = `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 300));
  }
  try {
    const redis = await openRedisStore({ url, prefix: `bench-${Date.now()}:` });
    await report('redis', redis);
    await redis.close();
  } catch (err) {
    console.log(`redis    skipped: ${(err as Error).message}`);
  } finally {
    server?.kill();
  }
}

async function report(name: string, store: Store): Promise<void> {
  const at = new Date().toISOString();
  const round = await store.pulse.openRound({ team: 'bench', week: '2026-W47', questionIds: ['a', 'b', 'c', 'd', 'e'], opensAt: at, closesAt: at });
  const goal = await store.goals.createGoal({ team: 'bench', title: 'b', metric: 'm', start: 0, target: N * 10, unit: 'u', direction: 'higher', due: '2027-01-01', owner: 'U' }, at);
  const sealed = sealAnswer(randomBytes(32), round, { scores: { a: 1, b: 2, c: 3, d: 4, e: 5 }, comment: 'comment' });
  const answer = await rate((i) => store.pulse.recordAnswer(round.id, `h${i}`, sealed));
  const seen = await rate((i) => store.channels.markEventSeen(`Ev${i}`, 600));
  const progress = await rate(() => store.goals.addProgress(goal.id, { delta: 1 }, { source: 'bench', at }));
  console.log(`${name.padEnd(8)} ${answer.toFixed(0).padStart(19)} ${seen.toFixed(0).padStart(17)} ${progress.toFixed(0).padStart(19)}`);
}

async function rate(op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) await op(next++);
    }),
  );
  return N / ((performance.now() - started) / 1000);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}
