import { escapeMarkdownText } from '../../../src/channels/slack/mrkdwn';
import { eventCallback, message } from '../../fakes/slack/payloads';
import { answersRepeating, miniService } from '../../helpers';
import { startHarness, type Harness } from './harness';

const QUESTION = 'How long is the warranty on LED lamps?';

/**
 * Slack reads a chat stream's `markdown_text` as standard markdown: an answer that repeats what the
 * asker wrote (a link, @channel, a mention) is streamed as text, through the real Bolt WebClient
 * against the fake Slack.
 */
describe('Slack: what a streamed answer repeats is shown as text', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('a link, @channel, @here and a mention in the streamed text reach Slack escaped; citation markers stay', async () => {
    const service = await miniService();
    const echoed = 'Every LED lamp has a five-year warranty [1]. <!channel> <!here> <@U0BOSS> see [your account](https://evil.example/login), [terms][t] and <https://evil.example|here>.';
    const answers = answersRepeating(service, echoed);
    h = await startHarness('socket', { answers, signOfLifeAfterMs: 10_000 });
    const before = h.slack.calls.length;
    await h.deliver(eventCallback(message(QUESTION, { channel: 'DAGENT001', channel_type: 'im' })));
    await h.slack.waitForCalls('chat.stopStream');
    const streamed = h.slack.calls
      .slice(before)
      .filter((c) => c.method === 'chat.startStream' || c.method === 'chat.appendStream')
      .map((c) => c.args.markdown_text ?? (c.args.chunks as { text: string }[] | undefined)?.[0]?.text)
      .join('');
    expect(streamed).toContain('warranty [1].');
    expect(streamed).not.toMatch(/(^|[^\\])<[!@h]/);
    expect(streamed).not.toMatch(/\][([]/);
    expect(streamed).toContain('https://evil.example/login');
  });

  test('escapeMarkdownText keeps the words and breaks every link and mention form', () => {
    expect(escapeMarkdownText('[a](b) [c][d] [e]: f <!channel> R&D [1].')).toBe('[a]\\(b) [c]\\[d] [e]\\: f \\<!channel\\> R\\&D [1].');
  });
});
