import { t } from '../../../src/core/i18n/strings';
import { channelMention, personalMessage, startTeams, type TeamsHarness } from './harness';

const QUESTION = 'How long is the warranty on LED lamps?';
const ANSWER = 'five-year warranty';

/**
 * Teams' connector refuses a reply now and then (its rate limit, a passing 5xx): through the real
 * CloudAdapter against the fake connector, the reply waits and is sent again, as Teams asks, and
 * only a lasting failure ends in the apology.
 */
describe('Teams: a reply the connector refuses for a moment', () => {
  let h: TeamsHarness;
  afterEach(() => h.close());

  const texts = () => h.connector.messages().map((m) => String(m.activity.text));

  test("an answer Teams' rate limit refuses (429, Retry-After: 1) is sent again after the second Teams asks for, once", async () => {
    h = await startTeams();
    h.connector.failSends.push({ status: 429, retryAfter: 1 });
    const started = Date.now();
    expect((await h.post(channelMention(h.connector.url, QUESTION))).status).toBe(200);
    await h.connector.waitFor(() => h.connector.messages().length > 0, 5000, 'answer');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain(ANSWER);
    expect(h.connector.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  test('a streamed answer whose first update meets a 503 goes on and ends in the answer', async () => {
    h = await startTeams({ backoff: { retries: 3, baseMs: 10, maxMs: 50 } });
    h.connector.failSends.push(503);
    await h.post(personalMessage(h.connector.url, QUESTION));
    await h.connector.waitFor(() => h.connector.messages().length > 0, 5000, 'answer');
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain(ANSWER);
    expect(texts()[0]).not.toBe(t('en', 'error'));
  });

  test('an answer the connector keeps refusing ends, after the last try, in the apology in the asker\'s language', async () => {
    h = await startTeams({ backoff: { retries: 2, baseMs: 10, maxMs: 50 } });
    h.connector.failSends.push(503, 503, 503);
    await h.post(channelMention(h.connector.url, QUESTION, 'sv-SE'));
    await h.connector.waitFor(() => h.connector.messages().length > 0, 5000, 'apology');
    expect(texts()).toEqual([t('sv', 'error')]);
    expect(h.connector.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
  });
});
