import type { Answer } from '../../../src/core/answers/answer';
import type { Asker } from '../../../src/core/conversation/events';
import { eventCallback, mention, message } from '../../fakes/slack/payloads';
import { miniService } from '../../helpers';
import { blockText, eventually, startHarness, type Harness } from './harness';

/** An asker that waits before answering, or fails, around the real answer service. */
async function slowAsker(ms: number, fail = false): Promise<Asker> {
  const real = await miniService();
  return {
    async ask(q, opts): Promise<Answer> {
      await new Promise((r) => setTimeout(r, ms));
      if (fail) throw new Error('knowledge index exploded');
      return real.ask(q, opts);
    },
  };
}

describe('Slack robustness (Socket Mode)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  test('a 429 is retried after Retry-After and the answer is not lost', async () => {
    h = await startHarness('socket');
    h.slack.inject('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await h.deliver(eventCallback(mention('How long is the warranty on LED lamps?')));
    await h.slack.waitForCalls('chat.postMessage', 2, 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const [limited, posted] = h.slack.callsOf('chat.postMessage');
    expect(posted!.at - limited!.at).toBeGreaterThanOrEqual(990);
    expect(blockText(posted!.args)).toContain('five-year warranty');
    expect(await h.metrics.registry.getSingleMetricAsString('kompis_slack_api_errors_total')).toContain('kind="rate_limited"} 1');
  });

  test('a 500 is retried and the answer arrives', async () => {
    h = await startHarness('socket');
    h.slack.inject('chat.postMessage', { status: 500 });
    await h.deliver(eventCallback(mention('How long is the warranty on LED lamps?')));
    await h.slack.waitForCalls('chat.postMessage', 2);
    expect(blockText(h.slack.callsOf('chat.postMessage')[1]!.args)).toContain('five-year warranty');
    expect(await h.metrics.registry.getSingleMetricAsString('kompis_slack_api_errors_total')).toContain('kind="http_500"} 1');
  });

  test('an error gives a short apology in the thread, in the user language, and one log line', async () => {
    h = await startHarness('socket', { answers: await slowAsker(0, true) });
    h.slack.locales.UAGENT001 = 'sv-SE';
    const ev = mention('Hur mycket el producerar solpanelerna?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const [apology] = h.slack.callsOf('chat.postMessage');
    expect(apology!.args.thread_ts).toBe(ev.ts);
    expect(String(apology!.args.text)).toMatch(/^Förlåt, något gick fel/);
    expect(h.logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  test('a Slack platform error on the answer ends in an apology and one log line', async () => {
    h = await startHarness('socket');
    h.slack.inject('chat.postMessage', { error: 'msg_blocks_too_long' });
    await h.deliver(eventCallback(mention('How long is the warranty on LED lamps?')));
    await h.slack.waitForCalls('chat.postMessage', 2);
    expect(String(h.slack.callsOf('chat.postMessage')[1]!.args.text)).toMatch(/^Sorry, something went wrong|^Beklager/);
    const errors = h.logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.obj).toMatchObject({ slack: 'msg_blocks_too_long' });
  });

  test('a slow answer in a channel shows a placeholder within a second, then updates it', async () => {
    h = await startHarness('socket', { answers: await slowAsker(1500) });
    const t0 = performance.now();
    await h.deliver(eventCallback(mention('How long is the warranty on LED lamps?')));
    await h.slack.waitForCalls('chat.postMessage');
    const [placeholder] = h.slack.callsOf('chat.postMessage');
    expect(placeholder!.at - t0).toBeLessThan(1000);
    expect(String(placeholder!.args.text)).toContain(':mag:');
    await h.slack.waitForCalls('chat.update', 1, 4000);
    expect(blockText(h.slack.callsOf('chat.update')[0]!.args)).toContain('five-year warranty');
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('a slow answer whose placeholder was deleted meanwhile is posted as a new message in the thread, with no apology', async () => {
    h = await startHarness('socket', { answers: await slowAsker(300), signOfLifeAfterMs: 0 });
    h.slack.inject('chat.update', { error: 'message_not_found' });
    const ev = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage', 2, 4000);
    await new Promise((r) => setTimeout(r, 200));
    const [placeholder, answer, ...more] = h.slack.callsOf('chat.postMessage');
    expect(String(placeholder!.args.text)).toContain(':mag:');
    expect(answer!.args).toMatchObject({ thread_ts: ev.ts });
    expect(blockText(answer!.args)).toContain('five-year warranty');
    expect(more).toHaveLength(0);
    expect(h.logger.lines.filter((l) => l.level === 'error')).toHaveLength(0);
  });

  test('an error on a slow answer whose placeholder was deleted meanwhile is apologised for in a new message in the thread', async () => {
    h = await startHarness('socket', { answers: await slowAsker(300, true), signOfLifeAfterMs: 0 });
    h.slack.inject('chat.update', { error: 'message_not_found' });
    const ev = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage', 2, 4000);
    const [placeholder, apology] = h.slack.callsOf('chat.postMessage');
    expect(String(placeholder!.args.text)).toContain(':mag:');
    expect(apology!.args).toMatchObject({ thread_ts: ev.ts });
    expect(String(apology!.args.text)).toMatch(/^Beklager, noe gikk galt/);
  });

  test('a slow answer in a DM shows the thinking status within a second', async () => {
    h = await startHarness('socket', { answers: await slowAsker(1500) });
    h.slack.locales.UAGENT001 = 'da-DK';
    const t0 = performance.now();
    await h.deliver(eventCallback(message('Hvordan fungerer pant på lyspærer?')));
    await h.slack.waitForCalls('assistant.threads.setStatus');
    const [status] = h.slack.callsOf('assistant.threads.setStatus');
    expect(status!.at - t0).toBeLessThan(1000);
    expect(status!.args.status).toBe('leder i vidensbasen …');
    await h.slack.waitForCalls('chat.postMessage', 1, 4000);
  });

  test('when the store is down the agent still gets an answer, and the log says so', async () => {
    h = await startHarness('socket');
    await h.store.close();
    await h.deliver(eventCallback(mention('How long is the warranty on LED lamps?')));
    await h.slack.waitForCalls('chat.postMessage');
    expect(h.logger.lines.some((l) => l.level === 'warn' && /answering anyway/.test(l.msg ?? ''))).toBe(true);
  });
});

describe('assistant and agent views', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('socket');
  });
  afterEach(async () => {
    await h.close();
  });

  test('an assistant thread gets suggested prompts in the user language, and its messages are answered', async () => {
    h.slack.locales.UAGENT001 = 'da-DK';
    await h.deliver(
      eventCallback({
        type: 'assistant_thread_started',
        assistant_thread: { user_id: 'UAGENT001', context: {}, channel_id: 'DAGENT001', thread_ts: '1700000500.000100' },
        event_ts: '1700000500.000200',
      }),
    );
    await h.slack.waitForCalls('assistant.threads.setSuggestedPrompts');
    const [prompts] = h.slack.callsOf('assistant.threads.setSuggestedPrompts');
    expect(prompts!.args).toMatchObject({ channel_id: 'DAGENT001', thread_ts: '1700000500.000100', title: 'Hvad vil du vide om bæredygtighed?' });

    await h.deliver(eventCallback(message('How long is the warranty on LED lamps?', { thread_ts: '1700000500.000100' })));
    await h.slack.waitForCalls('chat.postMessage');
    const [post] = h.slack.callsOf('chat.postMessage');
    expect(post!.args.thread_ts).toBe('1700000500.000100');
    expect(blockText(post!.args)).toContain('five-year warranty');
  });

  test('opening the Messages tab (agent view) pins suggested prompts', async () => {
    h.slack.locales.UAGENT001 = 'nb-NO';
    await h.deliver(eventCallback({ type: 'app_home_opened', user: 'UAGENT001', channel: 'DAGENT001', tab: 'messages', event_ts: '1700000600.000100' }));
    await h.slack.waitForCalls('assistant.threads.setSuggestedPrompts');
    const [prompts] = h.slack.callsOf('assistant.threads.setSuggestedPrompts');
    expect(prompts!.args.thread_ts).toBeUndefined();
    expect(prompts!.args.title).toBe('Hva lurer du på om bærekraft?');
  });

  test('the error handler logs a failed listener once', async () => {
    h.slack.inject('assistant.threads.setSuggestedPrompts', { error: 'not_allowed' });
    await h.deliver(eventCallback({ type: 'app_home_opened', user: 'UAGENT001', channel: 'DAGENT001', tab: 'messages', event_ts: '1700000600.000100' }));
    await eventually(() => expect(h.logger.lines.filter((l) => l.level === 'error' && l.msg === 'slack listener failed')).toHaveLength(1));
  });
});
