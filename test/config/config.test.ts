import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, ConfigSchema, loadConfig } from '../../src/config';
import { describeStartupError, start } from '../../src/main';
import { openRedisStore } from '../../src/stores/redis/redis-store';
import { runCli } from '../cli/run-cli';
import { freePort } from '../setup/global-setup';

describe('loadConfig', () => {
  it('starts on embedded defaults with an empty environment', () => {
    const c = loadConfig({}, '/srv/kompis');
    expect(c).toMatchObject({ PORT: 3000, DEFAULT_LANG: 'nb', REDIS_KEY_PREFIX: 'kompis:', OPENAI_MODEL: 'gpt-4.1-mini', TEAMS_ALLOW_UNAUTHENTICATED: false });
    expect(c.dataDir).toBe('/srv/kompis/data');
    expect(c.knowledgeDir).toBe('/srv/kompis/knowledge');
    expect(c.OPENAI_API_KEY).toBeUndefined();
  });

  it('treats empty values as unset, the way a copied .env.example leaves them', () => {
    const c = loadConfig({ OPENAI_API_KEY: '', REDIS_URL: ' ', SLACK_BOT_TOKEN: '' });
    expect(c.OPENAI_API_KEY).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('names the chat model answers are written by: a key, or a server of your own that wants none; neither, none', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-chat' }).chat).toEqual({ model: 'gpt-4.1-mini', apiKey: 'sk-chat' });
    expect(loadConfig({ OPENAI_API_KEY: 'az-key', OPENAI_BASE_URL: 'https://my-resource.openai.azure.com/openai/v1', OPENAI_MODEL: 'gpt-4o' }).chat).toEqual({ model: 'gpt-4o', baseURL: 'https://my-resource.openai.azure.com/openai/v1', apiKey: 'az-key' });
    expect(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_API_KEY: '', OPENAI_MODEL: 'llama3.1:8b' }).chat).toEqual({ model: 'llama3.1:8b', baseURL: 'http://localhost:11434/v1' });
    expect(loadConfig({}).chat).toBeUndefined();
    expect(loadConfig({ OPENAI_API_KEY: '', OPENAI_MODEL: 'gpt-4.1-mini' }).chat).toBeUndefined();
  });

  it('embeds on the chat model\'s server of your own without a key, as it asks it; OpenAI itself still needs one', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3.1:8b', EMBEDDINGS_MODEL: 'bge-m3' }).embeddings).toEqual({ model: 'bge-m3', baseURL: 'http://localhost:11434/v1', prefixes: { query: '', passage: '' } });
    expect(() => loadConfig({ EMBEDDINGS_MODEL: 'text-embedding-3-small' })).toThrow(/EMBEDDINGS_MODEL: embeddings need EMBEDDINGS_BASE_URL or OPENAI_BASE_URL .* or an API key/);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT is "eighty": expected a TCP port number/],
    [{ DEFAULT_LANG: 'de' }, /DEFAULT_LANG is "de": expected one of nb, sv, da, en/],
    [{ REDIS_URL: 'http://localhost:6379' }, /REDIS_URL .*redis:\/\/ or rediss:\/\//],
    [{ OPENAI_TIMEOUT_MS: '-5' }, /OPENAI_TIMEOUT_MS/],
    [{ OPENAI_TIMEOUT_MS: '3000000000' }, /OPENAI_TIMEOUT_MS is "3000000000": expected milliseconds, a whole number from 1 to 2147483647/],
    [{ PULSE_COMMENT_RETENTION_WEEKS: '2600' }, /PULSE_COMMENT_RETENTION_WEEKS is "2600": expected a whole number of weeks from 1 to 520/],
    [{ PORT: '70000' }, /PORT is "70000": expected a TCP port number from 1 to 65535/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET: Slack needs SLACK_APP_TOKEN/],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_BOT_TOKEN: Slack needs SLACK_BOT_TOKEN/],
    [{ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw' }, /MICROSOFT_APP_TENANT_ID/],
    [{ SLACK_BOT_TOKEN: 'xoxp-1-user-token', SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_BOT_TOKEN is "\*\*\*": expected a bot token, starting with xoxb-: the Bot User OAuth Token under OAuth & Permissions/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-1' }, /SLACK_APP_TOKEN is "\*\*\*": expected an app-level token, starting with xapp-: make one under Basic Information → App-Level Tokens .* connections:write/],
  ])('names the variable and the fix for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['OPENAI_BASE_URL', 'put the key in OPENAI_API_KEY, not in the URL'],
    ['EMBEDDINGS_BASE_URL', 'put the key in EMBEDDINGS_API_KEY, not in the URL'],
    ['SLACK_API_URL', "Slack's tokens go in SLACK_BOT_TOKEN and SLACK_APP_TOKEN, not in the URL"],
  ])('refuses %s with a user name and password in it, which no request could be sent to, and never shows the password', (name, fix) => {
    const problems = problemsOf({ [name]: 'http://kompis:S3cretPW@llm.example/v1' });
    expect(problems).toEqual([`${name}: a URL with a user name or password in it cannot be called: ${fix}`]);
    expect(problemsOf({ [name]: 'http://kompis@llm.example/v1' })).toEqual(problems);
  });

  it('says once what is wrong with a value that fails two checks', () => {
    expect(problemsOf({ OPENAI_BASE_URL: 'notaurl' })).toEqual([
      'OPENAI_BASE_URL is "notaurl": expected an http(s) URL such as https://my-resource.openai.azure.com/openai/v1, or leave it empty',
    ]);
  });

  it('takes the largest wait a timer can hold, and ten years of pulse comments', () => {
    const c = loadConfig({ OPENAI_TIMEOUT_MS: '2147483647', PULSE_COMMENT_RETENTION_WEEKS: '520' });
    expect(c.OPENAI_TIMEOUT_MS).toBe(2147483647);
    expect(c.PULSE_COMMENT_RETENTION_WEEKS).toBe(520);
  });

  it('never repeats a secret in its message', () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'not-a-token-secret-value', SLACK_APP_TOKEN: 'xapp-1' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as Error).message).toContain('SLACK_BOT_TOKEN is "***"');
      expect((err as Error).message).not.toContain('secret-value');
    }
  });

  it('lists every variable it reads in .env.example', () => {
    const example = fs.readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    for (const name of Object.keys(ConfigSchema.shape)) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});

