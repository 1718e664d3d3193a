import { teamsSettings } from '../../../src/channels/teams/settings';
import { loadConfig } from '../../../src/config';
import { KompisError } from '../../../src/core/errors';
import { APP_ID, forgedToken, personalMessage, startTeams, TENANT_ID, type TeamsHarness } from './harness';

describe('Teams with an app id: only Bot Framework-signed requests get through', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams({ settings: { auth: 'entra', appId: APP_ID, password: 'not-a-real-secret', tenantId: TENANT_ID, appType: 'SingleTenant' } });
  });
  afterAll(async () => {
    await h.close();
  });

  test('a request without a token gets 401 and nothing is sent', async () => {
    const res = await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    expect(res.status).toBe(401);
    expect(h.connector.requests).toHaveLength(0);
  });

  test('a malformed Authorization header gets 401 and nothing is sent', async () => {
    const res = await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'), { authorization: 'Basic a29tcGlzOmtvbXBpcw==' });
    expect(res.status).toBe(401);
    expect(h.connector.requests).toHaveLength(0);
  });

  test('a token signed with a key Microsoft never published gets 401 and nothing is sent', async () => {
    const res = await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'), { authorization: `Bearer ${forgedToken(h.connector.url)}` });
    expect(res.status).toBe(401);
    expect(h.connector.requests).toHaveLength(0);
    // the refusal is logged, the token is not
    const line = h.logger.lines.find((l) => l.msg?.includes('refused'));
    expect(line).toBeDefined();
    expect(JSON.stringify(h.logger.lines)).not.toContain('eyJ');
  });

  test('a token for another bot gets 401 even when well formed', async () => {
    const token = forgedToken(h.connector.url).split('.');
    const body = JSON.parse(Buffer.from(token[1]!, 'base64url').toString()) as Record<string, unknown>;
    token[1] = Buffer.from(JSON.stringify({ ...body, aud: 'some-other-bot' })).toString('base64url');
    const res = await h.post(personalMessage(h.connector.url, 'Hei'), { authorization: `Bearer ${token.join('.')}` });
    expect(res.status).toBe(401);
    expect(h.connector.requests).toHaveLength(0);
  });
});

describe('Teams without an app id', () => {
  // through loadConfig, as main.ts would: the environment is the input
  const settingsOf = (env: Record<string, string>, nodeEnv?: string) => teamsSettings(loadConfig(env), nodeEnv);

  test('does not start, and says why and what to set', () => {
    expect(() => settingsOf({})).toThrow(KompisError);
    expect(() => settingsOf({})).toThrow(/MICROSOFT_APP_ID.*TEAMS_ALLOW_UNAUTHENTICATED=true/s);
  });

  test('starts with TEAMS_ALLOW_UNAUTHENTICATED=true, and warns at start', async () => {
    const settings = settingsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    expect(settings).toEqual({ auth: 'none' });
    const h = await startTeams({ settings });
    try {
      expect(h.logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([expect.stringContaining('WITHOUT authentication')]);
      const res = await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
      expect(res.status).toBe(200);
      expect(h.connector.messages()).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  test('a body that is not an activity gets 400, not a crash', async () => {
    const h = await startTeams({ settings: settingsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }) });
    try {
      const res = await h.post({ hello: 'world' });
      expect(res.status).toBe(400);
      expect(res.body).toContain('not a Bot Framework activity');
      expect(h.connector.messages()).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  test('is refused under NODE_ENV=production even with the flag', () => {
    expect(() => settingsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }, 'production')).toThrow(/NODE_ENV=production/);
  });

  test('an app id wins: authentication is on whatever the flag says', () => {
    expect(settingsOf({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TENANT_ID: TENANT_ID, TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toMatchObject({ auth: 'entra', appId: APP_ID });
  });
});
