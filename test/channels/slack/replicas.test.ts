import { createSlackChannel, SLACK_EVENTS_PATH, type SlackChannel } from '../../../src/channels/slack/app';
import { ConversationService } from '../../../src/core/conversation/service';
import { silentLogger } from '../../../src/core/ports';
import type { Store } from '../../../src/core/storage/ports';
import { KompisMetrics } from '../../../src/http/metrics';
import { HttpServer } from '../../../src/http/server';
import { FakeSlack } from '../../fakes/slack/fake-slack';
import { eventCallback, mention, sign } from '../../fakes/slack/payloads';
import { miniService } from '../../helpers';
import { redisFactory } from '../../stores/factories';
import { SIGNING_SECRET } from './harness';

/** Two Kompis replicas behind a load balancer: two Bolt apps on HTTP events, one shared Redis. */
describe('two replicas sharing Redis', () => {
  const slack = new FakeSlack();
  const replicas: { channel: SlackChannel; http: HttpServer; url: string; store: Store }[] = [];

  beforeAll(async () => {
    const apiUrl = await slack.start();
    const first = await redisFactory.open();
    for (const store of [first, await redisFactory.openAnother(first)]) {
      const metrics = new KompisMetrics();
      const channel = createSlackChannel(
        { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl, retryConfig: { retries: 0 } },
        { conversation: new ConversationService({ answers: await miniService(), curation: store.curation, channels: store.channels, logger: silentLogger, defaultLang: 'en', metrics }), logger: silentLogger, metrics, defaultLang: 'en' },
      );
      const http = new HttpServer({ logger: silentLogger, metrics });
      http.mount('POST', SLACK_EVENTS_PATH, channel.handleHttp!);
      const port = await http.listen(0, '127.0.0.1');
      await channel.start();
      replicas.push({ channel, http, url: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`, store });
    }
  });

  afterAll(async () => {
    for (const r of replicas) {
      await r.channel.stop();
      await r.http.close();
      await r.store.close();
    }
    await slack.stop();
  });

  const deliver = async (url: string, body: Record<string, unknown>, retry: number) => {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...sign(SIGNING_SECRET, raw) };
    if (retry > 0) Object.assign(headers, { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' });
    const res = await fetch(url, { method: 'POST', headers, body: raw });
    expect(res.status).toBe(200);
  };

  it('answers an event once when Slack retries it to the other replica', async () => {
    const body = eventCallback(mention('How long is the warranty on LED lamps?'));
    await Promise.all([deliver(replicas[0]!.url, body, 0), deliver(replicas[1]!.url, body, 1), deliver(replicas[0]!.url, body, 2)]);
    await slack.waitForCalls('chat.postMessage');
    await new Promise((r) => setTimeout(r, 500));
    const answers = slack.callsOf('chat.postMessage');
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]!.args)).toContain('five-year warranty');
  });

  it('answers a follow-up in the thread on the replica that did not answer the first question', async () => {
    const ev = mention('How long is the warranty on LED lamps?');
    const before = slack.callsOf('chat.postMessage').length;
    await deliver(replicas[0]!.url, eventCallback(ev), 0);
    await slack.waitForCalls('chat.postMessage', before + 1);
    const followUp = { type: 'message', channel_type: 'channel', user: 'UAGENT001', text: 'And what proof of purchase is needed?', ts: `${Number(ev.ts) + 1}`, thread_ts: ev.ts, channel: ev.channel };
    await deliver(replicas[1]!.url, eventCallback(followUp), 0);
    await slack.waitForCalls('chat.postMessage', before + 2);
    expect(JSON.stringify(slack.callsOf('chat.postMessage').at(-1)!.args)).toContain('receipt');
  });
});