function problemsError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function problemsOf(env: Record<string, string>): string[] {
  return problemsError(env).problems;
}

describe('start-up errors never print a password', () => {
  it.each<Record<string, string>>([
    { REDIS_URL: 'http://:S3cretPW@127.0.0.1:6390' },
    { REDIS_URL: 'redis//:S3cretPW@127.0.0.1:6390' },
    { REDIS_URL: ':S3cretPW@127.0.0.1:6390' },
    { OPENAI_BASE_URL: 'ftp://user:S3cretPW@llm.example/v1' },
    { OPENAI_BASE_URL: 'https//user:S3cretPW@llm.example/v1' },
    { SLACK_API_URL: 'ftp://x:S3cretPW@slack.example/api/' },
  ])('redacts %j, from the server and from the kompis command', async (env) => {
    const failed = await start(env).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as ConfigError).message).not.toContain('S3cretPW');
    const shown = describeStartupError(failed);
    expect(shown).toMatch(/REDIS_URL|OPENAI_BASE_URL|SLACK_API_URL/);
    expect(shown).not.toContain('S3cretPW');
    expect(shown).toContain('***@');
    const cli = await runCli(['ask', 'hei'], env);
    expect(cli.code).toBe(1);
    expect(cli.err).not.toContain('S3cretPW');
  });

  it('shows the hint for REDIS_SENTINELS without REDIS_URL whole, though it passes through the redaction', () => {
    const shown = describeStartupError(problemsError({ REDIS_SENTINELS: 'sentinel-1:26379' }));
    expect(shown).toContain('REDIS_URL: REDIS_SENTINELS needs REDIS_URL too, e.g. REDIS_URL=redis://any-host/0 (rediss:// for TLS');
    expect(shown).not.toContain('***');
  });

  it('redacts a URL in an unexpected error too, and a Redis that cannot be reached', async () => {
    expect(describeStartupError(new Error('connect failed for redis://:S3cretPW@10.0.0.1:6379/0'))).not.toContain('S3cretPW');
    const port = await freePort();
    const err = await openRedisStore({ url: `redis://kompis:S3cretPW@127.0.0.1:${port}`, prefix: 'x:', connectTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(describeStartupError(err)).toMatch(/cannot reach Redis at redis:\/\/\*\*\*@127\.0\.0\.1/);
    expect(describeStartupError(err)).not.toContain('S3cretPW');
  });
});
