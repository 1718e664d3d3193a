import { BOT_USER_ID } from '../../fakes/slack/fake-slack';
import { eventCallback, mention, message } from '../../fakes/slack/payloads';
import { miniService } from '../../helpers';
import { blockText, startHarness, type Harness } from './harness';

const QUESTION = 'How long is the warranty on LED lamps?';

/** One rich_text block holding the given parts, as Slack's composer writes a message. */
const richText = (...elements: Record<string, unknown>[]) => [{ type: 'rich_text', block_id: 'q1Ab', elements }];
const section = (...elements: Record<string, unknown>[]) => ({ type: 'rich_text_section', elements });
const text = (t: string, style?: Record<string, boolean>) => ({ type: 'text', text: t, ...(style ? { style } : {}) });

/**
 * A message whose words are only in its rich_text blocks, its `text` empty or left out:
 * chat.postMessage takes blocks without text, and some clients and apps send messages so. Through
 * the real Bolt App over Socket Mode against the fake Slack, each is read as the same words in
 * `text` would be, mentions included.
 */
describe('Slack: a question sent only as rich_text blocks', () => {
  let h: Harness;
  /** Each question as Kompis hands it to core. */
  let asked: string[];
  beforeEach(async () => {
    asked = [];
    const service = await miniService();
    h = await startHarness('socket', { answers: { ask: (q, o) => (asked.push(q), service.ask(q, o)) } });
  });
  afterEach(() => h.close());

  /** The answers posted in a thread (or a DM, with no thread) since `before`. */
  const posted = (before: number) => h.slack.callsOf('chat.postMessage').slice(before);

  async function answerTo(event: Record<string, unknown>): Promise<string> {
    const before = h.slack.callsOf('chat.postMessage').length;
    await h.deliver(eventCallback(event));
    await h.slack.waitFor(() => posted(before).length > 0, 5000, 'the answer');
    return blockText(posted(before)[0]!.args);
  }

  const answered = (blocks: string) => {
    expect(blocks).toContain('five-year warranty');
    // answered as the plain question is: from the store, not as its closest match, nor as "what would you like to know?"
    expect(blocks).toContain('This is what the knowledge store says');
    expect(blocks).not.toContain('kompis_send_to_curators');
  };

  test.each([
    ['with an empty text', { text: '' }],
    ['with no text at all', { text: undefined }],
  ])('a DM %s is answered from its blocks', async (_, overrides) => {
    const ev: Record<string, unknown> = { ...message(''), ...overrides, blocks: richText(section(text(QUESTION))) };
    if (overrides.text === undefined) delete ev.text;
    answered(await answerTo(ev));
  });

  test('a mention in a channel with an empty text is answered in its thread, Kompis\'s own mention left out of the question', async () => {
    const ev: Record<string, unknown> = { ...mention(''), text: '', blocks: richText(section({ type: 'user', user_id: BOT_USER_ID }, text(` ${QUESTION}`))) };
    answered(await answerTo(ev));
    expect(asked).toEqual([QUESTION]);
    expect(posted(0)[0]!.args.thread_ts).toBe(ev.ts);
  });

  test('styles, links, emoji, channels, lists, quotes and code are read as the words they hold', async () => {
    const blocks = richText(
      section({ type: 'emoji', name: 'bulb', unicode: '1f4a1' }, text(' How long is the '), text('warranty', { bold: true }), text(' on '), { type: 'link', url: 'https://lysbutikken.example/led', text: 'LED lamps' }, text('?\n')),
      { type: 'rich_text_list', style: 'bullet', indent: 0, elements: [section(text('asked in '), { type: 'channel', channel_id: 'CTEAM0001' })] },
      { type: 'rich_text_quote', elements: [text('a customer wants to know')] },
      { type: 'rich_text_preformatted', elements: [text('LED')] },
    );
    answered(await answerTo({ ...message(''), blocks }));
    expect(asked).toEqual(['How long is the warranty on LED lamps? • asked in #CTEAM0001 a customer wants to know LED']);
  });

  test('in a thread Kompis answers, a blocks-only message to someone else is left alone, as one written in text is; a question there is answered', async () => {
    const ev = mention(QUESTION);
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const inThread = (...elements: Record<string, unknown>[]) => ({
      ...message('', { channel: String(ev.channel), channel_type: 'channel', thread_ts: String(ev.ts), user: 'UCOLLEAGUE1' }),
      blocks: richText(section(...elements)),
    });
    await h.deliver(eventCallback(inThread({ type: 'user', user_id: 'UKARI0001' }, text(' can you check what proof of purchase the warranty needs?'))));
    await new Promise((r) => setTimeout(r, 400));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    await h.deliver(eventCallback(inThread(text('and what proof of purchase does the warranty need?'))));
    await h.slack.waitForCalls('chat.postMessage', 2);
    expect(blockText(h.slack.callsOf('chat.postMessage')[1]!.args)).toContain('receipt');
  });
});
