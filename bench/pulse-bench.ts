import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { slackChat } from '../src/channels/slack/chat';
import type { Chats } from '../src/core/messages';
import { DEFAULT_QUESTION_IDS } from '../src/core/pulse/questions';
import { wrappingKey } from '../src/core/pulse/round-key';
import { batchOf, PulseService } from '../src/core/pulse/service';
import { silentLogger } from '../src/core/ports';
import type { Outbox, Store } from '../src/core/storage/ports';
import { openSqliteStore } from '../src/stores/sqlite/sqlite-store';
import { dyingOutbox } from '../test/fakes/dying-outbox';
import { FakeSlack } from '../test/fakes/slack/fake-slack';

const MEMBERS = 2000;
const RATE = 200; // chat.postMessage per second the fake Slack allows before answering 429
const ANSWERS = 5000;
const CHANNEL = 'CBENCH001';
/** The benchmarks' deployment secret for wrapping round keys. */
export const BENCH_WRAPPING = wrappingKey('kompis benchmark pulse secret');

/**
 * A round's delivery to 2,000 members against a fake Slack that rate-limits chat.postMessage, once
 * straight through and once killed halfway and restarted.
 */
export async function runPulseBench(): Promise<void> {
  console.log(`\n## Pulse delivery (${MEMBERS} members, fake Slack limit ${RATE} chat.postMessage/s; bound ${(MEMBERS / RATE).toFixed(1)} s)`);
  console.log('run                      seconds   DMs sent   lost   duplicated   429s');
  await deliveryRun('straight through', false);
  await deliveryRun('killed halfway, resumed', true);
}

async function deliveryRun(label: string, kill: boolean): Promise<void> {
  const slack = new FakeSlack();
  const apiUrl = await slack.start();
  const users = Array.from({ length: MEMBERS }, (_, i) => `U${String(i).padStart(8, '0')}`);
  slack.users = users.map((id) => ({ id, name: id.toLowerCase() }));
  slack.channelMembers[CHANNEL] = users;
  slack.rateLimits['chat.postMessage'] = RATE;
  const client = new webApi.WebClient('xoxb-bench', { slackApiUrl: apiUrl, retryConfig: { retries: 10, factor: 1, minTimeout: 100, maxTimeout: 1000 }, logLevel: webApi.LogLevel.ERROR });
  const store = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-pulse-bench-')));
  const clock = { now: () => new Date('2026-11-27T12:00:05Z') };
  await store.teams.saveTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, tz: 'Europe/Oslo', lang: 'en', leads: ['ULEAD0000'], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.now().toISOString() });
  const chats: Chats = { slack: slackChat(client, silentLogger) };
  const seconds = await deliverRound(store, (owner, outbox) => new PulseService({ wrapping: BENCH_WRAPPING, pulse: store.pulse, teams: store.teams, outbox, locks: store.locks, chats, clock, logger: silentLogger, owner, sendConcurrency: 16 }), kill);

  const perUser = new Map<string, number>();
  for (const p of slack.posted) perUser.set(p.channel, (perUser.get(p.channel) ?? 0) + 1);
  const lost = users.filter((u) => !perUser.has(`D${u}`)).length;
  const duplicated = [...perUser.values()].filter((n) => n > 1).length;
  const limited = slack.calls.filter((c) => c.method === 'chat.postMessage').length - slack.posted.length;
  console.log(`${label.padEnd(24)} ${seconds.toFixed(1).padStart(7)}   ${String(slack.posted.length).padStart(8)}   ${String(lost).padStart(4)}   ${String(duplicated).padStart(10)}   ${String(limited).padStart(4)}`);
  await store.close();
  await slack.stop();
}

/**
 * Runs the pulse tick that sends a round; `kill` first runs one whose sender dies halfway (its lock
 * given up, as expiry would) and then a second replica. Returns the seconds it took.
 */
