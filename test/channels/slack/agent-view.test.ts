import fs from 'node:fs';
import path from 'node:path';
import { eventCallback } from '../../fakes/slack/payloads';
import { eventually, startHarness, type Harness } from './harness';

const opened = (user: string, channel: string) => eventCallback({ type: 'app_home_opened', user, channel, tab: 'messages', event_ts: `17000007${Math.floor(Math.random() * 1e5)}.000100` });

/** Item 5 of issue 15: Slack's agent view, end to end through Bolt against the fake Slack. */
describe('Slack agent view', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('socket');
  });
  afterEach(async () => {
    await h.close();
  });

  test('opening the Messages tab greets the person once, in their language, and pins suggested prompts with no thread', async () => {
    h.slack.locales.UAGENT002 = 'sv-SE';
    await h.deliver(opened('UAGENT002', 'DAGENT002'));
    await h.slack.waitForCalls('assistant.threads.setSuggestedPrompts');
    const [greeting] = h.slack.callsOf('chat.postMessage');
    expect(greeting!.args).toMatchObject({ channel: 'DAGENT002' });
    expect(String(greeting!.args.text)).toMatch(/^Hej! Jag är Kompis/);
    expect(greeting!.args.thread_ts).toBeUndefined();
    const [prompts] = h.slack.callsOf('assistant.threads.setSuggestedPrompts');
    expect(prompts!.args).toMatchObject({ channel_id: 'DAGENT002', title: 'Vad undrar du om hållbarhet?' });
    expect(prompts!.args.thread_ts).toBeUndefined();
    expect((prompts!.args.prompts as { message: string }[]).map((p) => p.message)).toContain('Vilka är våra klimatmål, och hur långt har vi kommit?');

    // a second visit: the prompts again, the greeting not
    await h.deliver(opened('UAGENT002', 'DAGENT002'));
    await h.slack.waitForCalls('assistant.threads.setSuggestedPrompts', 2);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test("a store's own suggested questions are the prompts: in the person's language, else in English", async () => {
    const own = await startHarness('socket', {
      deps: {
        suggestions: {
          sv: [{ title: 'Cykelleasing', message: 'Hur leasar jag en cykel genom jobbet?' }],
          en: [{ title: 'Bike leasing', message: 'How do I lease a bike through work?' }],
        },
      },
    });
    try {
      own.slack.locales.UAGENT004 = 'sv-SE';
      own.slack.locales.UAGENT005 = 'da-DK';
      await own.deliver(opened('UAGENT004', 'DAGENT004'));
      await own.deliver(opened('UAGENT005', 'DAGENT005'));
      await own.slack.waitForCalls('assistant.threads.setSuggestedPrompts', 2);
      const byChannel = Object.fromEntries(own.slack.callsOf('assistant.threads.setSuggestedPrompts').map((c) => [c.args.channel_id, c.args.prompts]));
      expect(byChannel).toEqual({
        DAGENT004: [{ title: 'Cykelleasing', message: 'Hur leasar jag en cykel genom jobbet?' }],
        DAGENT005: [{ title: 'Bike leasing', message: 'How do I lease a bike through work?' }],
      });
    } finally {
      await own.close();
    }
  });

  test('a store that is down means no greeting, one log line, and the prompts all the same', async () => {
    await h.store.close();
    await h.deliver(opened('UAGENT003', 'DAGENT003'));
    await h.slack.waitForCalls('assistant.threads.setSuggestedPrompts');
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    await eventually(() => expect(h.logger.lines.filter((l) => l.level === 'warn' && /seen before; leaving it out/.test(l.msg ?? ''))).toHaveLength(1));
  });

  test('the manifest declares the agent view with its description, not the assistant view', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'manifest.json'), 'utf8')) as {
      features: Record<string, { agent_description?: string } | undefined>;
      settings: { event_subscriptions: { bot_events: string[] } };
    };
    expect(manifest.features.agent_view?.agent_description).toMatch(/knowledge store/);
    expect(manifest.features.assistant_view).toBeUndefined();
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_home_opened', 'message.im']));
    expect(manifest.settings.event_subscriptions.bot_events).not.toContain('assistant_thread_started');
  });
});
