import { createSlackChannel } from '../../../src/channels/slack/app';
import { ConversationService } from '../../../src/core/conversation/service';
import { KompisError } from '../../../src/core/errors';
import { KompisMetrics } from '../../../src/http/metrics';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { freePort } from '../../setup/global-setup';
import { FakeSlack } from '../../fakes/slack/fake-slack';
import { miniService } from '../../helpers';
import { recordingLogger } from './harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Slack channel as main starts it, on the fake Slack (or any API URL), with quick retries. */
async function slackChannel(apiUrl: string, mode: 'socket' | 'http') {
  const store = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-slack-start-')));
  const logger = recordingLogger();
  const metrics = new KompisMetrics();
  const conversation = new ConversationService({ answers: await miniService(), curation: store.curation, channels: store.channels, logger, defaultLang: 'nb', metrics });
  const channel = createSlackChannel(
    {
      botToken: 'xoxb-revoked-0123456789',
      ...(mode === 'socket' ? { appToken: 'xapp-revoked-0123456789' } : { signingSecret: 'test-signing-secret-0123456789' }),
      apiUrl,
      retryConfig: { retries: 0 },
    },
    { conversation, logger, metrics, defaultLang: 'nb' },
  );
  return { channel, logger, close: () => store.close() };
}

async function startFailure(start: () => Promise<void>): Promise<KompisError> {
  const failed = await start().then(
    () => new Error('expected the start to fail'),
    (err: unknown) => err,
  );
  expect(failed).toBeInstanceOf(KompisError);
  return failed as KompisError;
}

describe('a Slack start that fails', () => {
  const slack = new FakeSlack();
  let apiUrl = '';
  beforeAll(async () => {
    apiUrl = await slack.start();
  });
  afterAll(() => slack.stop());

  it.each(['socket', 'http'] as const)('names SLACK_BOT_TOKEN and where to copy it when Slack refuses it (%s mode)', async (mode) => {
    slack.inject('auth.test', { error: 'invalid_auth' });
    const { channel, close } = await slackChannel(apiUrl, mode);
    const err = await startFailure(() => channel.start());
    expect(err.message).toBe('Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions in your Slack app settings');
    await close();
  });

  it('names SLACK_APP_TOKEN and how to make one when Slack refuses it in Socket Mode', async () => {
    slack.inject('apps.connections.open', { error: 'invalid_auth' });
    const { channel, close } = await slackChannel(apiUrl, 'socket');
    const err = await startFailure(() => channel.start());
    expect(err.message).toBe(
      'Slack refused SLACK_APP_TOKEN (invalid_auth): make an app-level token with the connections:write scope under Basic Information → App-Level Tokens in your Slack app settings, and copy it (xapp-…)',
    );
    await close();
  });

  it('names the network and SLACK_API_URL when Slack cannot be reached, never a token', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api/`;
    const { channel, logger, close } = await slackChannel(closed, 'socket');
    const err = await startFailure(() => channel.start());
    // what failed is fetch's cause (connect ECONNREFUSED …); under jest fetch's error comes from another realm, and only its message is kept
    expect(err.message).toMatch(new RegExp(`^Kompis cannot reach Slack at ${closed} \\((connect ECONNREFUSED|TypeError: fetch failed).*\\): check the network \\(a firewall or proxy\\) and SLACK_API_URL$`));
    expect(JSON.stringify([err.message, logger.lines])).not.toContain('revoked');
    await close();
  });
});

describe("the Slack channel's part of /healthz over HTTP events", () => {
  const slack = new FakeSlack();
  let apiUrl = '';
  beforeAll(async () => {
    apiUrl = await slack.start();
  });
  afterAll(() => slack.stop());

  it('is starting until Slack accepts the bot token, then ready', async () => {
    const { channel, close } = await slackChannel(apiUrl, 'http');
    expect(channel.health()).toMatchObject({ ok: false, mode: 'http', state: 'starting' });
    await channel.start();
    expect(channel.health()).toMatchObject({ ok: true, mode: 'http', state: 'ready' });
    await channel.stop();
    await close();
  });
});
