import { ACK_BUDGET_MS } from '../../../src/channels/slack/ack-in-time';
import { TEST_WRAPPING } from '../../helpers';
import { slackChat } from '../../../src/channels/slack/chat';
import type { SlackDeps } from '../../../src/channels/slack/deps';
import { GoalService } from '../../../src/core/goals/service';
import { t } from '../../../src/core/i18n/strings';
import type { Chats } from '../../../src/core/messages';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import { BOT_USER_ID } from '../../fakes/slack/fake-slack';
import { slashCommand } from '../../fakes/slack/payloads';
import { sqliteFactory } from '../../stores/factories';
import { eventually, startHarness, type Harness } from './harness';

const LEAD = 'ULEAD0001';
/** The channel's people: six agents, who get the check-in, and their lead, who does not. */
const MEMBERS = [LEAD, 'UAGENT001', 'UAGENT002', 'UAGENT003', 'UAGENT004', 'UAGENT005', 'UAGENT006'];
const CHANNEL = 'CTEAM0001';
/** A budget shorter than the real one (2 s, inside Slack's 3 s), so the slow paths are quick to test. */
const BUDGET_MS = 300;
/** How long the slow step takes: well past the budget, so an ack that waited for it cannot pass for one in time. */
const SLOW_MS = BUDGET_MS + 2500;
/** An ack in time, with room for a busy test machine. */
const IN_TIME_MS = BUDGET_MS + 1200;
/**
 * A test waits for the slow step, then up to 10 s for the reply and 10 s for what follows it: its
 * own deadlines say what was late, so the runner's limit comes after them, with room for the app's start.
 */
jest.setTimeout(SLOW_MS + 2 * 10_000 + 15_000);

/** A team with its pulse set up, the Bolt app on `mode`, and the fake Slack's workspace of 7 people. */
async function world(mode: 'socket' | 'http', deps: Partial<SlackDeps> = {}): Promise<{ h: Harness; store: Store; close(): Promise<void> }> {
  const store = await sqliteFactory.open();
  const clock = { now: () => new Date('2026-11-27T11:00:00Z') };
  const chats: Chats = {};
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => logger };
  const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats, clock, logger });
  const pulse = new PulseService({ wrapping: TEST_WRAPPING, pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger, owner: 'replica-a' });
  const h = await startHarness(mode, { deps: { goals, pulse, people: store.channels, ackBudgetMs: BUDGET_MS, ...deps } });
  chats.slack = slackChat(h.channel.app.client, logger);
  h.slack.users = [...MEMBERS.map((id) => ({ id, name: id.toLowerCase() })), { id: BOT_USER_ID, name: 'kompis', is_bot: true }];
  h.slack.channelMembers[CHANNEL] = [...MEMBERS, BOT_USER_ID];
  for (const m of MEMBERS) h.slack.locales[m] = 'en-GB';
  await store.teams.saveTeam({
    id: `slack:${CHANNEL}`,
    platform: 'slack',
    channel: CHANNEL,
    name: '#team',
    tz: 'Europe/Oslo',
    lang: 'en',
    leads: [LEAD],
    pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false },
    updatedAt: clock.now().toISOString(),
  });
  return { h, store, close: async () => (await h.close(), await store.close()) };
}

/** Sends `/kompis <text>` as the lead; resolves with the ack's payload and how long the ack took. */
async function command(h: Harness, text: string): Promise<{ ack: unknown; ms: number }> {
  const started = performance.now();
  const ack = await h.command(slashCommand(text, { user: LEAD, responseUrl: h.slack.responseUrl() }));
  return { ack, ms: performance.now() - started };
}

