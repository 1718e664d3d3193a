import type { ChildProcess } from 'node:child_process';
import { GoalService } from '../../../src/core/goals/service';
import { openRedisStore, type RedisStore } from '../../../src/stores/redis/redis-store';
import { freePort } from '../../setup/global-setup';
import { killRedisServer, startRedisServer } from '../../stores/redis-process';
import { channelMention, channelMessage, startTeams, type TeamsHarness } from './harness';

/** Redis killed under the Teams channel: every message still gets a reply that says what happened. */
describe('Teams while Redis is down', () => {
  let server: ChildProcess;
  let store: RedisStore;
  let h: TeamsHarness;

  beforeEach(async () => {
    const port = await freePort();
    server = await startRedisServer(port);
    store = await openRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'teams-outage:', commandTimeoutMs: 500 });
    const opened = store;
    h = await startTeams({
      store,
      services: (_, logger) => ({ goals: new GoalService({ goals: opened.goals, teams: opened.teams, once: opened.channels, outbox: opened.outbox, locks: opened.locks, owner: 'a', chats: {}, clock: { now: () => new Date('2026-11-23T09:00:00Z') }, logger }) }),
    });
  });
  afterEach(async () => {
    await h.close();
    await killRedisServer(server);
  });

  const reply = async (activity: Record<string, unknown>) => {
    const before = h.connector.messages().length;
    expect((await h.post(activity)).status).toBe(200);
    await h.connector.waitFor(() => h.connector.messages().length > before, 8000, 'a reply');
    return String(h.connector.messages()[before]!.activity.text);
  };

  test('a goal command is told its storage is not answering, a question is answered, an abstention says it was not noted', async () => {
    await killRedisServer(server);
    expect(await reply(channelMessage(h.connector.url, 'goal progress 1 +1'))).toContain('storage is not answering');
    expect(await reply(channelMention(h.connector.url, 'How long is the warranty on LED lamps?'))).toContain('five-year warranty');
    expect(await reply(channelMention(h.connector.url, 'What is the capital of Peru?'))).toContain('storage is not answering');
  });
});
