import { slackChat } from '../../../src/channels/slack/chat';
import { channelTeam } from '../../../src/channels/slack/team-of';
import { GoalService } from '../../../src/core/goals/service';
import type { Chats } from '../../../src/core/messages';
import { recordingLogger } from '../../fakes/recording-logger';
import { blockAction, eventCallback, slashCommand } from '../../fakes/slack/payloads';
import { sqliteFactory } from '../../stores/factories';
import { blockText, eventually, startHarness } from './harness';

const LEAD = 'ULEAD0001';
const CHANNEL = 'CTEAM0001';
/** A goal title as long as a goal takes (150), all of it characters mrkdwn escapes. */
const MARKUP_TITLE = `R&D <fast> ${'&<>'.repeat(46)}`.slice(0, 150);

/**
 * What people write and collect, as long as Kompis takes it, through Bolt against the fake Slack,
 * which refuses what Slack refuses (the harness fails a test when it did): a team a year on, its
 * first 26 goals reached and the newest with a title of markup; its list, its Home tab, the newest
 * goal's progress form, and a kudos of over 900 characters naming a colleague.
 */
describe('Slack: long inputs, each shown and taken by Slack', () => {
  test("a team's thirtieth goal, its title all markup, is listed with its button, on the Home tab and in its form; a long kudos is posted", async () => {
    const store = await sqliteFactory.open();
    const chats: Chats = {};
    const clock = { t: Date.parse('2026-11-23T09:00:00Z'), now: () => new Date(clock.t) };
    const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats, clock, logger: recordingLogger() });
    const h = await startHarness('socket', { deps: { goals, people: store.channels } });
    try {
      chats.slack = slackChat(h.channel.app.client, recordingLogger());
      for (const u of [LEAD, 'UAGENT002']) h.slack.locales[u] = 'en-GB';
      const team = await channelTeam(goals, h.channel.app.client, CHANNEL, 'en');
      for (let n = 1; n <= 30; n++) {
        // a minute apart, so that goal n is number n in every store
        clock.t += 60_000;
        const made = await goals.create(team, { title: n === 30 ? MARKUP_TITLE : `Goal ${n}`, metric: 'CSAT', start: 4, target: 4.5, due: '2026-12-31', owner: LEAD }, 'en');
        if (!made.ok) throw new Error(JSON.stringify(made.errors));
        if (n <= 26) await goals.progress(made.goal.id, { value: 4.6 }, { source: 'test', actor: LEAD }, 'en');
      }
      const newest = (await store.goals.listGoals(team.id)).at(-1)!;
      const escaped = MARKUP_TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

      const list = (await h.command({ ...slashCommand('goals', { user: LEAD }), channel_id: CHANNEL })) as { blocks: unknown[] };
      expect(blockText(list)).toContain(`*30. ${escaped}*`);
      expect(blockText(list)).toContain(`"value":"${newest.id}"`);

      await store.channels.setUserTeam(LEAD, team.id);
      await h.deliver(eventCallback({ type: 'app_home_opened', user: LEAD, channel: 'DLEAD0001', tab: 'home', event_ts: '1700000900.000100' }));
      await h.slack.waitForCalls('views.publish');
      expect(JSON.stringify(h.slack.callsOf('views.publish')[0]!.args.view)).toContain(`*30. ${escaped}*`);

      await h.interact(blockAction({ action_id: 'kompis_goal_progress', type: 'button', value: newest.id }, { user: LEAD, channel: CHANNEL, messageTs: '1700000000.000100' }));
      await h.slack.waitForCalls('views.open');
      // the form names the goal as written, its markup escaped, shortened where an escape ends
      const intro = (h.slack.callsOf('views.open')[0]!.args.view as { blocks: { text?: { text: string } }[] }).blocks[0]!.text!.text;
      expect(intro).toMatch(/^\*R&amp;D &lt;fast&gt; (&amp;&lt;&gt;)+(&amp;|&lt;)?…\*$/);

      // as Slack sends a command's text: its own markup for the person, the rest escaped
      const reason = `for the handover &amp; the notes with <@UAGENT003|per> ${'and the calm &lt;voice&gt; &amp; care '.repeat(40)}`.slice(0, 1250).replace(/ \S*$/, '');
      const posts = () => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
      const before = posts().length;
      const reply = (await h.command({ ...slashCommand(`<@UAGENT002|sofie> ${reason}`, { user: LEAD }), channel_id: CHANNEL, command: '/kudos' })) as { text: string };
      expect(reply.text).toContain("Kudos shared in the team's channel.");
      await eventually(() => expect(posts()).toHaveLength(before + 1));
      expect(blockText(posts().at(-1)!.args)).toContain('&lt;voice&gt; &amp; care');
    } finally {
      await h.close();
      await store.close();
    }
  });
});
