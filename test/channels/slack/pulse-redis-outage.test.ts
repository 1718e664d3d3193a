import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRedisStore, type RedisStore } from '../../../src/stores/redis/redis-store';
import { slashCommand } from '../../fakes/slack/payloads';
import { freePort } from '../../setup/global-setup';
import type { StoreFactory } from '../../stores/factories';
import { killRedisServer, startRedisServer } from '../../stores/redis-process';
import { eventually } from './harness';
import { AGENTS, CHANNEL, LEAD, setup, world, type World } from './pulse-world';

const PREFIX = 'pulse-outage:';

/**
 * `/kompis pulse now` while Redis stalls or goes down as the week's round is opened: a redis-server
 * of the test's own, keeping what it acknowledged (append-only, fsync always), stopped or killed at
 * the script that opens the round, and the team of pulse-world (six agents and their lead) in Slack.
 */
describe('a pulse round opened as Redis stalls or goes down', () => {
  let port: number;
  let dir: string;
  let server: ChildProcess;
  let w: World;
  const args = () => ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];

  beforeEach(async () => {
    port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-pulse-outage-'));
    server = await startRedisServer(port, args());
    const open = () => openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: PREFIX, commandTimeoutMs: 500 });
    const factory: StoreFactory = { name: 'Redis (own server)', open, openAnother: open };
    w = await world(factory);
    expect(await setup(w)).not.toHaveProperty('response_action');
  });
  afterEach(async () => {
    server.kill('SIGCONT');
    await w.close();
    await killRedisServer(server);
  });

  /** Runs `act` as the script that opens the week's round is sent to Redis, or once Redis has answered it. */
  const atOpening = (when: 'sent' | 'answered', act: () => Promise<void> | void) => {
    const client = (w.store as RedisStore).client;
    type Send = typeof client.sendCommand;
    const send = client.sendCommand.bind(client) as Send;
    client.sendCommand = ((command, ...rest) => {
      if (!(/^eval/i.test(command.name) && command.args.some((a) => String(a).startsWith(`${PREFIX}round-of:`)))) return send(command, ...rest);
      client.sendCommand = send;
      if (when === 'answered') return (send(command, ...rest) as Promise<unknown>).then(async (reply) => (await act(), reply));
      void act();
      return send(command, ...rest);
    }) as Send;
  };
  const isUp = async () => {
    for (let i = 0; i < 100 && !(await w.store.health()).ok; i++) await new Promise((r) => setTimeout(r, 100));
  };
  const checkinsTo = (user: string) => w.h.slack.posted.filter((p) => p.channel === `D${user}` && (p.metadata as { event_payload?: { delivery?: string } } | undefined)?.event_payload?.delivery?.endsWith(':checkin')).length;
  const pulseNow = async () => ((await w.h.command(slashCommand('pulse now', { user: LEAD }))) as { text: string }).text;

  it('stalled past the command timeout, it opens the round later: the lead is told it may be open, pulse now again says it is, and every agent gets one check-in', async () => {
    atOpening('sent', () => void server.kill('SIGSTOP'));
    const during = await pulseNow();
    server.kill('SIGCONT');
    expect(during).toContain('cannot tell whether the round for week 48 was opened');
    expect(during).not.toContain('not saved');
    await isUp();
    const [round] = await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1);
    expect(round).toMatchObject({ week: '2026-W48', state: 'open' });

    expect(await pulseNow()).toContain('Week 48 already has a round');
    for (let i = 0; i < 3; i++) await w.pulse.tick();
    await eventually(() => expect(AGENTS.map(checkinsTo)).toEqual(AGENTS.map(() => 1)), 5000);
    expect(checkinsTo(LEAD)).toBe(0);
  }, 30_000);

  it('killed the moment the round is written, it keeps the round: the lead is told it is open, and once Redis is back every agent gets one check-in', async () => {
    atOpening('answered', () => killRedisServer(server));
    expect(await pulseNow()).toContain('The round for week 48 is open: check-ins go to 6 members');

    server = await startRedisServer(port, args());
    await isUp();
    for (let i = 0; i < 3; i++) await w.pulse.tick();
    await eventually(() => expect(AGENTS.map(checkinsTo)).toEqual(AGENTS.map(() => 1)), 5000);
    expect(checkinsTo(LEAD)).toBe(0);
    expect(await pulseNow()).toContain('Week 48 already has a round');
  }, 30_000);
});
