import type { ChildProcess } from 'node:child_process';
import { slackChat } from '../../../src/channels/slack/chat';
import { GoalService } from '../../../src/core/goals/service';
import type { Chats } from '../../../src/core/messages';
import { openRedisStore, type RedisStore } from '../../../src/stores/redis/redis-store';
import { recordingLogger } from '../../fakes/recording-logger';
import { goalValues, nextTrigger, viewSubmission } from '../../fakes/slack/payloads';
import { freePort } from '../../setup/global-setup';
import { killRedisServer, startRedisServer } from '../../stores/redis-process';
import { eventually, startHarness, type Harness } from './harness';

const PREFIX = 'goal-outage:';
const LEAD = 'ULEAD0001';
const CHANNEL = 'CTEAM0001';
const FORM = { callback_id: 'kompis_goal_new', private_metadata: JSON.stringify({ team: `slack:${CHANNEL}`, channel: CHANNEL, lang: 'nb' }) };

/**
 * A lead's new goal form sent as Redis stalls: a redis-server of the test's own, stopped (SIGSTOP, as a
 * fork for a snapshot or a failover stops it) just as the goal is written, past the command time limit,
 * then let go on (SIGCONT), so it writes the goal after Kompis has told the lead it was not saved.
 */
describe('a new goal form sent as Redis stalls', () => {
  let server: ChildProcess;
  let store: RedisStore;
  let h: Harness;

  beforeEach(async () => {
    const port = await freePort();
    server = await startRedisServer(port);
    store = await openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: PREFIX, commandTimeoutMs: 500 });
    const chats: Chats = {};
    // Monday 23 November 2026, as the time goes on: goals are numbered by when they were made
    const started = Date.now();
    const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats, clock: { now: () => new Date(Date.parse('2026-11-23T09:00:00Z') + Date.now() - started) }, logger: recordingLogger() });
    h = await startHarness('socket', { store, deps: { goals, people: store.channels } });
    chats.slack = slackChat(h.channel.app.client, recordingLogger());
    h.slack.locales[LEAD] = 'nb-NO';
    await goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'nb' });
  });
  afterEach(async () => {
    server.kill('SIGCONT');
    await h.close();
    await store.close();
    await killRedisServer(server);
  });

  /** Sends this form (the same view) as Slack does when the lead presses its button: a new request each time. */
  const send = async (form: Record<string, unknown>) => {
    const id = h.slack.sendEnvelope('interactive', { ...form, trigger_id: nextTrigger() });
    await h.slack.waitForAck(id, 3000);
    return h.slack.acks.find((a) => a.envelope_id === id)?.payload as { response_action?: string; errors?: Record<string, string> } | undefined;
  };
  /** Stops Redis as the command that writes a goal is sent to it. */
  const stallAtGoalWrite = () => {
    type Send = RedisStore['client']['sendCommand'];
    const sendCommand = store.client.sendCommand.bind(store.client) as Send;
    store.client.sendCommand = ((command, ...rest) => {
      if (command.args.some((a) => String(a).startsWith(`${PREFIX}goal:`))) {
        server.kill('SIGSTOP');
        store.client.sendCommand = sendCommand;
      }
      return sendCommand(command, ...rest);
    }) as Send;
  };
  const isUp = async () => {
    for (let i = 0; i < 100 && !(await store.health()).ok; i++) await new Promise((r) => setTimeout(r, 100));
  };
  const titles = async () => (await store.goals.listGoals(`slack:${CHANNEL}`)).map((g) => g.title);
  const cardsOf = (title: string) => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes(title));
  const toLead = () => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === LEAD).map((c) => String(c.args.text));

  it('the form answered "not saved" makes one goal however often it is sent again, with one card; a new form makes another', async () => {
    // a goal made while Redis is well: its scripts are loaded, as in any running Kompis
    expect(await send(viewSubmission(FORM, goalValues('Besvarte samtaler', LEAD), { user: LEAD }))).not.toHaveProperty('response_action');
    await eventually(() => expect(cardsOf('Besvarte samtaler')).toHaveLength(1));

    const form = viewSubmission(FORM, goalValues('CSAT til 4,5', LEAD), { user: LEAD });
    stallAtGoalWrite();
    const stalled = await send(form);
    server.kill('SIGCONT');
    expect(stalled).toEqual({ response_action: 'errors', errors: { goal_title: expect.stringContaining('ikke lagret') } });
    await isUp();
    // Redis wrote the goal once it went on: the lead was told otherwise, and sends the form again, as told
    expect(await titles()).toEqual(['Besvarte samtaler', 'CSAT til 4,5']);

    expect(await send(form)).not.toHaveProperty('response_action');
    expect(await send(form)).not.toHaveProperty('response_action');
    await eventually(() => expect(toLead()).toHaveLength(3));
    expect(toLead().slice(1)).toEqual(['Målet er lagret og vist i kanalen.', 'Målet er lagret og vist i kanalen.']);
    expect(await titles()).toEqual(['Besvarte samtaler', 'CSAT til 4,5']);
    expect(cardsOf('CSAT til 4,5')).toHaveLength(1);

    // a new form with the same title is a second goal: the lead's to make
    expect(await send(viewSubmission(FORM, goalValues('CSAT til 4,5', LEAD), { user: LEAD }))).not.toHaveProperty('response_action');
    await eventually(() => expect(cardsOf('CSAT til 4,5')).toHaveLength(2));
    expect(await titles()).toEqual(['Besvarte samtaler', 'CSAT til 4,5', 'CSAT til 4,5']);
  }, 30_000);
});
