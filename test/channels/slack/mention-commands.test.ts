import { slackChat } from '../../../src/channels/slack/chat';
import type { SlackDeps } from '../../../src/channels/slack/deps';
import { GoalService } from '../../../src/core/goals/service';
import { t } from '../../../src/core/i18n/strings';
import type { Chats } from '../../../src/core/messages';
import type { Store } from '../../../src/core/storage/ports';
import { recordingLogger } from '../../fakes/recording-logger';
import { edit, eventCallback, mention, message, slashCommand } from '../../fakes/slack/payloads';
import { sqliteFactory } from '../../stores/factories';
import { eventually, startHarness, type Harness } from './harness';

const LEAD = 'ULEAD0001';
const OLA = 'UAGENT002';
const CHANNEL = 'CTEAM0001';
const DM = 'DLEAD0001';

interface World {
  h: Harness;
  store: Store;
  close(): Promise<void>;
}

/** Kompis in Slack with goals and kudos, its people writing in English. */
async function world(deps: Partial<SlackDeps> = {}): Promise<World> {
  const store = await sqliteFactory.open();
  const chats: Chats = {};
  const clock = { now: () => new Date('2026-11-23T09:00:00Z') };
  const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats, clock, logger: recordingLogger() });
  const h = await startHarness('socket', { deps: { goals, people: store.channels, ...deps } });
  chats.slack = slackChat(h.channel.app.client, recordingLogger());
  for (const u of [LEAD, 'UAGENT001', OLA]) h.slack.locales[u] = 'en-GB';
  return { h, store, close: async () => (await h.close(), await store.close()) };
}

const kudosPosts = (h: Harness) => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.args.thread_ts === undefined);
const ephemerals = (h: Harness) => h.slack.callsOf('chat.postEphemeral').map((c) => c.args);
const unanswered = async (h: Harness) => (await h.store.curation.latestUnanswered(10)).items.map((q) => q.question);
/** Whether Kompis answered the message at `ts` as a question: an answer goes in the thread the question starts. */
const answeredIn = (h: Harness, ts: unknown) => h.slack.callsOf('chat.postMessage').some((c) => c.args.thread_ts === ts);

