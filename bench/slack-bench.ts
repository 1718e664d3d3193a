import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSlackChannel } from '../src/channels/slack/app';
import { ConversationService } from '../src/core/conversation/service';
import { AnswerService } from '../src/core/answers/service';
import { openKnowledge } from '../src/core/knowledge/knowledge';
import { silentLogger, systemClock } from '../src/core/ports';
import { KompisMetrics } from '../src/http/metrics';
import { openSqliteStore } from '../src/stores/sqlite/sqlite-store';
import { FakeSlack } from '../test/fakes/slack/fake-slack';
import { eventCallback, mention } from '../test/fakes/slack/payloads';

// run from bench/ (ts) or dist/bench/ (built), or from the repository root
const ROOT = [path.join(__dirname, '..'), path.join(__dirname, '..', '..'), process.cwd()].find((d) => fs.existsSync(path.join(d, 'test', 'eval', 'questions.jsonl'))) ?? process.cwd();
const IN_FLIGHT = 50;
const ROUNDS = 10;

/**
 * Event received → chat.postMessage sent, through the real Bolt app over Socket Mode against the
 * local fake Slack, on the extractive path with the sample knowledge pack: rounds of 50 questions
 * delivered at once. Measured at the fake: from the envelope leaving it to the answer's
 * chat.postMessage reaching it, so both socket hops are included.
 */
export async function runSlackBench(): Promise<void> {
  const knowledge = await openKnowledge(path.join(ROOT, 'knowledge'));
  const answers = new AnswerService({ index: knowledge.index, clock: systemClock, logger: silentLogger });
  const questions = fs
    .readFileSync(path.join(ROOT, 'test', 'eval', 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-bench-'));
  const store = openSqliteStore(dataDir);
  const slack = new FakeSlack();
  const apiUrl = await slack.start();
  const channel = createSlackChannel(
    { botToken: 'xoxb-bench', appToken: 'xapp-bench', apiUrl },
    { conversation: new ConversationService({ answers, curation: store.curation, channels: store.channels, logger: silentLogger, defaultLang: 'nb' }), logger: silentLogger, metrics: new KompisMetrics(), defaultLang: 'nb', curatorChannel: 'CCURATORS', signOfLifeAfterMs: 60_000 },
  );
  await channel.start();
  await slack.waitFor(() => slack.socketConnected, 5000, 'socket connection');

  const times: number[] = [];
  let n = 0;
  const ask = async (round: number, i: number) => {
    const q = questions[(round * IN_FLIGHT + i) % questions.length]!;
    const ev = mention(q, { channel: `CBENCH${String(i).padStart(3, '0')}` });
    const sent = performance.now();
    slack.sendEnvelope('events_api', eventCallback(ev));
    await slack.waitFor(() => slack.calls.some((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ev.ts), 30_000, `answer to ${String(ev.ts)}`);
    const posted = slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ev.ts)!;
    times.push(posted.at - sent);
    n++;
  };
  // warm-up: first answers load lazily built structures
  await Promise.all(Array.from({ length: 10 }, (_, i) => ask(ROUNDS, i)));
  times.length = 0;
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => ask(round, i)));
  const elapsed = performance.now() - started;
  await channel.stop();
  await slack.stop();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  times.sort((a, b) => a - b);
  const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(1);
  console.log(`\n## Slack: event received → chat.postMessage sent (Socket Mode, extractive, ${IN_FLIGHT} in flight, ${times.length} questions)`);
  console.log(`p50 ${p(0.5)} ms   p95 ${p(0.95)} ms   p99 ${p(0.99)} ms   max ${times.at(-1)!.toFixed(1)} ms   throughput ${((times.length / elapsed) * 1000).toFixed(0)} answers/s (${n} total incl. warm-up)`);
}
