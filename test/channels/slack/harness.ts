import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordingLogger } from '../../fakes/recording-logger';
import { createSlackChannel, SLACK_EVENTS_PATH, type SlackChannel } from '../../../src/channels/slack/app';
import type { SlackDeps } from '../../../src/channels/slack/deps';
import type { Asker } from '../../../src/core/conversation/events';
import { ConversationService } from '../../../src/core/conversation/service';
import type { Store } from '../../../src/core/storage/ports';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { KompisMetrics } from '../../../src/http/metrics';
import { HttpServer } from '../../../src/http/server';
import { FakeSlack } from '../../fakes/slack/fake-slack';
import { sign } from '../../fakes/slack/payloads';
import { miniService } from '../../helpers';
export { eventually } from '../../helpers';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const CURATORS = 'CCURATORS';

export { recordingLogger, type LogLine } from '../../fakes/recording-logger';

export interface Harness {
  slack: FakeSlack;
  channel: SlackChannel;
  /** The store Kompis runs on: a fresh SQLite file unless the test gave one (Redis). */
  store: Store;
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

export async function startHarness(
  mode: 'socket' | 'http',
  opts: { answers?: Asker; store?: Store; curators?: boolean; signOfLifeAfterMs?: number; deps?: Partial<SlackDeps>; slack?: FakeSlack } = {},
): Promise<Harness> {
  // a replica shares the Slack of another harness, which starts and stops it
  const slack = opts.slack ?? new FakeSlack();
  const apiUrl = opts.slack ? `${opts.slack.url}/api/` : await slack.start();
  const dir = opts.store ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-slack-'));
  const store = opts.store ?? openSqliteStore(dir!);
  const metrics = new KompisMetrics();
  const logger = recordingLogger();
  const conversation = new ConversationService({ answers: opts.answers ?? (await miniService()), curation: store.curation, channels: store.channels, logger, defaultLang: 'nb', metrics });
  const deps: SlackDeps = {
    conversation,
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
      const reply = await post(new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded');
      // the reply in the response reaches Slack as the Socket Mode ack's does, checked the same way
      if (typeof reply === 'object' && reply !== null) slack.refuses('ack', reply as Record<string, unknown>);
      return reply;
    },
    async close() {
      await channel.stop();
      await http?.close();
      if (!opts.slack) await slack.stop();
      if (dir) {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      // whatever a test looked at, every message and view Kompis sent is one Slack takes (block-kit-limits.ts)
      if (!opts.slack && slack.refusals.length > 0) throw new Error(`Slack refuses what Kompis sent: ${JSON.stringify(slack.refusals)}`);
    },
  };
}

/** All the mrkdwn text of a chat.postMessage/chat.update call's blocks, joined. */
export function blockText(args: Record<string, unknown>): string {
  return JSON.stringify(args.blocks ?? []);
}