export async function deliverRound(store: Pick<Store, 'outbox' | 'locks'>, service: (owner: string, outbox: Outbox) => PulseService, kill: boolean): Promise<number> {
  const started = performance.now();
  if (kill) {
    await service('first', dyingOutbox(MEMBERS / 2)(store.outbox)).tick();
    await store.locks.release('pulse-scheduler', 'first');
  }
  await service('second', store.outbox).tick();
  return (performance.now() - started) / 1000;
}

/**
 * Closing and summarising a round of 5,000 answers on SQLite, the answers coming through Kompis as
 * members send them: 100 a minute with the scheduler's tick each minute, and every answer in the
 * round's last minute, with no tick between.
 */
export async function runPulseCloseBench(): Promise<void> {
  console.log(`\n## Closing a round of ${ANSWERS} answers (${ANSWERS / 10} comments), SQLite`);
  for (const perMinute of [100, ANSWERS]) await closeRoundOf(perMinute);
}

async function closeRoundOf(perMinute: number): Promise<void> {
  const store: Store = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-pulse-bench-')));
  const team = 'slack:CSUMMARY1';
  const lead = 'ULEAD0001';
  let now = new Date('2026-11-27T12:00:05Z');
  const clock = { now: () => now };
  await store.teams.saveTeam({ id: team, platform: 'slack', channel: 'CSUMMARY1', tz: 'Europe/Oslo', lang: 'en', leads: [lead], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: now.toISOString() });
  let summaryChars = 0;
  const chats: Chats = {
    slack: {
      platform: 'slack',
      send: async (_to, message) => ((summaryChars += JSON.stringify(message).length), { ok: true }),
      // the lead is in the channel and not asked; the answers below come from members' check-ins
      members: async () => [{ id: lead, name: 'Kari Nordmann' }, { id: 'U0', name: 'Ola Nordmann' }],
    },
  };
  const pulse = new PulseService({ wrapping: BENCH_WRAPPING, pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'bench' });
  await pulse.tick();
  const round = (await store.pulse.listRounds(team, 1))[0]!;
  const ticks: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < ANSWERS; i++) {
    const scores = Object.fromEntries(round.questionIds.map((q, j) => [q, q === 'enps' ? (i * 7 + j) % 11 : 1 + ((i + j) % 5)]));
    // as a member's answer comes through Kompis: scrubbed, sealed, recorded, batched as they come
    const comment = i % 10 === 0 ? `Comment ${i}: Kari Nordmann said the queue was long, mail me at a${i}@example.com` : undefined;
    await pulse.answer(round.id, { platform: 'slack', user: `U${i}` }, scores, comment, 'en');
    if ((i + 1) % perMinute === 0 && i + 1 < ANSWERS) {
      now = new Date(now.getTime() + 60_000);
      const t = performance.now();
      await pulse.tick();
      ticks.push(performance.now() - t);
    }
  }
  const recorded = performance.now() - t0;
  const entries = (await store.pulse.sealedAnswers(round.id)).entries.length;
  now = new Date(Date.parse(round.closesAt) + 60_000);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  await pulse.tick();
  const closed = performance.now() - t1;
  const heapAfter = process.memoryUsage().heapUsed;
  const sent = await store.outbox.counts(batchOf(round.id, 'summary'));
  const sorted = [...ticks].sort((x, y) => x - y);
  console.log(`### ${perMinute === ANSWERS ? 'every answer in the last minute' : `${perMinute} answers a minute, a scheduler tick each minute`}`);
  console.log(`record ${ANSWERS} answers through PulseService.answer: ${(recorded / 1000).toFixed(2)} s (${Math.round((ANSWERS * 1000) / recorded)}/s)${ticks.length ? `; ${ticks.length} ticks while open, p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms` : ''}`);
  console.log(`sealed entries at close: ${entries}`);
  console.log(`close + summarise + send to the lead: ${closed.toFixed(0)} ms, summary ${summaryChars} characters, sent ${sent.sent}, heap ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB before collection`);
  await store.close();
}
