import { slackChat } from '../../../src/channels/slack/chat';
import { TEST_WRAPPING } from '../../helpers';
import { GoalService } from '../../../src/core/goals/service';
import { type Chats } from '../../../src/core/messages';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import { recordingLogger } from '../../fakes/recording-logger';
import { BOT_USER_ID, FakeSlack } from '../../fakes/slack/fake-slack';
import { slashCommand } from '../../fakes/slack/payloads';
import { FACTORIES, redisFactory } from '../../stores/factories';
import { eventually, startHarness, type Harness } from './harness';

/**
 * Two teams, each with its own lead and agents: 14 people in all. Team A's lead is also an agent in
 * team B: asked there, and not in the team they lead. Each channel holds its lead and its agents.
 */
const TEAMS = [
  { channel: 'CTEAMA001', lead: 'ULEADA001', agents: ['UA0000001', 'UA0000002', 'UA0000003', 'UA0000004', 'UA0000005', 'UA0000006'] },
  { channel: 'CTEAMB001', lead: 'ULEADB001', agents: ['UB0000001', 'UB0000002', 'UB0000003', 'UB0000004', 'UB0000005', 'UB0000006', 'ULEADA001'] },
];
const PEOPLE = [...new Set(TEAMS.flatMap((t) => [t.lead, ...t.agents]))];
/** How many check-ins each person is due: one for each team they are an agent in. */
const DUE = PEOPLE.map((p) => TEAMS.filter((t) => t.agents.includes(p)).length);

interface Replica {
  h: Harness;
  store: Store;
  pulse: PulseService;
}

const clock = { t: new Date('2026-11-25T11:00:00Z'), now: () => clock.t }; // a Wednesday: no round is due by schedule

async function replica(store: Store, owner: string, slack?: FakeSlack): Promise<Replica> {
  const chats: Chats = {};
  const logs = recordingLogger();
  const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner, chats, clock, logger: logs });
  const pulse = new PulseService({ wrapping: TEST_WRAPPING, pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: logs, owner, sendConcurrency: 3 });
  const h = await startHarness('http', { deps: { goals, pulse, people: store.channels }, ...(slack ? { slack } : {}) });
  chats.slack = slackChat(h.channel.app.client, logs);
  return { h, store, pulse };
}

/** A slow Slack (every post takes 200 ms) with both teams' channels and people. */
function populate(slack: FakeSlack): void {
  slack.users = [...PEOPLE.map((id) => ({ id, name: id.toLowerCase(), real_name: id })), { id: BOT_USER_ID, name: 'kompis', is_bot: true }];
  for (const t of TEAMS) slack.channelMembers[t.channel] = [t.lead, ...t.agents, BOT_USER_ID];
  for (const p of PEOPLE) slack.locales[p] = 'en-GB';
  slack.delays['chat.postMessage'] = 200;
}

async function setUp(store: Store): Promise<void> {
  for (const t of TEAMS) {
    await store.teams.saveTeam({ id: `slack:${t.channel}`, platform: 'slack', channel: t.channel, tz: 'Europe/Oslo', lang: 'en', leads: [t.lead], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 3, openHours: 72, paused: false }, updatedAt: clock.now().toISOString() });
  }
}

const checkinsTo = (slack: FakeSlack, user: string) =>
  slack.posted.filter((p) => p.channel === `D${user}` && (p.metadata as { event_payload?: { delivery?: string } } | undefined)?.event_payload?.delivery?.endsWith(':checkin')).length;

/** Waits until everyone has the check-ins due to them and no send is still in flight, then a little longer. */
async function settle(slack: FakeSlack): Promise<void> {
  await eventually(() => expect(PEOPLE.every((p, i) => checkinsTo(slack, p) >= DUE[i]!)).toBe(true), 15_000);
  let calls = -1;
  while (calls !== slack.calls.length) {
    calls = slack.calls.length;
    await new Promise((r) => setTimeout(r, 700));
  }
}

describe.each(FACTORIES)('check-ins are sent exactly once, on $name', (factory) => {
  it("two leads open their rounds at once on one process, while the scheduler runs: one check-in per agent, none to a team's own lead", async () => {
    const store = await factory.open();
    const r = await replica(store, 'replica-a');
    try {
      populate(r.h.slack);
      await setUp(store);
      const [a, b] = TEAMS;
      const replies = await Promise.all([
        r.h.command({ ...slashCommand('pulse now', { user: a!.lead }), channel_id: a!.channel }),
        r.h.command({ ...slashCommand('pulse now', { user: b!.lead }), channel_id: b!.channel }),
        r.pulse.tick(),
      ]);
      expect(JSON.stringify(replies)).toContain('check-ins go to 6 members');
      expect(JSON.stringify(replies)).toContain('check-ins go to 7 members');
      await r.pulse.tick();
      await settle(r.h.slack);
      expect(PEOPLE.map((p) => checkinsTo(r.h.slack, p))).toEqual(DUE);
    } finally {
      await r.h.close();
      await store.close();
    }
  });
});

describe('check-ins are sent exactly once by two replicas sharing Redis', () => {
  it("each replica opens one round and runs its scheduler at the same time: one check-in per agent, none to a team's own lead", async () => {
    const first = await redisFactory.open();
    const second = await redisFactory.openAnother(first);
    const one = await replica(first, 'replica-a');
    const two = await replica(second, 'replica-b', one.h.slack);
    try {
      populate(one.h.slack);
      await setUp(first);
      const [a, b] = TEAMS;
      await Promise.all([
        one.h.command({ ...slashCommand('pulse now', { user: a!.lead }), channel_id: a!.channel }),
        two.h.command({ ...slashCommand('pulse now', { user: b!.lead }), channel_id: b!.channel }),
        one.pulse.tick(),
        two.pulse.tick(),
      ]);
      await Promise.all([one.pulse.tick(), two.pulse.tick()]);
      await settle(one.h.slack);
      await Promise.all([one.pulse.tick(), two.pulse.tick()]);
      expect(PEOPLE.map((p) => checkinsTo(one.h.slack, p))).toEqual(DUE);
    } finally {
      await two.h.close();
      await one.h.close();
      await first.close();
      await second.close();
    }
  });
});
