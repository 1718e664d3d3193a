import { mountGoalsApi } from '../../../src/api/goals-progress';
import { slackChat } from '../../../src/channels/slack/chat';
import { slackCommandText } from '../../../src/channels/slack/command-text';
import { parseCommand } from '../../../src/core/commands';
import { GoalService } from '../../../src/core/goals/service';
import { silentLogger } from '../../../src/core/ports';
import { HttpServer } from '../../../src/http/server';
import { KompisMetrics } from '../../../src/http/metrics';
import { type Chats } from '../../../src/core/messages';
import type { Store } from '../../../src/core/storage/ports';
import { dyingOutbox } from '../../fakes/dying-outbox';
import { recordingLogger } from '../../fakes/recording-logger';
import { blockAction, slashCommand } from '../../fakes/slack/payloads';
import { FACTORIES, type StoreFactory } from '../../stores/factories';
import { eventually, startHarness, type Harness } from './harness';

const LEAD = 'ULEAD0001';
const CHANNEL = 'CTEAM0001';

interface World {
  h: Harness;
  store: Store;
  goals: GoalService;
  clock: { t: Date; now(): Date };
  close(): Promise<void>;
}

async function world(factory: StoreFactory): Promise<World> {
  const store = await factory.open();
  const clock = { t: new Date('2026-11-23T09:00:00Z'), now: () => clock.t };
  const chats: Chats = {};
  const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats, clock, logger: recordingLogger() });
  const h = await startHarness('socket', { deps: { goals, people: store.channels } });
  chats.slack = slackChat(h.channel.app.client, recordingLogger());
  for (const u of [LEAD, 'UAGENT001', 'UAGENT002', 'UAGENT003']) h.slack.locales[u] = 'en-GB';
  return { h, store, goals, clock, close: async () => (await h.close(), await store.close()) };
}

/** Slack's id of each modal it opens: a new one for every form. */
let views = 0;

/** `/kompis goal new`, then the modal sent with these fields; returns Bolt's ack payload. */
async function newGoal(w: World, fields: { title?: string; metric?: string; start?: string; target?: string; unit?: string; direction?: string; due?: string; owner?: string }): Promise<unknown> {
  const opened = w.h.slack.callsOf('views.open').length;
  await w.h.command({ ...slashCommand('goal new', { user: LEAD }), channel_id: CHANNEL });
  await w.h.slack.waitFor(() => w.h.slack.callsOf('views.open').length > opened);
  const view = w.h.slack.callsOf('views.open').at(-1)!.args.view as { callback_id: string; private_metadata: string };
  const text = (value?: string) => ({ v: { type: 'plain_text_input', value: value ?? null } });
  const id = w.h.slack.sendEnvelope('interactive', {
    type: 'view_submission',
    user: { id: LEAD },
    view: {
      id: `VGOAL${++views}`,
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: {
        values: {
          goal_title: text(fields.title),
          goal_metric: text(fields.metric),
          goal_start: { v: { type: 'number_input', value: fields.start ?? null } },
          goal_target: { v: { type: 'number_input', value: fields.target ?? null } },
          goal_unit: text(fields.unit),
          goal_direction: { v: { type: 'radio_buttons', selected_option: { value: fields.direction ?? 'higher' } } },
          goal_due: { v: { type: 'datepicker', selected_date: fields.due ?? null } },
          goal_owner: { v: { type: 'users_select', selected_user: fields.owner ?? null } },
          goal_why: text(),
        },
      },
    },
  });
  await w.h.slack.waitForAck(id);
  return w.h.slack.acks.find((a) => a.envelope_id === id)?.payload;
}

const channelPosts = (w: World) => w.h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL);

