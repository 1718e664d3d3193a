import type { ChildProcess } from 'node:child_process';
import { GoalService } from '../../../src/core/goals/service';
import { PulseService } from '../../../src/core/pulse/service';
import { openRedisStore, type RedisStore } from '../../../src/stores/redis/redis-store';
import { TEST_WRAPPING } from '../../helpers';
import { recordingLogger } from '../../fakes/recording-logger';
import { blockAction, eventCallback, goalValues, mention, message, reasonValues, slashCommand, viewSubmission } from '../../fakes/slack/payloads';
import { freePort } from '../../setup/global-setup';
import { killRedisServer, startRedisServer } from '../../stores/redis-process';
import { CURATORS, eventually, startHarness, type Harness } from './harness';

/**
 * Redis killed while people ask: every question gets a reply or a clear error, and bookkeeping
 * that could not be written is retried or the reply says so. A real redis-server, SIGKILLed and
 * started again on the same port; Bolt against the fake Slack.
 */
describe('Slack while Redis is down', () => {
  let port: number;
  let server: ChildProcess;
  let store: RedisStore;
  let h: Harness;
  let goals: GoalService;

  beforeEach(async () => {
    port = await freePort();
    server = await startRedisServer(port);
    store = await openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'outage:', commandTimeoutMs: 500 });
    const opened = store;
    const clock = { now: () => new Date('2026-11-23T09:00:00Z') };
    goals = new GoalService({ goals: opened.goals, teams: opened.teams, once: opened.channels, outbox: opened.outbox, locks: opened.locks, owner: 'a', chats: {}, clock, logger: recordingLogger() });
    const pulse = new PulseService({ wrapping: TEST_WRAPPING, pulse: opened.pulse, teams: opened.teams, outbox: opened.outbox, locks: opened.locks, owner: 'a', chats: {}, clock, logger: recordingLogger() });
    h = await startHarness('socket', { store, deps: { goals, pulse, people: store.channels } });
  });
  afterEach(async () => {
    await h.close();
    await store.close();
    await killRedisServer(server);
  });

  /** Kompis's messages in the thread as they now stand (a placeholder replaced by its answer is one). */
  const repliesIn = (channel: string, threadTs: string) => h.slack.posted.filter((p) => p.channel === channel && p.threadTs === threadTs);
  const textOf = (p: { blocks?: unknown } | undefined) => JSON.stringify(p?.blocks ?? []);
  const isUp = async () => {
    for (let i = 0; i < 100; i++) {
      if ((await store.health()).ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the store did not come back');
  };
  /** A goal of the team of CTEAM0001, whose lead and agent write Norwegian. */
  const aGoal = async () => {
    h.slack.locales.UAGENT001 = 'nb-NO';
    const team = await goals.ensureTeam({ id: 'slack:CTEAM0001', platform: 'slack', channel: 'CTEAM0001', lang: 'nb' });
    const created = await goals.create(team, { title: 'Besvarte samtaler', metric: 'samtaler', start: 0, target: 100, unit: 'samtaler', due: '2026-12-31', owner: 'UAGENT001' }, 'nb');
    if (!created.ok) throw new Error('goal not created');
    return created.goal;
  };
  /** Sends a form as Slack does; resolves with the ack's payload, which Slack wants within 3 s. */
  const submit = async (view: { callback_id: string; private_metadata: string }, values: Record<string, Record<string, unknown>>) => {
    const id = h.slack.sendEnvelope('interactive', viewSubmission(view, values));
    await h.slack.waitForAck(id, 3000);
    return h.slack.acks.find((a) => a.envelope_id === id)?.payload as { response_action?: string; errors?: Record<string, string> } | undefined;
  };
  /** What Kompis said to UAGENT001 in a message after the first `from` calls: ephemerals, DMs, edits. */
  const saidAfter = (from: number) => h.slack.calls.slice(from).filter((c) => ['chat.postEphemeral', 'chat.postMessage', 'chat.update'].includes(c.method));
  const errorLogs = () => h.logger.lines.filter((l) => l.level === 'error');

  test('a follow-up in a thread Kompis answered before the outage is answered during it', async () => {
    const ev = mention('How long is the warranty on LED lamps?', { channel: 'CTEAM0001' });
    await h.deliver(eventCallback(ev));
    await eventually(() => expect(repliesIn('CTEAM0001', String(ev.ts))).toHaveLength(1));
    await eventually(async () => expect(await store.channels.isActive(`slack:thread:CTEAM0001:${String(ev.ts)}`)).toBe(true));

    await killRedisServer(server);
    const followUp = message('And how long is the warranty on LED lamps bought online?', { channel: 'CTEAM0001', channel_type: 'channel', thread_ts: String(ev.ts) });
    await h.deliver(eventCallback(followUp));
    await eventually(() => expect(textOf(repliesIn('CTEAM0001', String(ev.ts))[1])).toContain('warranty'), 8000);
    expect(textOf(repliesIn('CTEAM0001', String(ev.ts))[1])).toContain('warranty');
  });

  test('a thread first answered during the outage is marked once Redis is back, so its follow-ups are answered', async () => {
    await killRedisServer(server);
    const ev = mention('How long is the warranty on LED lamps?', { channel: 'CTEAM0001' });
    await h.deliver(eventCallback(ev));
    await eventually(() => expect(repliesIn('CTEAM0001', String(ev.ts))).toHaveLength(1), 8000);

    server = await startRedisServer(port);
    await isUp();
    await eventually(async () => expect(await store.channels.isActive(`slack:thread:CTEAM0001:${String(ev.ts)}`)).toBe(true), 15_000);
    const followUp = message('Does that hold for lamps bought online too?', { channel: 'CTEAM0001', channel_type: 'channel', thread_ts: String(ev.ts) });
    await h.deliver(eventCallback(followUp));
    await eventually(() => expect(repliesIn('CTEAM0001', String(ev.ts))).toHaveLength(2), 8000);
  }, 30_000);

  test('an abstention during the outage does not offer "Send to the curators" and says it was not put on their list; after it, it is on the list', async () => {
    await killRedisServer(server);
    const during = mention('What is the capital of Peru?', { channel: 'CTEAM0001' });
    await h.deliver(eventCallback(during));
    await eventually(() => expect(textOf(repliesIn('CTEAM0001', String(during.ts))[0])).toContain('not in the knowledge store'), 10_000);
    const reply = textOf(repliesIn('CTEAM0001', String(during.ts))[0]);
    expect(reply).toContain('not in the knowledge store');
    expect(reply).not.toContain('kompis_send_to_curators');
    expect(reply).toContain("did not get onto the curators' list");

    server = await startRedisServer(port);
    await isUp();
    const after = mention('What is the capital of Chile?', { channel: 'CTEAM0001' });
    await h.deliver(eventCallback(after));
    await eventually(() => expect(textOf(repliesIn('CTEAM0001', String(after.ts))[0])).toContain('not in the knowledge store'), 8000);
    expect(textOf(repliesIn('CTEAM0001', String(after.ts))[0])).toContain('kompis_send_to_curators');
    expect((await store.curation.listOpenUnanswered()).map((q) => q.question)).toEqual(['What is the capital of Chile?']);
  }, 30_000);

  test('a 👍 during the outage is answered with what happened, and "Send to the curators" still reaches them', async () => {
    await killRedisServer(server);
    await h.interact(blockAction({ action_id: 'kompis_feedback', type: 'feedback_buttons', value: 'up:en' }, { messageTs: '1800000000.000001', threadTs: '1700000000.000100' }));
    await h.slack.waitFor(() => h.slack.callsOf('chat.postEphemeral').length > 0, 5000, 'an ephemeral reply');
    expect(String(h.slack.callsOf('chat.postEphemeral')[0]!.args.text)).toContain('not saved');

    const value = JSON.stringify({ q: 'What is the capital of Peru?', l: 'en', ts: '1700000000.000200' });
    await h.interact(blockAction({ action_id: 'kompis_send_to_curators', type: 'button', value }, { messageTs: '1800000000.000002', threadTs: '1700000000.000200' }));
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').some((c) => c.args.channel === CURATORS), 5000, 'the curator post');
  });

  test('a 👎 reason sent during the outage keeps its form open with what was written, and says why', async () => {
    await h.interact(blockAction({ action_id: 'kompis_feedback', type: 'feedback_buttons', value: 'down:en' }, { messageTs: '1800000000.000001', threadTs: '1700000000.000100' }));
    await h.slack.waitForCalls('views.open');
    const view = h.slack.callsOf('views.open')[0]!.args.view as { callback_id: string; private_metadata: string };
    await killRedisServer(server);
    const acks = h.slack.acks.length;
    await h.interact(viewSubmission(view, reasonValues('The source is old')));
    const ack = h.slack.acks.slice(acks).at(-1)?.payload as { response_action?: string; errors?: Record<string, string> } | undefined;
    expect(ack?.response_action).toBe('errors');
    expect(Object.values(ack?.errors ?? {}).join(' ')).toContain('not saved');
  }, 20_000);

  test('a goal command and kudos during the outage are told they were not saved', async () => {
    const team = await goals.ensureTeam({ id: 'slack:CTEAM0001', platform: 'slack', channel: 'CTEAM0001', lang: 'en' });
    const created = await goals.create(team, { title: 'Calls answered', metric: 'calls', start: 0, target: 100, unit: 'calls', due: '2026-12-31', owner: 'UAGENT001' }, 'en');
    if (!created.ok) throw new Error('goal not created');
    h.slack.locales.UAGENT001 = 'en-GB';
    await killRedisServer(server);
    const reply = (await h.command(slashCommand('goal progress 1 +1', { user: 'UAGENT001' }))) as { text: string };
    expect(reply.text).toContain('storage is not answering');
    expect(reply.text).toContain('not saved');
    const kudos = (await h.command({ ...slashCommand('<@UAGENT002|sofie> for the calm call', { user: 'UAGENT001' }), command: '/kudos' })) as { text: string };
    expect(kudos.text).toContain('not saved');
  }, 20_000);

  test('a "Log progress" form sent during the outage stays open with what was written, and says in the sender\'s language that it was not saved', async () => {
    const goal = await aGoal();
    await killRedisServer(server);
    const calls = h.slack.calls.length;
    const form = { callback_id: 'kompis_goal_progress_view', private_metadata: JSON.stringify({ goalId: goal.id, channel: 'CTEAM0001', lang: 'nb' }) };
    const ack = await submit(form, { progress_value: { v: { type: 'plain_text_input', value: '+7' } } });
    expect(ack).toEqual({ response_action: 'errors', errors: { progress_value: expect.stringContaining('ikke lagret') } });
    expect(saidAfter(calls)).toEqual([]);
    expect(errorLogs().map((l) => [l.msg, JSON.stringify(l.obj)])).toEqual([['goal progress form failed', expect.stringContaining('Redis did not answer')]]);
  }, 20_000);

  test('a new goal form sent during the outage is acked in time, stays open and says in the sender\'s language that it was not saved', async () => {
    await aGoal();
    await killRedisServer(server);
    const calls = h.slack.calls.length;
    const form = { callback_id: 'kompis_goal_new', private_metadata: JSON.stringify({ team: 'slack:CTEAM0001', channel: 'CTEAM0001', lang: 'nb' }) };
    const ack = await submit(form, goalValues('CSAT til 4,5', 'UAGENT001'));
    expect(ack).toEqual({ response_action: 'errors', errors: { goal_title: expect.stringContaining('ikke lagret') } });
    expect(saidAfter(calls)).toEqual([]);
    expect(errorLogs().map((l) => [l.msg, JSON.stringify(l.obj)])).toEqual([['goal form failed', expect.stringContaining('Redis did not answer')]]);
  }, 20_000);

  test('a pulse setup form sent during the outage is acked in time, stays open and says in the lead\'s language that it was not saved', async () => {
    await aGoal();
    await killRedisServer(server);
    const calls = h.slack.calls.length;
    const ack = await submit({ callback_id: 'kompis_pulse_setup', private_metadata: JSON.stringify({ lang: 'nb' }) }, {
      pulse_channel: { v: { type: 'conversations_select', selected_conversation: 'CTEAM0001' } },
      pulse_leads: { v: { type: 'multi_users_select', selected_users: ['UAGENT001'] } },
      pulse_day: { v: { type: 'static_select', selected_option: { value: '5' } } },
      pulse_time: { v: { type: 'timepicker', selected_time: '13:00' } },
      pulse_tz: { v: { type: 'static_select', selected_option: { value: 'Europe/Oslo' } } },
      pulse_lang: { v: { type: 'static_select', selected_option: { value: 'nb' } } },
      pulse_questions: { v: { type: 'multi_static_select', selected_options: [{ value: 'workload' }, { value: 'support' }, { value: 'recognition' }, { value: 'enps' }] } },
      pulse_k: { v: { type: 'number_input', value: '5' } },
      pulse_hours: { v: { type: 'number_input', value: '72' } },
    });
    expect(ack).toEqual({ response_action: 'errors', errors: { pulse_channel: expect.stringContaining('ikke lagret') } });
    expect(saidAfter(calls)).toEqual([]);
    expect(errorLogs().map((l) => [l.msg, JSON.stringify(l.obj)])).toEqual([['pulse setup form failed', expect.stringContaining('Redis did not answer')]]);
  }, 20_000);

  test('a tap on a pulse check-in answer during the outage is answered in the agent\'s language, that it was not saved; the card is left as it was', async () => {
    h.slack.locales.UAGENT001 = 'nb-NO';
    await killRedisServer(server);
    const calls = h.slack.calls.length;
    await h.interact(blockAction({ action_id: 'pulse_pick_workload_4', type: 'button', value: 'round-1|0|workload=4', block_id: 'pulse_q_workload' }, { user: 'UAGENT001', channel: 'DAGENT001', messageTs: '1700000000.000300' }));
    await h.slack.waitFor(() => saidAfter(calls).length > 0, 5000, 'a reply');
    expect(saidAfter(calls).map((c) => [c.method, c.args.channel, c.args.user, c.args.text])).toEqual([['chat.postEphemeral', 'DAGENT001', 'UAGENT001', expect.stringContaining('ikke lagret')]]);
    expect(errorLogs().map((l) => [l.msg, JSON.stringify(l.obj)])).toEqual([['pulse tap failed', expect.stringContaining('Redis did not answer')]]);
  }, 20_000);

  test('a pulse check-in sent during the outage is answered in the agent\'s language, to send it again; the card with the picks is left as it was', async () => {
    h.slack.locales.UAGENT001 = 'nb-NO';
    await killRedisServer(server);
    const calls = h.slack.calls.length;
    await h.interact(blockAction({ action_id: 'pulse_submit', type: 'button', value: 'round-1|0|workload=4', block_id: 'pulse_send' }, { user: 'UAGENT001', channel: 'DAGENT001', messageTs: '1700000000.000300' }));
    await h.slack.waitFor(() => saidAfter(calls).length > 0, 5000, 'a reply');
    expect(saidAfter(calls).map((c) => [c.method, c.args.channel, c.args.user, c.args.text])).toEqual([['chat.postEphemeral', 'DAGENT001', 'UAGENT001', expect.stringContaining('Send dem igjen om litt')]]);
    expect(errorLogs().map((l) => [l.msg, JSON.stringify(l.obj)])).toEqual([['pulse answer failed', expect.stringContaining('Redis did not answer')]]);
  }, 20_000);

  test('the "Log progress" button on a goal card during the outage says in the agent\'s language that it was not saved, rather than opening a form', async () => {
    const goal = await aGoal();
    await killRedisServer(server);
    const calls = h.slack.calls.length;
    await h.interact(blockAction({ action_id: 'kompis_goal_progress', type: 'button', value: goal.id }, { user: 'UAGENT001', channel: 'CTEAM0001', messageTs: '1700000000.000100' }));
    await h.slack.waitFor(() => saidAfter(calls).length > 0, 5000, 'a reply');
    expect(saidAfter(calls).map((c) => [c.method, c.args.channel, c.args.user, c.args.text])).toEqual([['chat.postEphemeral', 'CTEAM0001', 'UAGENT001', expect.stringContaining('ikke lagret')]]);
    expect(h.slack.callsOf('views.open')).toEqual([]);
    expect(errorLogs().map((l) => [l.msg, JSON.stringify(l.obj)])).toEqual([['goal progress button failed', expect.stringContaining('Redis did not answer')]]);
  }, 20_000);
});
