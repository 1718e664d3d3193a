import { OpenAiLlm } from '../../../src/llm/openai-llm';
import { FakeOpenAi } from '../../fakes/openai-server';
import { TEAM_ID } from '../../fakes/slack/fake-slack';
import { eventCallback, mention, message } from '../../fakes/slack/payloads';
import { miniService, prompts } from '../../helpers';
import { blockText, eventually, startHarness, type Harness } from './harness';

const QUESTION = 'How long is the warranty on LED lamps?';

/**
 * Item 6 of issue 15: with a model, the answer streams into Slack as it is written, through the
 * real Bolt WebClient's chat stream against the fake Slack, from the real openai client against
 * the fake OpenAI server speaking SSE.
 */
describe('Slack: an answer streamed as it is written', () => {
  const openai = new FakeOpenAi();
  let h: Harness;

  let baseURL: string;
  const withModel = () => miniService({ llm: { client: new OpenAiLlm({ apiKey: 'sk-test', baseURL, model: 'test-model', timeoutMs: 3000 }), prompts: prompts(), timeoutMs: 3000 } });

  beforeAll(async () => {
    baseURL = await openai.start();
    h = await startHarness('socket', { answers: await withModel(), signOfLifeAfterMs: 10_000 });
  });
  afterAll(async () => {
    await h.close();
    await openai.stop();
  });

  test('a DM question is streamed sentence by sentence, and the stream stops with the sources and 👍/👎', async () => {
    openai.queue({ kind: 'stream', pieces: ['LED lamps have a ', 'five-year warranty [1]. ', 'Keep the receipt [1].'], delayMs: 30 });
    const before = h.slack.calls.length;
    const ev = message(QUESTION, { channel: 'DAGENT001', channel_type: 'im' });
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.stopStream');
    const calls = h.slack.calls.slice(before);
    const [start] = calls.filter((c) => c.method === 'chat.startStream');
    expect(start!.args).toMatchObject({ channel: 'DAGENT001', thread_ts: ev.ts, recipient_user_id: 'UAGENT001', recipient_team_id: TEAM_ID });
    const appended = calls.filter((c) => c.method === 'chat.startStream' || c.method === 'chat.appendStream').map((c) => c.args.markdown_text ?? (c.args.chunks as { text: string }[])[0]!.text);
    expect(appended).toEqual(['LED lamps have a five-year warranty [1].', ' Keep the receipt [1].']);
    const stop = calls.find((c) => c.method === 'chat.stopStream')!;
    expect(blockText(stop.args)).toContain('Warranty on LED lamps');
    expect(blockText(stop.args)).toContain('feedback_buttons');
    // the answer is the streamed message: nothing posted beside it, nothing rewritten
    expect(calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')).toHaveLength(0);
    const posted = h.slack.posted.find((p) => p.ts === stop.args.ts)!;
    expect(posted).toMatchObject({ streaming: false, text: 'LED lamps have a five-year warranty [1]. Keep the receipt [1].' });
    await eventually(async () => expect(await h.metrics.registry.getSingleMetricAsString('kompis_questions_total')).toMatch(/channel="slack"\} [1-9]/));
  });

  test('an answer with no sentence whose citation is valid is never streamed: what the store says is posted, marked as such, with no curator button', async () => {
    openai.queue({ kind: 'stream', pieces: ['Yes. ', 'Every lamp is climate neutral [7].'] });
    const before = h.slack.calls.length;
    const ev = mention(QUESTION);
    await h.deliver(eventCallback(ev));
    await h.slack.waitFor(() => h.slack.calls.slice(before).some((c) => c.method === 'chat.postMessage'), 5000, 'the answer posted');
    const calls = h.slack.calls.slice(before);
    expect(calls.filter((c) => c.method === 'chat.startStream' || c.method === 'chat.appendStream')).toHaveLength(0);
    const post = calls.find((c) => c.method === 'chat.postMessage')!;
    expect(blockText(post.args)).toContain('five-year warranty');
    expect(blockText(post.args)).toContain('could not be checked against the sources');
    expect(blockText(post.args)).not.toContain('kompis_send_to_curators');
    expect(blockText(post.args)).not.toContain('climate neutral');
  });

  test('a streamed answer the model ends with NO_ANSWER is replaced by what the store says, marked as such', async () => {
    openai.queue({ kind: 'stream', pieces: ['Every LED lamp has a five-year warranty [1]. ', 'NO_ANSWER'], delayMs: 30 });
    const before = h.slack.calls.length;
    const ev = mention(QUESTION);
    await h.deliver(eventCallback(ev));
    await h.slack.waitFor(() => h.slack.calls.slice(before).some((c) => c.method === 'chat.update'), 5000, 'the streamed message replaced');
    const calls = h.slack.calls.slice(before);
    const appended = calls.filter((c) => c.method === 'chat.startStream' || c.method === 'chat.appendStream');
    expect(JSON.stringify(appended.map((c) => c.args))).not.toContain('NO_');
    const stop = calls.find((c) => c.method === 'chat.stopStream')!;
    const update = calls.find((c) => c.method === 'chat.update')!;
    expect(update.args.ts).toBe(stop.args.ts);
    expect(blockText(update.args)).toContain('This is what the knowledge store says');
    expect(blockText(update.args)).toContain('(it declined)');
    expect(blockText(update.args)).not.toContain('NO_');
    expect(blockText(update.args)).not.toContain('kompis_send_to_curators');
  });

  test('a streamed answer from the closest the store has ends opening with the line that asks the agent to check it, with the curator button', async () => {
    openai.queue({ kind: 'stream', pieces: ['Lysbutikken gives a warranty ', 'on LED lamps [1].'], delayMs: 30 });
    const before = h.slack.calls.length;
    const ev = message('does the warranty cover LED lamps dropped on the floor?', { channel: 'DAGENT001', channel_type: 'im' });
    await h.deliver(eventCallback(ev));
    await h.slack.waitFor(() => h.slack.calls.slice(before).some((c) => c.method === 'chat.update'), 5000, 'the streamed message replaced');
    const calls = h.slack.calls.slice(before);
    const stop = calls.find((c) => c.method === 'chat.stopStream')!;
    const update = calls.find((c) => c.method === 'chat.update')!;
    expect(update.args.ts).toBe(stop.args.ts);
    expect(blockText(update.args)).toContain('This is the closest the knowledge store has. Check that it answers the question before you use it:');
    expect(blockText(update.args)).toContain('Lysbutikken gives a warranty on LED lamps [1].');
    expect(blockText(update.args)).toContain('kompis_curators');
  });

  test('a long streamed answer that is replaced whole goes on in the thread, in messages Slack takes, the buttons on the last', async () => {
    const sentence = 'Lysbutikken gives a warranty on LED lamps, which the receipt shows [1]. ';
    openai.queue({ kind: 'stream', pieces: Array.from({ length: 200 }, () => sentence) });
    const before = h.slack.calls.length;
    const ev = message('does the warranty cover LED lamps dropped on the floor?', { channel: 'DAGENT001', channel_type: 'im' });
    await h.deliver(eventCallback(ev));
    await h.slack.waitFor(() => h.slack.calls.slice(before).some((c) => c.method === 'chat.update') && h.slack.calls.slice(before).some((c) => c.method === 'chat.postMessage'), 5000, 'the streamed message replaced and continued');
    const calls = h.slack.calls.slice(before);
    const update = calls.find((c) => c.method === 'chat.update')!;
    const more = calls.filter((c) => c.method === 'chat.postMessage');
    expect(more.every((c) => c.args.thread_ts === ev.ts)).toBe(true);
    const shown = [update, ...more].map((c) => blockText(c.args)).join('');
    expect(shown.split('which the receipt shows').length - 1).toBe(200);
    expect(blockText(more.at(-1)!.args)).toContain('feedback_buttons');
    expect(h.slack.refusals).toEqual([]);
  });

  test("in a Slack Connect channel, a partner's question streams to the partner's own team", async () => {
    // a person of another organisation, in a channel shared with it: Slack names their team on the event
    const PARTNER = 'T0PARTNER';
    h.slack.userTeams.UPARTNER1 = PARTNER;
    openai.queue({ kind: 'stream', pieces: ['LED lamps have a five-year warranty [1].'] });
    const before = h.slack.calls.length;
    const ev = { ...mention(QUESTION, { user: 'UPARTNER1', channel: 'CSHARED01' }), team: PARTNER, user_team: PARTNER, source_team: PARTNER };
    await h.deliver({ ...eventCallback(ev), is_ext_shared_channel: true });
    await h.slack.waitFor(() => h.slack.calls.slice(before).some((c) => c.method === 'chat.stopStream' || c.method === 'chat.postMessage'), 5000, 'the answer');
    const start = h.slack.calls.slice(before).find((c) => c.method === 'chat.startStream');
    expect(start!.args).toMatchObject({ channel: 'CSHARED01', recipient_user_id: 'UPARTNER1', recipient_team_id: PARTNER });
    await h.slack.waitFor(() => h.slack.calls.slice(before).some((c) => c.method === 'chat.stopStream'), 5000, 'the stream stopped');
    expect(h.slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });

  /** The answer as the thread now shows it: every message Kompis has there, and the calls since `before`. */
  const thread = (threadTs: unknown, before: number) => ({ messages: h.slack.posted.filter((p) => p.threadTs === threadTs), calls: h.slack.calls.slice(before) });
  /** The one warning a refused stream leaves, naming Slack's error. */
  const refusals = (since: number) => h.logger.lines.slice(since).filter((l) => l.level === 'warn' && l.msg?.includes('answer stream'));

  test.each([
    ['a workspace or channel where streaming is refused', { error: 'restricted_action' }],
    ['a token without access to the team', { error: 'team_access_not_granted' }],
    ['a rate limit that does not lift', { status: 429, retryAfter: 0 } as const],
  ])('when Slack refuses to start the stream (%s), the answer is posted whole, once, with its sources and 👍/👎', async (_, refusal) => {
    openai.queue({ kind: 'stream', pieces: ['LED lamps have a five-year warranty [1]. ', 'Keep the receipt [1].'] });
    h.slack.inject('chat.startStream', ...Array.from({ length: 'status' in refusal ? 4 : 1 }, () => refusal));
    const before = h.slack.calls.length;
    const logged = h.logger.lines.length;
    const ev = mention(QUESTION);
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage', h.slack.callsOf('chat.postMessage').length + 1);
    await new Promise((r) => setTimeout(r, 100));
    const { messages, calls } = thread(ev.ts, before);
    expect(calls.filter((c) => c.method === 'chat.appendStream' || c.method === 'chat.stopStream')).toHaveLength(0);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain('LED lamps have a five-year warranty [1]. Keep the receipt [1].');
    expect(JSON.stringify(messages[0]!.blocks)).toContain('Warranty on LED lamps');
    expect(JSON.stringify(messages[0]!.blocks)).toContain('feedback_buttons');
    expect(h.logger.lines.slice(logged).filter((l) => l.level === 'error')).toHaveLength(0);
    expect(refusals(logged)).toMatchObject([{ obj: { slack: 'error' in refusal ? refusal.error : expect.any(String) } }]);
  });

  test.each([
    ['chat.appendStream', 'the stream is refused midway'],
    ['chat.stopStream', 'the stream cannot be stopped'],
  ])('when Slack refuses %s (%s), the streamed message is replaced by the whole answer, once', async (method) => {
    openai.queue({ kind: 'stream', pieces: ['LED lamps have a five-year warranty [1]. ', 'Keep the receipt [1].'], delayMs: 30 });
    // a stream Slack ended on its own (it ends streams after a few minutes) refuses what comes after
    h.slack.inject(method, { error: 'message_not_in_streaming_state' });
    const before = h.slack.calls.length;
    const logged = h.logger.lines.length;
    const ev = mention(QUESTION);
    await h.deliver(eventCallback(ev));
    await h.slack.waitFor(() => h.slack.calls.slice(before).some((c) => c.method === 'chat.update'), 5000, 'the streamed message replaced');
    await new Promise((r) => setTimeout(r, 100));
    const { messages, calls } = thread(ev.ts, before);
    const [start] = calls.filter((c) => c.method === 'chat.startStream');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.ts).toBe(calls.find((c) => c.method === 'chat.update')!.args.ts);
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
    expect(messages[0]!.text).toContain('LED lamps have a five-year warranty [1]. Keep the receipt [1].');
    expect(JSON.stringify(messages[0]!.blocks)).toContain('Warranty on LED lamps');
    expect(JSON.stringify(messages[0]!.blocks)).toContain('feedback_buttons');
    // the first sentence was streamed before Slack refused
    expect(start!.args.chunks).toEqual([{ type: 'markdown_text', text: 'LED lamps have a five-year warranty [1].' }]);
    expect(h.logger.lines.slice(logged).filter((l) => l.level === 'error')).toHaveLength(0);
    expect(refusals(logged)).toMatchObject([{ obj: { slack: 'message_not_in_streaming_state', cutOff: true } }]);
  });

  test('with a placeholder already showing, the answer is written into it edit by edit (post, then edit)', async () => {
    const quick = await startHarness('socket', { answers: await withModel(), signOfLifeAfterMs: 0 });
    try {
      openai.queue({ kind: 'stream', pieces: ['LED lamps have a five-year warranty [1]. ', 'Keep the receipt [1].'], delayMs: 150 });
      await quick.deliver(eventCallback(mention(QUESTION)));
      await quick.slack.waitFor(() => quick.slack.callsOf('chat.update').length >= 3, 5000, 'two edits and the answer');
      expect(quick.slack.callsOf('chat.startStream')).toHaveLength(0);
      const [placeholder] = quick.slack.callsOf('chat.postMessage');
      const edits = quick.slack.callsOf('chat.update');
      expect(edits.every((e) => e.args.ts !== undefined)).toBe(true);
      expect(edits.map((e) => e.args.text)).toEqual(['LED lamps have a five-year warranty [1].', 'LED lamps have a five-year warranty [1]. Keep the receipt [1].', expect.stringContaining('Keep the receipt [1].')]);
      expect(blockText(edits[2]!.args)).toContain('feedback_buttons');
      expect(quick.slack.posted.find((p) => p.ts === edits[2]!.args.ts)?.channel).toBe(placeholder!.args.channel);
    } finally {
      await quick.close();
    }
  });

  test('a long answer written into the placeholder is split into sections as it grows, so Slack takes every edit', async () => {
    const quick = await startHarness('socket', { answers: await withModel(), signOfLifeAfterMs: 0 });
    try {
      // 40 sentences, about 3,500 characters: past the 3,000 Slack takes in one text, which the fake Slack refuses as Slack does
      const sentences = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'Keep the receipt or the order confirmation, which shows when and where the lamp was bought [1]. ' : 'LED lamps have a five-year warranty & the receipt proves it, in the store or online [1]. '));
      openai.queue({ kind: 'stream', pieces: sentences, delayMs: 5 });
      const ev = mention(QUESTION);
      await quick.deliver(eventCallback(ev));
      await quick.slack.waitFor(() => quick.slack.posted.some((p) => p.threadTs === ev.ts && JSON.stringify(p.blocks).includes('feedback_buttons')), 8000, 'the answer');
      const edits = quick.slack.callsOf('chat.update');
      // one edit a sentence, then the answer: none refused, none given up
      expect(edits).toHaveLength(sentences.length + 1);
      expect(quick.logger.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toHaveLength(0);
      const last = edits.at(-2)!.args.blocks as { type: string; text: { text: string } }[];
      expect(last.length).toBeGreaterThan(1);
      for (const b of last) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      expect(last.map((b) => b.text.text).join(' ')).toBe(sentences.join('').trim().replace(/&/g, '&amp;'));
      expect(quick.slack.callsOf('chat.postMessage')).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });

  test.each([
    ['an edit is refused (a rate limit that does not lift)', [{ status: 429, retryAfter: 0 }, { status: 429, retryAfter: 0 }, { status: 429, retryAfter: 0 }, { status: 429, retryAfter: 0 }] as const, 'placeholder'],
    ['an edit is refused (too long)', [{ error: 'msg_too_long' }], 'placeholder'],
    ['the placeholder was deleted', Array.from({ length: 6 }, () => ({ error: 'message_not_found' })), 'new message'],
  ])('when %s while the answer is written into the placeholder, the answer is still posted, once, and nobody is told sorry', async (_, refusals, where) => {
    const quick = await startHarness('socket', { answers: await withModel(), signOfLifeAfterMs: 0 });
    try {
      openai.queue({ kind: 'stream', pieces: ['LED lamps have a five-year warranty [1]. ', 'Keep the receipt [1].'], delayMs: 150 });
      const ev = mention(QUESTION);
      await quick.deliver(eventCallback(ev));
      await quick.slack.waitForCalls('chat.postMessage');
      quick.slack.inject('chat.update', ...refusals);
      // Kompis's messages in the thread as they now stand (the fake keeps a refused edit out of them)
      const shown = () => quick.slack.posted.filter((p) => p.threadTs === ev.ts);
      const answers = () => shown().filter((p) => JSON.stringify(p.blocks).includes('feedback_buttons'));
      await quick.slack.waitFor(() => answers().length > 0 || quick.logger.lines.some((l) => l.level === 'error'), 5000, 'the answer or an error');
      await new Promise((r) => setTimeout(r, 300));
      expect(answers()).toHaveLength(1);
      const [answer] = answers();
      expect(answer!.text).toContain('LED lamps have a five-year warranty [1]. Keep the receipt [1].');
      const [placeholder, ...posts] = quick.slack.callsOf('chat.postMessage');
      if (where === 'placeholder') {
        // the placeholder is the answer
        expect(shown()).toHaveLength(1);
        expect(posts).toHaveLength(0);
      } else {
        // the placeholder is gone: the answer is a new message in the thread
        expect(posts).toHaveLength(1);
        expect(posts[0]!.args).toMatchObject({ channel: placeholder!.args.channel, thread_ts: ev.ts });
        expect(answer!.ts).not.toBe(shown()[0]!.ts);
      }
      expect(JSON.stringify(quick.slack.calls.map((c) => c.args))).not.toContain('went wrong');
      expect(quick.logger.lines.filter((l) => l.level === 'error')).toHaveLength(0);
      expect(quick.logger.lines.filter((l) => l.level === 'warn').length).toBeGreaterThan(0);
    } finally {
      await quick.close();
    }
  });

  test("a placeholder's edits escape the model's text in the notification text too: no <!channel> ping", async () => {
    const quick = await startHarness('socket', { answers: await withModel(), signOfLifeAfterMs: 0 });
    try {
      openai.queue({ kind: 'stream', pieces: ['LED lamps have a <!channel> five-year warranty [1]. ', 'Keep the receipt [1].'], delayMs: 150 });
      await quick.deliver(eventCallback(mention(QUESTION)));
      await quick.slack.waitFor(() => quick.slack.callsOf('chat.update').length >= 2, 5000, 'the first edit');
      const first = quick.slack.callsOf('chat.update')[0]!;
      expect(first.args.text).toContain('&lt;!channel&gt;');
      expect(first.args.text).not.toContain('<!channel>');
    } finally {
      await quick.close();
    }
  });
});
