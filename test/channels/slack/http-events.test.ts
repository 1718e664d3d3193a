import { eventCallback, mention, sign } from '../../fakes/slack/payloads';
import { SIGNING_SECRET, startHarness, type Harness } from './harness';

/** The HTTP Events API on the shared server: Bolt's HTTPReceiver checks every signature. */
describe('Slack over HTTP: request verification', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http');
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(h.eventsUrl!, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  test('url_verification is answered with the challenge', async () => {
    const body = JSON.stringify({ token: 'unused', challenge: 'c4llenge-xyz', type: 'url_verification' });
    const res = await post(body, sign(SIGNING_SECRET, body));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('c4llenge-xyz');
  });

  test('a signed event is accepted and answered', async () => {
    const body = JSON.stringify(eventCallback(mention('How long is the warranty on LED lamps?')));
    const res = await post(body, sign(SIGNING_SECRET, body));
    expect(res.status).toBe(200);
    await h.slack.waitForCalls('chat.postMessage');
  });

  test('a wrong signature is rejected with 401 and not answered', async () => {
    const before = h.slack.callsOf('chat.postMessage').length;
    const body = JSON.stringify(eventCallback(mention('How long is the warranty on LED lamps?')));
    const res = await post(body, sign('not-the-secret', body));
    expect(res.status).toBe(401);
    const tampered = await post(body.replace('LED', 'OLED'), sign(SIGNING_SECRET, body));
    expect(tampered.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(before);
  });

  test('a stale signature (replayed after five minutes) is rejected with 401', async () => {
    const body = JSON.stringify(eventCallback(mention('How long is the warranty on LED lamps?')));
    const res = await post(body, sign(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(res.status).toBe(401);
  });

  test('an unsigned request is rejected with 401', async () => {
    const res = await post('{"type":"url_verification","challenge":"x"}', {});
    expect(res.status).toBe(401);
  });
});
