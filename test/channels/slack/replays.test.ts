import { slackChat } from '../../../src/channels/slack/chat';
import { GoalService } from '../../../src/core/goals/service';
import type { Chats } from '../../../src/core/messages';
import type { Store } from '../../../src/core/storage/ports';
import { recordingLogger } from '../../fakes/recording-logger';
import { slashCommand } from '../../fakes/slack/payloads';
import { sqliteFactory } from '../../stores/factories';
import { startHarness, type Harness } from './harness';

const LEAD = 'ULEAD0001';
const CHANNEL = 'CTEAM0001';

/**
 * A signed request replayed (by an attacker within Slack's five minutes, or a retry) runs once:
 * slash commands by their trigger id, clicks and form submissions by theirs.
 */
describe.each(['http', 'socket'] as const)('replayed Slack requests over %s', (mode) => {
  let h: Harness;
  let store: Store;
  let goalId: string;

  beforeEach(async () => {
    store = await sqliteFactory.open();
    const clock = { now: () => new Date('2026-11-23T09:00:00Z') };
    const chats: Chats = {};
    const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'a', chats, clock, logger: recordingLogger() });
    h = await startHarness(mode, { deps: { goals, people: store.channels } });
    chats.slack = slackChat(h.channel.app.client, recordingLogger());
    h.slack.locales[LEAD] = 'en-GB';
    const team = await goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    const created = await goals.create(team, { title: 'Calls answered', metric: 'calls', start: 0, target: 100, unit: 'calls', due: '2026-12-31', owner: LEAD }, 'en');
    if (!created.ok) throw new Error('goal not created');
    goalId = created.goal.id;
  });
  afterEach(async () => {
    await h.close();
    await store.close();
  });

  const current = async () => (await store.goals.getGoal(goalId))!.current;

  test('the same signed /kompis goal progress 1 +1 posted three times adds 1', async () => {
    const command = { ...slashCommand('goal progress 1 +1', { user: LEAD }), channel_id: CHANNEL };
    const first = (await h.command(command)) as { text: string };
    expect(first.text).toContain('now 1 calls of 100');
    await h.command(command);
    await h.command(command);
    expect(await current()).toBe(1);
    // a new command (a new trigger id) counts again
    await h.command({ ...slashCommand('goal progress 1 +1', { user: LEAD }), channel_id: CHANNEL });
    expect(await current()).toBe(2);
  });

  test('the same progress form submission delivered three times adds once', async () => {
    const submission = {
      type: 'view_submission',
      team: { id: 'T0NORDIC1' },
      user: { id: LEAD },
      trigger_id: '9876543210.replayed',
      view: { id: 'VPROGRESS1', type: 'modal', callback_id: 'kompis_goal_progress_view', private_metadata: JSON.stringify({ goalId, channel: CHANNEL, lang: 'en' }), state: { values: { progress_value: { v: { type: 'plain_text_input', value: '+5' } } } } },
    };
    for (let i = 0; i < 3; i++) await h.interact(submission);
    await h.slack.waitFor(() => h.slack.callsOf('chat.postEphemeral').length >= 1, 5000, 'the confirmation');
    await new Promise((r) => setTimeout(r, 200));
    expect(await current()).toBe(5);
    expect(h.slack.callsOf('chat.postEphemeral')).toHaveLength(1);
  });
});
