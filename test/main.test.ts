import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../src/config';
import { describeStartupError, start, startPlatforms } from '../src/main';
import { recordingLogger } from './fakes/recording-logger';
import { capturedOutput } from './cli/run-cli';
import { FakeSlack } from './fakes/slack/fake-slack';
import { eventually, MINI } from './helpers';
import { freePort } from './setup/global-setup';

/** A server start's settings: the small knowledge pack, its own DATA_DIR, no log output. */
function serverEnv(extra: Record<string, string>): Record<string, string> {
  return { KNOWLEDGE_DIR: MINI, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-main-')), LOG_LEVEL: 'silent', ...extra };
}

/** What the person at the terminal reads when the start fails (main prints exactly this, and exits 1). */
async function startupFailure(env: Record<string, string>): Promise<string> {
  const failed = await start(env).then(
    () => new Error('expected the start to fail'),
    (err: unknown) => err,
  );
  return describeStartupError(failed);
}

describe('a failed start', () => {
  it('names PORT when another program has it, in one line with no stack', async () => {
    const other = http.createServer();
    await new Promise<void>((resolve) => other.listen(0, resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      expect(await startupFailure(serverEnv({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: String(port) }))).toBe(
        `PORT ${port} is in use by another program: stop it or set PORT to a free port`,
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('serves /healthz while Slack is still being reached; when Slack then refuses, names the token and frees PORT', async () => {
    const slack = new FakeSlack();
    const apiUrl = await slack.start();
    slack.delays['auth.test'] = 2000;
    slack.inject('auth.test', { error: 'invalid_auth' });
    const port = await freePort();
    let settled = false;
    const failure = startupFailure(serverEnv({ SLACK_BOT_TOKEN: 'xoxb-revoked-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: apiUrl, PORT: String(port) })).finally(() => {
      settled = true;
    });
    try {
      await slack.waitForCalls('auth.test', 1, 30_000);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(settled).toBe(false);
      // it answers, and says Slack is not there yet
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'degraded', checks: { store: { ok: true }, knowledge: { ok: true }, slack: { ok: false, mode: 'socket', state: 'connecting' } } });
      expect(await failure).toBe('Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions in your Slack app settings');
      // the failed start closed its server: the port can be had again
      const again = http.createServer();
      await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, resolve));
      await new Promise((resolve) => again.close(resolve));
    } finally {
      await failure;
      await slack.stop();
    }
  });
});

describe('npm start with no Slack or Teams credentials', () => {
  /** The console chat as `npm start` opens it, with one question piped in; what reaches the terminal's stdout, stderr, and fd 2 (where logs go). */
  async function consoleChat(env: Record<string, string>): Promise<{ out: string; err: string; logs: string }> {
    const { stdout, stderr, out, err } = capturedOutput();
    const logs: string[] = [];
    const writeSync = fs.writeSync.bind(fs);
    const spy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd === 2) {
        logs.push(String(data));
        return String(data).length;
      }
      return (writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    }) as typeof fs.writeSync);
    try {
      const stdin = Readable.from(['How long is the warranty on LED lamps?\n', '/quit\n']);
      expect(await start({ KNOWLEDGE_DIR: MINI, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-console-')), ...env }, { stdout, stderr, stdin })).toBe(0);
    } finally {
      spy.mockRestore();
    }
    return { out: out(), err: err(), logs: logs.join('') };
  }

  it('shows the chat with no JSON log line, with LOG_LEVEL=info as .env.example sets it', async () => {
    const { out, err, logs } = await consoleChat({ LOG_LEVEL: 'info' });
    expect(out).toContain('warranty');
    expect(logs).toBe('');
    expect(err).toBe('No Slack or Teams credentials are set, so this is the console chat (README, "Run it in Slack", shows how to connect).\n');
  });

  it('logs what LOG_LEVEL=debug asks for', async () => {
    const { logs } = await consoleChat({ LOG_LEVEL: 'debug' });
    expect(logs).toContain('"msg":"store opened"');
  });
});

describe("GET /healthz and Slack's Socket Mode", () => {
  it('says connecting until Slack greets the socket, ok while it is open, and down from a drop until the client is back', async () => {
    const slack = new FakeSlack();
    const apiUrl = await slack.start();
    slack.delays['apps.connections.open'] = 1500;
    const port = await freePort();
    const logger = recordingLogger();
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, { ok: boolean; state?: string }> } };
    };
    const started = startPlatforms(loadConfig(serverEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: apiUrl, PORT: String(port) })), logger);
    let stop: (() => Promise<void>) | undefined;
    try {
      await slack.waitForCalls('apps.connections.open', 1, 30_000);
      const connecting = await health();
      expect(connecting).toMatchObject({ status: 200, body: { status: 'degraded', checks: { store: { ok: true }, knowledge: { ok: true }, slack: { ok: false, mode: 'socket', state: 'connecting' } } } });
      stop = await started;
      expect(slack.socketConnected).toBe(true);
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', checks: { slack: { ok: true, mode: 'socket', state: 'connected' } } } });

      // the network drops, and stays down a while: the client's reconnections are cut too
      slack.refuseSockets = true;
      slack.dropSockets();
      await eventually(async () => expect(await health()).toMatchObject({ status: 200, body: { status: 'degraded', checks: { slack: { ok: false, state: 'disconnected' } } } }), 5000);
      expect(logger.lines.filter((l) => l.msg === 'Slack Socket Mode connection lost; it reconnects by itself')).toHaveLength(1);

      // back: the client reconnects by itself (its retries are clientPingTimeout, 5 s, apart)
      slack.refuseSockets = false;
      await eventually(async () => expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', checks: { slack: { ok: true, state: 'connected' } } } }), 15_000);
      expect(logger.lines.filter((l) => l.msg === 'Slack Socket Mode connected again')).toHaveLength(1);
      expect(JSON.stringify(logger.lines)).not.toMatch(/xoxb-1|xapp-1/);
    } finally {
      stop ??= await started.catch(() => undefined);
      await stop?.();
      await slack.stop();
    }
  }, 40_000);
});

