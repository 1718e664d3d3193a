import { OpenAiLlm } from '../../../src/llm/openai-llm';
import { FakeOpenAi } from '../../fakes/openai-server';
import { miniService, prompts } from '../../helpers';
import { channelMention, feedbackInvoke, personalMessage, startTeams, type TeamsHarness } from './harness';

const QUESTION = 'How long is the warranty on LED lamps?';

/**
 * Item 6 of issue 15: with a model, a personal-chat answer streams through the real Agents SDK's
 * StreamingResponse to the fake connector, which checks Teams' streaming rules; channels, which
 * Teams does not stream in, get the whole answer at once.
 */
describe('Teams: an answer streamed as it is written', () => {
  const openai = new FakeOpenAi();
  let h: TeamsHarness;

  beforeAll(async () => {
    const baseURL = await openai.start();
    const answers = await miniService({ llm: { client: new OpenAiLlm({ apiKey: 'sk-test', baseURL, model: 'test-model', timeoutMs: 3000 }), prompts: prompts(), timeoutMs: 3000 } });
    h = await startTeams({ answers });
  });
  afterAll(async () => {
    await h.close();
    await openai.stop();
  });

  type Entity = { type: string; citation?: { position: number; appearance: { name: string } }[]; additionalType?: string[] };

  test('a personal chat gets an informative update, the text as it is written, then the final message with citations and the AI label', async () => {
    openai.queue({ kind: 'stream', pieces: ['LED lamps have a five-year warranty [1]. ', 'Keep the receipt [1]. '], delayMs: 100 });
    const before = h.connector.sent.length;
    const question = personalMessage(h.connector.url, QUESTION);
    expect((await h.post(question)).status).toBe(200);
    const streamed = h.connector.streamed(before);
    expect(streamed.map((s) => [s.activity.type, s.info.streamType])).toEqual([
      ['typing', 'informative'],
      ['typing', 'streaming'],
      ['typing', 'streaming'],
      ['message', 'final'],
    ]);
    const [informative, first, second, final] = streamed;
    expect(informative!.activity.text).toBe('Searching the knowledge store …');
    expect(informative!.replyToId).toBe(question.id);
    expect(first!.activity.text).toBe('LED lamps have a five-year warranty [1].');
    expect(second!.activity.text).toBe('LED lamps have a five-year warranty [1]. Keep the receipt [1].');
    for (const s of [first, second, final]) expect(s!.info.streamId).toBe(informative!.id);
    expect(second!.info.streamSequence).toBeGreaterThan(first!.info.streamSequence!);

    const a = final!.activity;
    expect(a.text).toBe('LED lamps have a five-year warranty [1]. Keep the receipt [1].');
    expect(a.channelData).toMatchObject({ feedbackLoopEnabled: true });
    const ai = (a.entities as Entity[]).find((e) => e.type === 'https://schema.org/Message')!;
    expect(ai.additionalType).toEqual(['AIGeneratedContent']);
    expect(ai.citation!.map((c) => c.position)).toEqual([1]);
    expect(ai.citation![0]!.appearance.name).toContain('Warranty on LED lamps');
    // 👎 on the streamed message names its stream id: the feedback is stored with the cited passage
    await h.post(feedbackInvoke(h.connector.url, informative!.id, 'dislike', 'Wrong lamp'));
    expect((await h.store.exportAll()).feedback).toEqual([expect.objectContaining({ vote: 'down', passageIds: ['en/warranty.md#how-long-led-lamps-are-covered'] })]);
    // the answer went out once: as the stream's final message
    expect(h.connector.sent.slice(before).filter((s) => s.activity.type === 'message')).toHaveLength(1);
  });

  test('a streamed answer left with no valid citation ends in what the store says, marked as such', async () => {
    openai.queue({ kind: 'stream', pieces: ['Yes. ', 'Every lamp is climate neutral [7].'] });
    const before = h.connector.sent.length;
    await h.post(personalMessage(h.connector.url, QUESTION));
    const streamed = h.connector.streamed(before);
    expect(JSON.stringify(streamed.map((s) => s.activity.text))).not.toContain('climate neutral');
    const final = streamed.at(-1)!;
    expect(final.info.streamType).toBe('final');
    expect(final.activity.text).toContain('five-year warranty');
    expect(final.activity.text).toContain('could not be checked against the sources');
    expect(final.activity.text).not.toContain('not in the knowledge store');
    expect(final.activity.text).not.toContain('Yes.');
  });

  test('a stream Teams refused on the way (a failure not worth a retry) still ends in the answer, sent as a message of its own', async () => {
    openai.queue({ kind: 'stream', pieces: ['LED lamps have a five-year warranty [1].'] });
    const before = h.connector.sent.length;
    h.connector.failSends.push(500);
    await h.post(personalMessage(h.connector.url, QUESTION));
    const messages = h.connector.sent.slice(before).filter((s) => s.activity.type === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.activity.text).toBe('LED lamps have a five-year warranty [1].');
    expect(JSON.stringify(messages[0]!.activity.entities)).not.toContain('streaminfo');
    expect(h.logger.lines.some((l) => l.msg?.includes('Teams stream failed'))).toBe(true);
  });

  test('a channel question is not streamed: the whole answer comes in one message', async () => {
    openai.queue({ kind: 'json', body: { abstain: false, answer: 'LED lamps have a five-year warranty [1].', citations: [{ marker: 1, passage_id: 'en/warranty.md#how-long-led-lamps-are-covered' }] } });
    const before = h.connector.sent.length;
    await h.post(channelMention(h.connector.url, QUESTION));
    const sent = h.connector.sent.slice(before);
    expect(sent.some((s) => JSON.stringify(s.activity).includes('streaminfo'))).toBe(false);
    const messages = sent.filter((s) => s.activity.type === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.activity.text).toBe('LED lamps have a five-year warranty [1].');
    expect(openai.requests.at(-1)!.body.stream).toBeUndefined();
  });
});