describe('commands in a message to Kompis in Slack', () => {
  let w: World;
  afterEach(() => w.close());

  test('a mention "@Kompis kudos @Ola for …" in the team channel posts the kudos as /kudos does, tells the giver privately, and is no question', async () => {
    w = await world();
    const { h } = w;
    await h.command({ ...slashCommand(`<@${OLA}|ola> for staying calm on a tough call`, { user: LEAD, channel: CHANNEL }), command: '/kudos' });
    await eventually(() => expect(kudosPosts(h)).toHaveLength(1));

    const ev = mention(`kudos <@${OLA}> for staying calm on a tough call`, { user: LEAD, channel: CHANNEL });
    await h.deliver(eventCallback(ev));
    await eventually(() => expect(kudosPosts(h)).toHaveLength(2));
    const [bySlash, byMention] = kudosPosts(h).map((c) => ({ text: c.args.text, blocks: c.args.blocks }));
    expect(byMention).toEqual(bySlash);
    expect(JSON.stringify(byMention!.blocks)).toContain(`<@${LEAD}> → <@${OLA}>`);

    await eventually(() => expect(ephemerals(h)).toHaveLength(1));
    expect(ephemerals(h)[0]).toMatchObject({ channel: CHANNEL, user: LEAD, text: "Kudos shared in the team's channel." });
    // a mention that starts no thread gets its reply where it was written, as the slash command's
    expect(ephemerals(h)[0]!.thread_ts).toBeUndefined();
    expect(answeredIn(h, ev.ts)).toBe(false);
    expect(await unanswered(h)).toEqual([]);
  });

  test('the same mention delivered again gives the kudos once', async () => {
    w = await world();
    const { h } = w;
    const body = eventCallback(mention(`kudos <@${OLA}> for the handover`, { user: LEAD, channel: CHANNEL }));
    await h.deliver(body);
    await h.deliver(body, 1);
    await eventually(() => expect(ephemerals(h)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 200));
    expect(kudosPosts(h)).toHaveLength(1);
    expect(ephemerals(h)).toHaveLength(1);
  });

  test('"@Kompis help" gets the help privately, in the thread it was written in', async () => {
    w = await world();
    const { h } = w;
    await h.deliver(eventCallback(mention('help', { user: LEAD, channel: CHANNEL })));
    await eventually(() => expect(ephemerals(h)).toHaveLength(1));
    expect(ephemerals(h)[0]).toMatchObject({ channel: CHANNEL, user: LEAD });
    expect(JSON.stringify(ephemerals(h)[0])).toContain('/kompis kudos');

    const thread = '1700000500.000100';
    await h.deliver(eventCallback(mention('help', { user: LEAD, channel: CHANNEL, thread_ts: thread })));
    await eventually(() => expect(ephemerals(h)).toHaveLength(2));
    expect(ephemerals(h)[1]).toMatchObject({ channel: CHANNEL, user: LEAD, thread_ts: thread });
    expect(h.slack.callsOf('chat.postMessage')).toEqual([]);
    expect(await unanswered(h)).toEqual([]);
  });

  test('a DM "kudos @Ola …" gives the kudos in the team the person last used Kompis in, and says so in the DM', async () => {
    w = await world();
    const { h } = w;
    // the lead's team: the channel where they last used Kompis
    await h.deliver(eventCallback(mention('goals', { user: LEAD, channel: CHANNEL })));
    await eventually(() => expect(ephemerals(h)).toHaveLength(1));
    expect(JSON.stringify(ephemerals(h)[0])).toContain('no goals yet');

    const dm = message(`kudos <@${OLA}> for staying calm on a tough call`, { user: LEAD, channel: DM, channel_type: 'im' });
    await h.deliver(eventCallback(dm));
    await eventually(() => expect(kudosPosts(h)).toHaveLength(1));
    expect(JSON.stringify(kudosPosts(h)[0]!.args.blocks)).toContain('for staying calm on a tough call');
    await eventually(() => expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === DM)).toHaveLength(1));
    const reply = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === DM)!.args;
    expect(reply.text).toBe("Kudos shared in the team's channel.");
    expect(reply.thread_ts).toBeUndefined();
    expect(ephemerals(h)).toHaveLength(1);
    expect(answeredIn(h, dm.ts)).toBe(false);
    expect(await unanswered(h)).toEqual([]);
  });

  test("in the assistant view's thread a command is run and its reply is in the thread", async () => {
    w = await world();
    const { h } = w;
    const thread = '1700000600.000100';
    await h.deliver(eventCallback(message('help', { user: LEAD, channel: DM, channel_type: 'im', thread_ts: thread })));
    await h.slack.waitForCalls('chat.postMessage');
    const [reply] = h.slack.callsOf('chat.postMessage');
    expect(reply!.args).toMatchObject({ channel: DM, thread_ts: thread });
    expect(JSON.stringify(reply!.args)).toContain('/kompis kudos');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(await unanswered(h)).toEqual([]);
  });

  test('an ordinary question mentioning Kompis is answered as a question', async () => {
    w = await world();
    const { h } = w;
    const ev = mention('How long is the warranty on LED lamps?', { user: LEAD, channel: CHANNEL });
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const [post] = h.slack.callsOf('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: CHANNEL, thread_ts: ev.ts });
    expect(JSON.stringify(post!.args.blocks)).toContain('five-year warranty');
    expect(ephemerals(h)).toEqual([]);
  });

  test('a question that starts with a command\'s name ("goals for recycling in 2030?", "help with …") is a question, in a mention and in a DM', async () => {
    w = await world();
    const { h } = w;
    const ev = mention('goals for recycling in 2030?', { user: LEAD, channel: CHANNEL });
    await h.deliver(eventCallback(ev));
    await eventually(async () => expect(await unanswered(h)).toEqual(['goals for recycling in 2030?']));
    await h.slack.waitForCalls('chat.postMessage');
    expect(h.slack.callsOf('chat.postMessage')[0]!.args).toMatchObject({ channel: CHANNEL, thread_ts: ev.ts });

    const dm = message('help with the recycling goals for 2030?', { user: LEAD, channel: DM, channel_type: 'im' });
    await h.deliver(eventCallback(dm));
    await eventually(() => expect(answeredIn(h, dm.ts)).toBe(true));
    await eventually(async () => expect(await unanswered(h)).toHaveLength(2));
    expect(ephemerals(h)).toEqual([]);
  });

  test('a command that fails gets the apology the slash command gives, privately, and one log line', async () => {
    const people = {
      setUserTeam: async () => Promise.reject(new Error('store unreachable')),
      teamOfUser: async () => undefined,
    };
    w = await world({ people });
    const { h } = w;
    await h.deliver(eventCallback(mention('goals', { user: LEAD, channel: CHANNEL })));
    await eventually(() => expect(ephemerals(h)).toHaveLength(1));
    expect(ephemerals(h)[0]).toMatchObject({ channel: CHANNEL, user: LEAD, text: t('en', 'error') });
    const errors = h.logger.lines.filter((l) => l.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ obj: expect.objectContaining({ message: 'store unreachable', command: 'goals' }) })]);
    expect(await unanswered(h)).toEqual([]);
  });

  test('a form asked for in a message says to open it with the slash command', async () => {
    w = await world();
    const { h } = w;
    await h.deliver(eventCallback(mention('goal new', { user: LEAD, channel: CHANNEL })));
    await eventually(() => expect(ephemerals(h)).toHaveLength(1));
    expect(ephemerals(h)[0]!.text).toContain('/kompis goal new');
    expect(h.slack.callsOf('views.open')).toEqual([]);
    expect(h.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  test('a DM edited into a command is neither run nor answered', async () => {
    w = await world();
    const { h } = w;
    const sent = message('hlep', { user: LEAD, channel: DM, channel_type: 'im' });
    await h.deliver(eventCallback(sent));
    await eventually(() => expect(answeredIn(h, sent.ts)).toBe(true));
    const posts = h.slack.callsOf('chat.postMessage').length;
    await h.deliver(eventCallback(edit(sent, 'help')));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(posts);
    expect(h.slack.callsOf('chat.update')).toEqual([]);
    expect(ephemerals(h)).toEqual([]);
  });
});