describe('a running server and its knowledge folder', () => {
  it('answers /healthz from the store as edited, and loads the folder again on SIGHUP', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-main-knowledge-'));
    const doc = (title: string) => `---\ntitle: ${title}\nlang: en\n---\n## ${title}\nOur ${title.toLowerCase()} are repaired for free for two years.\n`;
    fs.writeFileSync(path.join(dir, 'phones.md'), doc('Phones'));
    const port = await freePort();
    const signals = { SIGTERM: process.listeners('SIGTERM'), SIGHUP: process.listeners('SIGHUP') };
    // the data folder kept inside the knowledge folder is not watched: a document saved there is read at SIGHUP only
    const running = start({ KNOWLEDGE_DIR: dir, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: String(port) });
    const documents = async () => ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { checks: { knowledge: { documents: number } } }).checks.knowledge.documents;
    const until = async (n: number) => {
      for (let waited = 0; (await documents().catch(() => -1)) !== n; waited += 50) {
        if (waited > 10_000) throw new Error(`never ${n} documents`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(1);
      fs.writeFileSync(path.join(dir, 'laptops.md'), doc('Laptops'));
      await until(2);
      fs.writeFileSync(path.join(dir, 'data', 'tablets.md'), doc('Tablets'));
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await documents()).toBe(2);
      // emitted on the test's process object: a real signal would reach the test runner
      process.emit('SIGHUP', 'SIGHUP');
      await until(3);
    } finally {
      // stopped as a SIGTERM stops it, without signalling the test runner's own process
      for (const stop of process.listeners('SIGTERM').filter((l) => !signals.SIGTERM.includes(l))) (stop as () => void)();
      expect(await running).toBe(0);
    }
    expect(process.listeners('SIGHUP')).toEqual(signals.SIGHUP);
  });
});
