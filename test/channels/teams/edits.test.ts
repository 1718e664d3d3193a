import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeTeamsConnector } from '../../fakes/teams-connector';
import { answersRepeating, miniService } from '../../helpers';
import { BOT, channelMention, feedbackInvoke, personalMessage, startTeams, type TeamsHarness } from './harness';

/** A person's edit of a message, as Teams sends it: the message as it now reads, under its own id. */
const edited = (message: Record<string, unknown>, text: string) => ({
  ...message,
  type: 'messageUpdate',
  text,
  timestamp: new Date().toISOString(),
  channelData: { ...(message.channelData as Record<string, unknown>), eventType: 'editMessage' },
});

const citationsOf = (a: Record<string, unknown>) =>
  ((a.entities as Record<string, unknown>[] | undefined)?.find((e) => e.type === 'https://schema.org/Message') as { citation?: { position: number }[] } | undefined)?.citation ?? [];

/** An edited question to Kompis in Teams, through the real Agents SDK against the fake connector: its answer follows it. */
describe('Teams: an edited question', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeams();
  });
  afterEach(async () => {
    await h.close();
  });

  test('in personal chat: the answer is updated in place, with its citations and feedback buttons, and no new message', async () => {
    const asked = personalMessage(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(asked);
    const [answer] = h.connector.messages();
    expect((await h.post(edited(asked, 'What proof of purchase does the LED warranty need?'))).status).toBe(200);
    expect(h.connector.updated).toHaveLength(1);
    const [update] = h.connector.updated;
    expect(update!).toMatchObject({ conversationId: answer!.conversationId, activityId: answer!.id });
    expect(update!.activity).toMatchObject({ type: 'message', replyToId: asked.id, channelData: { feedbackLoopEnabled: true } });
    expect(update!.activity.text).toContain('receipt');
    expect(citationsOf(update!.activity).length).toBeGreaterThan(0);
    expect(h.connector.messages()).toHaveLength(1);
    // 👍 on the updated answer is stored with the passages it now cites
    expect((await h.post(feedbackInvoke(h.connector.url, answer!.id, 'like'))).status).toBe(200);
    const [vote] = (await h.store.exportAll()).feedback;
    expect(vote!.passageIds.length).toBeGreaterThan(0);
  });

  test('in a channel thread: the mention edited updates the answer in the thread', async () => {
    const asked = channelMention(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(asked);
    const [answer] = h.connector.messages();
    await h.post(edited(asked, `<at>${BOT.name}</at> What proof of purchase does the LED warranty need?`));
    expect(h.connector.updated).toEqual([expect.objectContaining({ conversationId: answer!.conversationId, activityId: answer!.id })]);
    expect(h.connector.updated[0]!.activity.text).toContain('receipt');
    expect(h.connector.messages()).toHaveLength(1);
  });

  test('an edit that changes none of the words does nothing; the same edit delivered again updates the answer once', async () => {
    const asked = personalMessage(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(asked);
    await h.post(edited(asked, '  How long is the warranty\non LED lamps? '));
    expect(h.connector.updated).toHaveLength(0);
    const edit = edited(asked, 'What proof of purchase does the LED warranty need?');
    await Promise.all([h.post(edit), h.post(edit)]);
    await h.post(edit);
    expect(h.connector.updated).toHaveLength(1);
    expect(h.connector.messages()).toHaveLength(1);
  });

  test('a follow-up edited is read with the question before it, and says so', async () => {
    await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    const followUp = personalMessage(h.connector.url, 'and what does it need?');
    await h.post(followUp);
    await h.post(edited(followUp, 'and what proof does it need?'));
    expect(h.connector.updated).toHaveLength(1);
    expect(h.connector.updated[0]!.activityId).toBe(h.connector.messages()[1]!.id);
    expect(h.connector.updated[0]!.activity.text).toContain('Read together with the question before: “How long is the warranty on LED lamps? and what proof does it need?”');
  });

  test('an answer someone deleted is answered again, as a reply to the question', async () => {
    const asked = personalMessage(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(asked);
    h.connector.deleted.add(h.connector.messages()[0]!.id);
    await h.post(edited(asked, 'What proof of purchase does the LED warranty need?'));
    const replies = h.connector.messages();
    expect(replies).toHaveLength(2);
    expect(replies[1]!.replyToId).toBe(asked.id);
    expect(replies[1]!.activity.text).toContain('receipt');
  });
});

test('Teams: an answer streamed into the personal chat is updated in place', async () => {
  const h = await startTeams({ answers: answersRepeating(await miniService(), 'LED lamps have a five-year warranty [1].') });
  try {
    const asked = personalMessage(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(asked);
    const streamId = h.connector.streamed()[0]!.info.streamId ?? h.connector.streamed()[0]!.id;
    await h.post(edited(asked, 'What proof of purchase does the LED warranty need?'));
    expect(h.connector.updated).toEqual([expect.objectContaining({ activityId: streamId })]);
    expect(h.connector.updated[0]!.activity.text).toContain('receipt');
    expect(h.connector.updated[0]!.activity.channelData).toMatchObject({ feedbackLoopEnabled: true });
  } finally {
    await h.close();
  }
});

test('Teams: after a restart the answer is still updated; after one that lost the store, the edited question is answered again', async () => {
  const connector = new FakeTeamsConnector();
  await connector.start();
  const dirs: string[] = [];
  try {
    const before = await startTeams({ connector });
    dirs.push(before.dataDir);
    const asked = personalMessage(connector.url, 'How long is the warranty on LED lamps?');
    await before.post(asked);
    await before.close();
    // the same Teams and store, a Kompis started again
    const restarted = await startTeams({ connector, dataDir: before.dataDir });
    await restarted.post(edited(asked, 'What proof of purchase does the LED warranty need?'));
    await restarted.close();
    expect(connector.updated).toEqual([expect.objectContaining({ activityId: connector.messages()[0]!.id })]);
    // the same Teams, a Kompis with a new store
    const after = await startTeams({ connector, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-teams-')) });
    dirs.push(after.dataDir);
    await after.post(edited(asked, 'Hvordan fungerer pant på lyspærer?'));
    await after.close();
    expect(connector.updated).toHaveLength(1);
    expect(connector.messages()).toHaveLength(2);
    expect(connector.messages()[1]!.replyToId).toBe(asked.id);
    expect(connector.messages()[1]!.activity.text).toContain('5 kroner i pant');
  } finally {
    await connector.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
});
