import { recordingLogger } from '../../fakes/recording-logger';
import { createSlackChannel, SLACK_EVENTS_PATH, type SlackChannel } from '../../../src/channels/slack/app';
import type { Asker, SlackDeps } from '../../../src/channels/slack/deps';
import { KompisMetrics } from '../../../src/http/metrics';
import { HttpServer } from '../../../src/http/server';
import { FakeSlack } from '../../fakes/slack/fake-slack';
import { TestSlackStore } from '../../fakes/slack/memory-store';
import { sign } from '../../fakes/slack/payloads';
import { miniService } from '../../helpers';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const CURATORS = 'CCURATORS';

export { recordingLogger, type LogLine } from '../../fakes/recording-logger';

export interface Harness {
  slack: FakeSlack;
  channel: SlackChannel;
  store: TestSlackStore;
  metrics: KompisMetrics;
  logger: ReturnType<typeof recordingLogger>;
  http?: HttpServer;
  eventsUrl?: string;
  /** Delivers an Events API body the way the mode does (envelope or signed POST); resolves once acked. */
  deliver(body: Record<string, unknown>, retryAttempt?: number): Promise<void>;
  interact(payload: Record<string, unknown>): Promise<void>;
  command(form: Record<string, string>): Promise<unknown>;
  close(): Promise<void>;
}

export async function startHarness(mode: 'socket' | 'http', opts: { answers?: Asker; curators?: boolean; signOfLifeAfterMs?: number; deps?: Partial<SlackDeps>; slack?: FakeSlack } = {}): Promise<Harness> {
  // a replica shares the Slack of another harness, which starts and stops it
  const slack = opts.slack ?? new FakeSlack();
  const apiUrl = opts.slack ? `${opts.slack.url}/api/` : await slack.start();
  const store = new TestSlackStore();
  const metrics = new KompisMetrics();
  const logger = recordingLogger();
  const deps: SlackDeps = {
    answers: opts.answers ?? (await miniService()),
    store,
    logger,
    metrics,
    defaultLang: 'nb',
    ...(opts.curators === false ? {} : { curatorChannel: CURATORS }),
    ...(opts.signOfLifeAfterMs !== undefined ? { signOfLifeAfterMs: opts.signOfLifeAfterMs } : {}),
    ...opts.deps,
  };
  const channel = createSlackChannel(
    {
      botToken: 'xoxb-test-token',
      ...(mode === 'socket' ? { appToken: 'xapp-test-token' } : { signingSecret: SIGNING_SECRET }),
      apiUrl,
      retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50 },
    },
    deps,
  );
  let http: HttpServer | undefined;
  let eventsUrl: string | undefined;
  if (channel.handleHttp) {
    http = new HttpServer({ logger, metrics });
    http.mount('POST', SLACK_EVENTS_PATH, channel.handleHttp);
    const port = await http.listen(0, '127.0.0.1');
    eventsUrl = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  }
  await channel.start();
  if (mode === 'socket') await slack.waitFor(() => slack.socketConnected, 5000, 'socket connection');

  const post = async (body: string, contentType: string) => {
    const res = await fetch(eventsUrl!, { method: 'POST', headers: { 'content-type': contentType, ...sign(SIGNING_SECRET, body) }, body });
    if (res.status !== 200) throw new Error(`events endpoint answered ${res.status}`);
    const text = await res.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  };

  return {
    slack,
    channel,
    store,
    metrics,
    logger,
    ...(http ? { http } : {}),
    ...(eventsUrl ? { eventsUrl } : {}),
    async deliver(body, retryAttempt = 0) {
      if (mode === 'socket') return slack.waitForAck(slack.sendEnvelope('events_api', body, retryAttempt));
      await post(JSON.stringify(body), 'application/json');
    },
    async interact(payload) {
      if (mode === 'socket') return slack.waitForAck(slack.sendEnvelope('interactive', payload));
      await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    },
    async command(form) {
      if (mode === 'socket') {
        const id = slack.sendEnvelope('slash_commands', form);
        await slack.waitForAck(id);
        return slack.acks.find((a) => a.envelope_id === id)?.payload;
      }
      return post(new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded');
    },
    async close() {
      await channel.stop();
      await http?.close();
      if (!opts.slack) await slack.stop();
    },
  };
}

/** All the mrkdwn text of a chat.postMessage/chat.update call's blocks, joined. */
export function blockText(args: Record<string, unknown>): string {
  return JSON.stringify(args.blocks ?? []);
}

/** Retries an assertion until it passes or `ms` runs out (for effects that follow a posted answer). */
export async function eventually(check: () => Promise<void> | void, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