describe.each(['socket', 'http'] as const)("/kompis within Slack's 3-second ack, over %s", (mode) => {
  let w: Awaited<ReturnType<typeof world>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  test('a subcommand slower than the budget is acked empty in time, and its reply follows at the response_url', async () => {
    w = await world(mode);
    const { h } = w;
    h.slack.delays['conversations.members'] = SLOW_MS;

    const { ack, ms } = await command(h, 'pulse now');
    expect(ack ?? {}).toEqual({}); // Socket Mode carries an empty payload, HTTP an empty body
    expect(ms).toBeLessThan(IN_TIME_MS);
    expect(h.slack.responses).toEqual([]);

    await h.slack.waitFor(() => h.slack.responses.length > 0, 10_000, 'the reply at the response_url');
    expect(h.slack.responses).toHaveLength(1);
    const { id, body } = h.slack.responses[0]!;
    expect(id).toBe('command');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(body.text)).toContain('check-ins go to 6 members');
    expect(JSON.stringify(body.blocks)).toContain('check-ins go to 6 members');
    // the round the slow command opened really went out
    await eventually(() => expect(h.slack.callsOf('chat.postMessage').filter((c) => MEMBERS.includes(String(c.args.channel)))).toHaveLength(6), 10_000);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === LEAD)).toEqual([]);
  });

  test('a slow subcommand that fails after the ack still gives the asker the error text there, and one log line without the command', async () => {
    // remembering the asker's team hangs, then the store gives up
    const people = {
      setUserTeam: async () => {
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
        throw new Error('store unreachable');
      },
      teamOfUser: async () => undefined,
    };
    w = await world(mode, { people });
    const { h } = w;

    const { ack, ms } = await command(h, 'pulse now');
    expect(ack ?? {}).toEqual({});
    expect(ms).toBeLessThan(IN_TIME_MS);

    await h.slack.waitFor(() => h.slack.responses.length > 0, 10_000, 'the error at the response_url');
    expect(h.slack.responses.map((r) => r.body)).toEqual([{ response_type: 'ephemeral', text: t('en', 'error'), replace_original: false }]);
    const errors = h.logger.lines.filter((l) => l.level === 'error');
    expect(errors).toEqual([{ level: 'error', obj: expect.objectContaining({ message: 'store unreachable', command: 'pulse' }), msg: '/kompis failed' }]);
    expect(JSON.stringify(h.logger.lines)).not.toMatch(/pulse now|xoxb-|xapp-|respond\/command/);
  });

  test('/kudos whose channel post is slow is acked empty in time, and the confirmation follows', async () => {
    w = await world(mode);
    const { h } = w;
    h.slack.delays['chat.postMessage'] = SLOW_MS;
    const started = performance.now();
    const ack = await h.command({ ...slashCommand('<@UAGENT001|agent> for the calm call', { user: LEAD, responseUrl: h.slack.responseUrl() }), command: '/kudos' });
    expect(ack ?? {}).toEqual({});
    expect(performance.now() - started).toBeLessThan(IN_TIME_MS);
    await h.slack.waitFor(() => h.slack.responses.length > 0, 10_000, 'the confirmation at the response_url');
    expect(h.slack.responses[0]!.body).toMatchObject({ response_type: 'ephemeral', text: "Kudos shared in the team's channel.", replace_original: false });
    expect(h.slack.posted.filter((p) => p.channel === CHANNEL && String(p.text).includes('for the calm call'))).toHaveLength(1);
  });

  test('a quick subcommand still acks with its reply, and nothing goes to the response_url', async () => {
    w = await world(mode, { ackBudgetMs: ACK_BUDGET_MS });
    const { h } = w;

    const { ack, ms } = await command(h, 'pulse now');
    expect(ms).toBeLessThan(ACK_BUDGET_MS);
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect((ack as { text: string }).text).toContain('check-ins go to 6 members');
    await eventually(() => expect(h.slack.callsOf('chat.postMessage').filter((c) => MEMBERS.includes(String(c.args.channel)))).toHaveLength(6), 10_000);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === LEAD)).toEqual([]);
    expect(h.slack.responses).toEqual([]);
  });
});