describe.each(FACTORIES)('goals and kudos in Slack, on $name', (factory) => {
  let w: World;
  beforeEach(async () => {
    w = await world(factory);
  });
  afterEach(() => w.close());

  it('says what is missing in SMART terms, on the field, and creates nothing', async () => {
    const ack = (await newGoal(w, { title: 'Faster answers', metric: 'Handle time', start: '400', target: '360', direction: 'lower', owner: LEAD })) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(ack.errors).toEqual({ goal_due: 'No due date: when should this be reached?' });
    expect(await w.store.goals.listGoals(`slack:${CHANNEL}`)).toEqual([]);
  });

  it('a lead creates a goal, progress from the command crosses the target, and the channel celebrates once', async () => {
    const ack = await newGoal(w, { title: 'CSAT to 4.5', metric: 'CSAT', start: '4.1', target: '4.5', unit: 'points', due: '2026-12-31', owner: LEAD });
    expect(ack).not.toHaveProperty('response_action');
    await eventually(() => expect(channelPosts(w)).toHaveLength(1));
    expect(JSON.stringify(channelPosts(w)[0]!.args.blocks)).toContain('CSAT to 4.5');

    const list = (await w.h.command({ ...slashCommand('goals', { user: LEAD }) })) as { text: string; blocks: unknown[] };
    expect(JSON.stringify(list.blocks)).toMatch(/1\. CSAT to 4\.5.*▰▰▰▰▰▰▰▰▰▰|▱/);

    const first = (await w.h.command(slashCommand('goal progress 1 4,3', { user: 'UAGENT001' }))) as { text: string };
    expect(first.text).toContain('CSAT to 4.5: now 4.3 points of 4.5');
    const second = (await w.h.command(slashCommand('goal progress 1 +0.3', { user: 'UAGENT002' }))) as { text: string };
    expect(second.text).toContain('now 4.6');
    await eventually(() => expect(channelPosts(w)).toHaveLength(2));
    const celebration = channelPosts(w)[1]!.args;
    expect(celebration.text).toBe('Goal reached: CSAT to 4.5!');
    expect(JSON.stringify(celebration.blocks)).toContain('<@UAGENT001>, <@UAGENT002>');
    expect(JSON.stringify(celebration.blocks)).toContain('Reached the same day, from 4.1 to 4.6 points.');
    // more progress after the target: no second celebration
    await w.h.command(slashCommand('goal progress 1 4.8', { user: 'UAGENT003' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(channelPosts(w)).toHaveLength(2);

    const bad = (await w.h.command(slashCommand('goal progress 1 lots', { user: LEAD }))) as { text: string };
    expect(bad.text).toContain('Use: /kompis goal progress');
    const unknown = (await w.h.command(slashCommand('goal progress 7 3', { user: LEAD }))) as { text: string };
    expect(unknown.text).toContain('No goal "7"');
  });

  it('refuses goal numbers that are not finite or past what a goal holds, on the form field and in the command, and the goals stay listed', async () => {
    const ack = (await newGoal(w, { title: 'Calls', metric: 'calls', start: 'abc', target: '9'.repeat(401), due: '2026-12-31', owner: LEAD })) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(ack.errors.goal_start).toContain('Write a number');
    expect(ack.errors.goal_target).toContain('Write a number');
    expect(await w.store.goals.listGoals(`slack:${CHANNEL}`)).toEqual([]);

    await newGoal(w, { title: 'Calls answered', metric: 'calls', start: '0', target: '100', due: '2026-12-31', owner: LEAD });
    await eventually(() => expect(channelPosts(w)).toHaveLength(1));
    const huge = (await w.h.command(slashCommand(`goal progress 1 ${'9'.repeat(401)}`, { user: LEAD }))) as { text: string };
    expect(huge.text).toContain('Use: /kompis goal progress');
    expect(((await w.h.command(slashCommand('goal progress 1 -1000000000000', { user: LEAD }))) as { text: string }).text).toContain('now -1,000,000,000,000');
    const over = (await w.h.command(slashCommand('goal progress 1 -1000000000000', { user: LEAD }))) as { text: string };
    expect(over.text).toContain('Nothing was changed');
    const [goal] = await w.store.goals.listGoals(`slack:${CHANNEL}`);
    expect(goal!.current).toBe(-1e12);
    const list = (await w.h.command(slashCommand('goals', { user: LEAD }))) as { text: string };
    expect(list.text).toContain('Calls answered');
    expect(list.text).not.toContain('∞');
  });

  it("draws core's goal and progress forms as modals, and says on the progress field when its value is not a number", async () => {
    await w.h.command({ ...slashCommand('goal new', { user: LEAD }), channel_id: CHANNEL });
    await w.h.slack.waitForCalls('views.open');
    type Block = { block_id?: string; optional?: boolean; text?: { text: string }; hint?: { text: string }; element?: Record<string, unknown> };
    const blocksOf = (n: number) => Object.fromEntries(((w.h.slack.callsOf('views.open')[n]!.args.view as { blocks: Block[] }).blocks).map((b) => [b.block_id ?? 'intro', b]));
    const goal = blocksOf(0);
    expect(Object.keys(goal)).toEqual(['goal_title', 'goal_metric', 'goal_start', 'goal_target', 'goal_unit', 'goal_direction', 'goal_due', 'goal_owner', 'goal_why']);
    expect(goal.goal_title).toMatchObject({ optional: false, element: { type: 'plain_text_input', max_length: 150 } });
    expect(goal.goal_why).toMatchObject({ optional: true, element: { type: 'plain_text_input', multiline: true, max_length: 1000 } });
    expect(goal.goal_start!.element).toMatchObject({ type: 'number_input', is_decimal_allowed: true });
    expect(goal.goal_direction!.element).toMatchObject({ type: 'radio_buttons', initial_option: { value: 'higher' } });
    expect(goal.goal_owner!.element).toMatchObject({ type: 'users_select', initial_user: LEAD });

    await newGoal(w, { title: 'Calls answered', metric: 'calls', start: '0', target: '100', due: '2026-12-31', owner: LEAD });
    await eventually(() => expect(channelPosts(w)).toHaveLength(1));
    const [created] = await w.store.goals.listGoals(`slack:${CHANNEL}`);
    await w.h.interact(blockAction({ action_id: 'kompis_goal_progress', type: 'button', value: created!.id }, { user: LEAD, channel: CHANNEL, messageTs: '1700000000.000100' }));
    await w.h.slack.waitForCalls('views.open', 3);
    const progress = blocksOf(2);
    expect(progress.intro!.text!.text).toBe('*Calls answered*');
    expect(progress.progress_value).toMatchObject({ hint: { text: expect.stringContaining('/kompis goal progress') }, element: { type: 'plain_text_input', max_length: 30 } });
    const view = w.h.slack.callsOf('views.open')[2]!.args.view as { callback_id: string; private_metadata: string };
    const send = async (value: string, form = 'V2') => {
      const id = w.h.slack.sendEnvelope('interactive', { type: 'view_submission', user: { id: LEAD }, view: { id: form, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: { progress_value: { v: { type: 'plain_text_input', value } } } } } });
      await w.h.slack.waitForAck(id);
      return w.h.slack.acks.find((a) => a.envelope_id === id)?.payload;
    };
    expect(await send('lots')).toEqual({ response_action: 'errors', errors: { progress_value: 'Write a number, for example 4.4 (at most 1,000,000,000,000 either way).' } });
    expect(await send('+7')).not.toHaveProperty('response_action');
    await eventually(async () => expect((await w.store.goals.getGoal(created!.id))!.current).toBe(7));
    // the same form sent again (its answer lost) counts once; another form counts again
    await send('+7');
    await send('+7', 'V3');
    await eventually(async () => expect((await w.store.goals.getGoal(created!.id))!.current).toBe(14));
    expect((await w.store.goals.listProgress(created!.id)).map((p) => p.delta)).toEqual([7, 7]);
  });

  it('/kudos posts a recognition in the team channel, linked to a goal, and refuses self-kudos', async () => {
    await newGoal(w, { title: 'CSAT to 4.5', metric: 'CSAT', start: '4.1', target: '4.5', due: '2026-12-31', owner: LEAD });
    await eventually(() => expect(channelPosts(w)).toHaveLength(1));
    const reply = (await w.h.command({ ...slashCommand('<@UAGENT002|sofie> for calming a tough call with <@UAGENT003|per> #1', { user: LEAD }), command: '/kudos' })) as { text: string };
    expect(reply.text).toContain("Kudos shared in the team's channel.");
    await eventually(() => expect(channelPosts(w)).toHaveLength(2));
    const kudos = JSON.stringify(channelPosts(w)[1]!.args.blocks);
    expect(kudos).toContain('<@ULEAD0001> → <@UAGENT002>');
    // another person in the reason is mentioned, which Slack shows as their name
    expect(kudos).toContain('for calming a tough call with <@UAGENT003>');
    expect(kudos).not.toContain('{@');
    expect(kudos).toContain('CSAT to 4.5');
    const self = (await w.h.command({ ...slashCommand(`<@${LEAD}> for me`, { user: LEAD }), command: '/kudos' })) as { text: string };
    expect(self.text).toContain('someone else');
    const empty = (await w.h.command({ ...slashCommand('', { user: LEAD }), command: '/kudos' })) as { text: string };
    expect(empty.text).toContain('/kudos @person');
  });

  it('/kompis kudos and /kompis goal progress read the escaped text Slack sends: a mention, a #channel, a link', async () => {
    await newGoal(w, { title: 'Svar i #kundeservice innen 2 min', metric: 'minutes', start: '5', target: '2', direction: 'lower', due: '2026-12-31', owner: LEAD });
    // made a minute later, so that the first is goal 1 in every store
    await eventually(() => expect(channelPosts(w)).toHaveLength(1));
    w.clock.t = new Date(w.clock.t.getTime() + 60_000);
    await newGoal(w, { title: 'Alle har lest www.example.no/retur', metric: 'agents', start: '0', target: '10', due: '2026-12-31', owner: LEAD });
    await eventually(() => expect(channelPosts(w)).toHaveLength(2));
    // `/kompis kudos @sofie for the handover & the notes #1` as Slack sends it, escaped
    const kudos = (await w.h.command(slashCommand('kudos <@UAGENT002|sofie> for the handover &amp; the notes #1', { user: LEAD }))) as { text: string };
    expect(kudos.text).toContain("Kudos shared in the team's channel.");
    await eventually(() => expect(channelPosts(w)).toHaveLength(3));
    const posted = JSON.stringify(channelPosts(w)[2]!.args.blocks);
    expect(posted).toContain('<@ULEAD0001> → <@UAGENT002>');
    expect(posted).toContain('for the handover &amp; the notes');
    expect(posted).toContain('Svar i #kundeservice innen 2 min');
    // a goal named by words of its title: Slack sends a typed #channel and link as markup
    const byChannel = (await w.h.command(slashCommand('goal progress <#C0KUNDE01|kundeservice> 3', { user: 'UAGENT001' }))) as { text: string };
    expect(byChannel.text).toContain('Svar i #kundeservice innen 2 min: now 3');
    const byLink = (await w.h.command(slashCommand('goal progress <http://www.example.no/retur|www.example.no/retur> +4', { user: 'UAGENT001' }))) as { text: string };
    expect(byLink.text).toContain('Alle har lest www.example.no/retur: now 4');
  });

  it('a new goal whose card Slack refused is saved, and its creator is told it was not shown, not that it was', async () => {
    w.h.slack.inject('chat.postMessage', { error: 'is_archived' });
    await newGoal(w, { title: 'CSAT to 4.5', metric: 'CSAT', start: '4.1', target: '4.5', unit: 'points', due: '2026-12-31', owner: LEAD });
    await w.h.slack.waitForCalls('chat.postEphemeral');
    const told = JSON.stringify(w.h.slack.callsOf('chat.postEphemeral').at(-1)!.args);
    expect(told).not.toContain('saved and shown');
    expect(told).toContain("The goal is saved, but could not be shown: Kompis cannot reach the team's channel");
    expect(await w.store.goals.listGoals(`slack:${CHANNEL}`)).toHaveLength(1);
  });

  it('/kudos whose post Slack refused says so, instead of saying it was shared; the kudos are kept for the digest', async () => {
    await w.goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    w.h.slack.inject('chat.postMessage', { error: 'is_archived' });
    const gone = (await w.h.command({ ...slashCommand('<@UAGENT002|sofie> for calming a tough call', { user: LEAD }), command: '/kudos' })) as { text: string };
    expect(gone.text).not.toContain('shared in the team');
    expect(gone.text).toContain("cannot reach the team's channel");
    w.h.slack.inject('chat.postMessage', { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const down = (await w.h.command({ ...slashCommand('<@UAGENT003|ola> for the handover', { user: LEAD }), command: '/kudos' })) as { text: string };
    expect(down.text).toContain('could not be shared');
    expect(down.text).toContain('weekly wins digest');
    expect(w.h.slack.posted.filter((p) => p.channel === CHANNEL)).toHaveLength(0);
    expect(await w.store.goals.listKudos(`slack:${CHANNEL}`, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toHaveLength(2);
  });

  it('a celebration its replica could not finish is finished by the next tick: posted once if Slack did not take it, not again if it did', async () => {
    const team = await w.goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    const celebrations = () => channelPosts(w).filter((c) => String(c.args.text).startsWith('Goal reached'));
    const goal = async (title: string) => {
      const created = await w.goals.create(team, { title, metric: 'calls', start: 0, target: 10, unit: 'calls', due: '2026-12-31', owner: LEAD }, 'en');
      if (!created.ok) throw new Error('goal not created');
      return created.goal.id;
    };
    const chats: Chats = { slack: slackChat(w.h.channel.app.client, recordingLogger()) };
    const replica = (outbox: Store['outbox'], owner: string) => new GoalService({ goals: w.store.goals, teams: w.store.teams, once: w.store.channels, outbox, locks: w.store.locks, owner, chats, clock: w.clock, logger: recordingLogger() });

    // Slack refuses the post: the celebration stays queued and the next tick posts it, once
    const refused = await goal('Refused at first');
    w.h.slack.inject('chat.postMessage', { error: 'fatal_error' });
    expect(await w.goals.progress(refused, { value: 10 }, { source: 'api', actor: 'UAGENT001' }, 'en')).toMatchObject({ ok: true, outcome: { reachedNow: true } });
    await w.goals.settled();
    expect(celebrations()).toHaveLength(1); // the refused attempt
    expect(w.h.slack.posted.filter((p) => String(p.text).startsWith('Goal reached'))).toHaveLength(0);
    await replica(w.store.outbox, 'replica-b').tick();
    await w.goals.tick();
    expect(w.h.slack.posted.filter((p) => String(p.text).startsWith('Goal reached: Refused at first'))).toHaveLength(1);

    // the replica dies after Slack took the post, before noting it: the tick finds it in the channel's history
    const died = await goal('Posted, then died');
    const dying = replica(dyingOutbox(1, ':celebration')(w.store.outbox), 'replica-dying');
    await dying.progress(died, { value: 10 }, { source: 'api', actor: 'UAGENT002' }, 'en');
    await dying.settled();
    expect(await w.store.outbox.counts(`goal:${died}:celebration`)).toMatchObject({ sending: 1 });
    const historyCalls = w.h.slack.callsOf('conversations.history').length;
    w.clock.t = new Date(w.clock.t.getTime() + 180_000);
    await replica(w.store.outbox, 'replica-b').tick();
    expect(w.h.slack.callsOf('conversations.history').length).toBeGreaterThan(historyCalls);
    expect(w.h.slack.posted.filter((p) => String(p.text).startsWith('Goal reached: Posted, then died'))).toHaveLength(1);
    expect(await w.store.outbox.counts(`goal:${died}:celebration`)).toEqual({ pending: 0, sending: 0, sent: 1 });
  });

  it('a celebration Slack answers with 429 and a Retry-After past the next tick is posted once, and the goals API answers at once with it queued', async () => {
    const team = await w.goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    const created = await w.goals.create(team, { title: 'Calls solved', metric: 'calls', start: 0, target: 10, unit: 'calls', due: '2026-12-31', owner: LEAD }, 'en');
    if (!created.ok) throw new Error('goal not created');
    const http = new HttpServer({ logger: silentLogger, metrics: new KompisMetrics() });
    mountGoalsApi(http, { goals: w.goals, token: 'api-token', logger: silentLogger });
    const port = await http.listen(0, '127.0.0.1');
    try {
      w.h.slack.inject('chat.postMessage', { status: 429, retryAfter: 2 });
      const started = Date.now();
      let answeredAfter = Infinity;
      const res = fetch(`http://127.0.0.1:${port}/api/goals/${created.goal.id}/progress`, { method: 'POST', headers: { authorization: 'Bearer api-token', 'content-type': 'application/json' }, body: JSON.stringify({ value: 10 }) }).then(async (r) => {
        answeredAfter = Date.now() - started;
        return r.json();
      });
      // the scheduler's next minute comes while Slack's Retry-After is still running
      await w.h.slack.waitForCalls('chat.postMessage', 2);
      w.clock.t = new Date(w.clock.t.getTime() + 60_000);
      await w.goals.tick();
      expect(await res).toMatchObject({ reachedNow: true, celebration: 'queued' });
      expect(answeredAfter).toBeLessThan(1000);
      await eventually(() => expect(w.h.slack.posted.filter((p) => String(p.text).startsWith('Goal reached'))).toHaveLength(1), 5000);
      await w.goals.settled();
      await w.goals.tick();
      expect(w.h.slack.posted.filter((p) => String(p.text).startsWith('Goal reached'))).toHaveLength(1);
      expect(await w.store.outbox.counts(`goal:${created.goal.id}:celebration`)).toEqual({ pending: 0, sending: 0, sent: 1 });
    } finally {
      await http.close();
    }
  });

  it('50 concurrent updates from two replicas crossing the target give exactly one celebration', async () => {
    const team = await w.goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    const created = await w.goals.create(team, { title: 'Calls solved', metric: 'first-contact resolutions', start: 0, target: 40, unit: 'calls', due: '2026-12-31', owner: LEAD }, 'en');
    if (!created.ok) throw new Error('goal not created');
    const other = await factory.openAnother(w.store);
    try {
      const chats: Chats = { slack: slackChat(w.h.channel.app.client, recordingLogger()) };
      const replica = new GoalService({ goals: other.goals, teams: other.teams, once: other.channels, outbox: other.outbox, locks: other.locks, owner: 'replica-b', chats, clock: w.clock, logger: recordingLogger() });
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? replica : w.goals).progress(created.goal.id, { delta: 1 }, { source: 'api', actor: `U${i % 5}` }, 'en')));
      expect(outcomes.filter((o) => o.ok && o.outcome.reachedNow)).toHaveLength(1);
      await eventually(() => expect(channelPosts(w).filter((c) => String(c.args.text).startsWith('Goal reached'))).toHaveLength(1));
      expect((await w.store.goals.getGoal(created.goal.id))!.current).toBe(50);
    } finally {
      await other.close();
    }
  });
});

describe('the weekly wins digest', () => {
  it('covers Monday to Monday in the team time zone and is posted once, Monday 09:00 local', async () => {
    const w = await world(FACTORIES[0]!);
    try {
      const team = await w.goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en', tz: 'Europe/Helsinki' });
      // Helsinki is UTC+2 in November: the week 16–22 Nov runs from 15 Nov 22:00 UTC to 22 Nov 22:00 UTC
      const at = (iso: string) => ({ team: team.id, from: LEAD, to: 'UAGENT001', text: `kudos at ${iso}`, at: iso });
      await w.store.goals.addKudos(at('2026-11-15T21:59:00.000Z')); // Sunday 23:59 the week before
      await w.store.goals.addKudos(at('2026-11-15T22:00:00.000Z')); // Monday 00:00, in
      await w.store.goals.addKudos(at('2026-11-22T21:59:00.000Z')); // Sunday 23:59, in
      await w.store.goals.addKudos(at('2026-11-22T22:00:00.000Z')); // next Monday 00:00, out

      w.clock.t = new Date('2026-11-23T06:59:00Z'); // Monday 08:59 in Helsinki: not yet
      expect(await w.goals.digestIfDue(team, w.clock.t)).toBeUndefined();
      w.clock.t = new Date('2026-11-23T07:00:00Z'); // 09:00
      const digest = await w.goals.digestIfDue(team, w.clock.t);
      expect(digest?.title).toBe('Wins of week 47');
      expect(digest?.kudos.map((k) => k.text)).toEqual(['kudos at 2026-11-15T22:00:00.000Z', 'kudos at 2026-11-22T21:59:00.000Z']);
      await w.goals.tick();
      await eventually(() => expect(channelPosts(w)).toHaveLength(1));
      expect(await w.goals.digestIfDue(team, new Date('2026-11-23T10:00:00Z'))).toBeUndefined();
      expect(channelPosts(w)).toHaveLength(1);
    } finally {
      await w.close();
    }
  });
});

describe('a /kudos text through the one grammar', () => {
  const parseKudos = (text: string) => parseCommand(slackCommandText(`kudos ${text}`), 'typed');
  it('reads the mention, the reason and an optional goal number', () => {
    expect(parseKudos('<@U123ABC|kari> for the calm call')).toEqual({ kind: 'kudos', to: 'U123ABC', reason: 'for the calm call' });
    expect(parseKudos('<@U123ABC> takk for hjelpen #2')).toEqual({ kind: 'kudos', to: 'U123ABC', reason: 'takk for hjelpen', goalRef: '2' });
    expect(parseKudos('@kari for the calm call')).toEqual({ kind: 'usage', of: 'kudos' });
    expect(parseKudos('<@U123ABC>')).toEqual({ kind: 'usage', of: 'kudos' });
    // a reference typed as text is not a mention
    expect(parseKudos('{@U123ABC} for the calm call')).toEqual({ kind: 'usage', of: 'kudos' });
  });
});
