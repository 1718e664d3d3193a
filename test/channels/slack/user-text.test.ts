import { slackChat } from '../../../src/channels/slack/chat';
import { renderMessage } from '../../../src/channels/slack/render-messages';
import { GoalService } from '../../../src/core/goals/service';
import type { Chats } from '../../../src/core/messages';
import type { Store } from '../../../src/core/storage/ports';
import { recordingLogger } from '../../fakes/recording-logger';
import { slashCommand } from '../../fakes/slack/payloads';
import { sqliteFactory } from '../../stores/factories';
import { eventually, startHarness, type Harness } from './harness';

const LEAD = 'ULEAD0001';
const CHANNEL = 'CTEAM0001';
/** What Slack's mrkdwn would act on in a message's `text`: a broadcast, a mention, a labelled link. */
const LIVE = /<!channel>|<!here>|<@U|<https?:/;

/**
 * What people type is shown as what they typed, in the blocks and in the `text` notifications use,
 * through Bolt against the fake Slack. Slack sends typed markup escaped (&lt;!channel&gt;).
 */
describe('user text in Slack', () => {
  let h: Harness;
  let store: Store;
  let goals: GoalService;

  beforeEach(async () => {
    store = await sqliteFactory.open();
    const chats: Chats = {};
    goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'a', chats, clock: { now: () => new Date('2026-11-23T09:00:00Z') }, logger: recordingLogger() });
    h = await startHarness('socket', { deps: { goals, people: store.channels } });
    chats.slack = slackChat(h.channel.app.client, recordingLogger());
    h.slack.locales[LEAD] = 'en-GB';
  });
  afterEach(async () => {
    await h.close();
    await store.close();
  });

  const channelPosts = () => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL);

  test('kudos with <!channel> and a labelled link reach the notification text escaped', async () => {
    await goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    const text = '<@UAGENT002|sofie> for &lt;!channel&gt; and &lt;https://evil.example/login|verify&gt;';
    await h.command({ ...slashCommand(text, { user: LEAD, channel: CHANNEL }), command: '/kudos' });
    await eventually(() => expect(channelPosts()).toHaveLength(1));
    const post = channelPosts()[0]!.args;
    expect(String(post.text)).toContain('&lt;!channel&gt;');
    expect(String(post.text)).not.toMatch(LIVE);
    expect(JSON.stringify(post.blocks)).not.toContain('<!channel>');
  });

  /** The kudos posted in the team channel, and its reason as the weekly digest shows it. */
  async function kudosAsShown(reason: string): Promise<{ blocks: string; text: string; digest: string }> {
    await goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    await h.command({ ...slashCommand(`<@UAGENT002|kari> ${reason}`, { user: LEAD, channel: CHANNEL }), command: '/kudos' });
    await eventually(() => expect(channelPosts()).toHaveLength(1));
    const post = channelPosts()[0]!.args;
    const [kudos] = await store.goals.listKudos(`slack:${CHANNEL}`, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    const digest = renderMessage({ kind: 'digest', lang: 'en', title: 'Wins', reachedTitle: 'Reached', reached: [], kudosTitle: 'Kudos', kudos: [{ from: { id: LEAD }, to: { id: 'UAGENT002' }, text: kudos!.text }], footer: 'footer' });
    return { blocks: JSON.stringify(post.blocks), text: String(post.text), digest: JSON.stringify(digest.blocks) };
  }

  test('a colleague named in a kudos reason is a mention, in the post and the digest; nothing else typed is live', async () => {
    // as Slack sends it with escaping on
    const shown = await kudosAsShown('for covering for <@UAGENT003|per>, <!here> &lt;!channel&gt; <https://evil.example/login|verify> {@UAGENT004}');
    expect(shown.blocks).toContain('<@ULEAD0001> → <@UAGENT002>\\nfor covering for <@UAGENT003>,');
    expect(shown.text).toContain('for covering for <@UAGENT003>,');
    expect(shown.digest).toContain('for covering for <@UAGENT003>,');
    for (const s of Object.values(shown)) {
      expect(s).not.toMatch(/<!here>|<!channel>|<https?:|<@UAGENT004>|\{@UAGENT003\}|(?<!<)@UAGENT003/);
      // what was typed as text stays text
      expect(s).toMatch(/@here &lt;!channel&gt; verify \{\u2060@UAGENT004\}/);
    }
  });

  test('a private channel named in a kudos reason is a channel link, in the post and the digest; a typed {#…} stays text', async () => {
    // Slack sends a private channel without its name
    const shown = await kudosAsShown('for help in <#C0PRIV001|> and <#C0KUNDE01|kundeservice>, {#C0OTHER01}');
    expect(shown.blocks).toContain('for help in <#C0PRIV001> and #kundeservice, {\u2060#C0OTHER01}');
    expect(shown.text).toContain('for help in <#C0PRIV001> and #kundeservice,');
    expect(shown.digest).toContain('for help in <#C0PRIV001> and #kundeservice,');
    for (const s of Object.values(shown)) expect(s).not.toMatch(/<#C0OTHER01>|\{#C0PRIV001\}/);
  });

  test("a goal titled <!channel> is escaped in the goal card's text, the progress reply and the list", async () => {
    const team = await goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    const created = await goals.create(team, { title: '<!channel> <https://evil.example|verify>', metric: 'calls', start: 0, target: 10, unit: 'calls', due: '2026-12-31', owner: LEAD }, 'en');
    expect(created.ok).toBe(true);
    await eventually(() => expect(channelPosts()).toHaveLength(1));
    expect(String(channelPosts()[0]!.args.text)).not.toMatch(LIVE);
    const progress = (await h.command(slashCommand('goal progress 1 2', { user: LEAD, channel: CHANNEL }))) as { text: string; blocks: unknown[] };
    expect(progress.text).toContain('&lt;!channel&gt;');
    expect(progress.text).not.toMatch(LIVE);
    const unknown = (await h.command(slashCommand('goal progress <!channel> 5', { user: LEAD, channel: CHANNEL }))) as { text: string; blocks: unknown[] };
    expect(unknown.text).not.toMatch(LIVE);
    expect(JSON.stringify(unknown.blocks)).not.toMatch(LIVE);
    const list = (await h.command(slashCommand('goals', { user: LEAD, channel: CHANNEL }))) as { text: string };
    expect(list.text).not.toMatch(LIVE);
  });

  test('`{@id}` typed in a command is echoed as text, never as a mention', async () => {
    await goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    const reply = (await h.command(slashCommand('goal progress {@UAGENT002} 5', { user: LEAD, channel: CHANNEL }))) as { text: string; blocks: unknown[] };
    expect(reply.text).toContain('UAGENT002');
    expect(reply.text).not.toContain('<@UAGENT002>');
    expect(JSON.stringify(reply.blocks)).not.toContain('<@UAGENT002>');
  });

  test('an over-long unknown subcommand or goal reference is clipped within Block Kit limits', async () => {
    await goals.ensureTeam({ id: `slack:${CHANNEL}`, platform: 'slack', channel: CHANNEL, lang: 'en' });
    for (const command of ['x'.repeat(10_000), `goal progress ${'y'.repeat(10_000)} 5`, '&lt;'.repeat(3000)]) {
      const reply = (await h.command(slashCommand(command, { user: LEAD, channel: CHANNEL }))) as { text: string; blocks: { text?: { text: string } }[] };
      expect(reply.text.length).toBeLessThanOrEqual(3000);
      for (const block of reply.blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
  });
});
