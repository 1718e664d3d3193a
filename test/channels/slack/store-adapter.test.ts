import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slackStoreFrom } from '../../../src/channels/slack/store-adapter';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';

describe('the Slack store on the shared SQLite store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-slack-store-'));
  const store = openSqliteStore(dir);
  const slack = slackStoreFrom(store);
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an event id is new once', async () => {
    expect(await slack.markEventSeen('slack:msg:C1:1.1', 60)).toBe(true);
    expect(await slack.markEventSeen('slack:msg:C1:1.1', 60)).toBe(false);
  });

  test('threads, feedback and unanswered questions round-trip', async () => {
    expect(await slack.isThreadActive('C1', '1.1')).toBe(false);
    await slack.markThreadActive('C1', '1.1', 60);
    expect(await slack.isThreadActive('C1', '1.1')).toBe(true);
    await slack.recordFeedback({ channel: 'C1', messageTs: '1.2', user: 'U1', rating: 'down', reason: 'old', lang: 'sv', passageIds: ['sv/solpaneler.md#x'], at: new Date() });
    await slack.addUnanswered({ id: 'x', question: 'Capital of Peru?', lang: 'en', askedBy: 'U1', channel: 'C1', threadTs: '1.1', askedAt: new Date('2026-01-02T00:00:00Z') });
    const list = await slack.listUnanswered(10);
    expect(list.items).toMatchObject([{ question: 'Capital of Peru?', lang: 'en', channel: 'C1' }]);
    expect(list.items[0]!.askedBy).toBeUndefined();
    // the curators see which passages a 👎 was about
    expect((await store.exportAll()).feedback).toMatchObject([{ answerId: 'slack:C1:1.2', vote: 'down', passageIds: ['sv/solpaneler.md#x'] }]);
  });
});
