import { miniService } from '../../helpers';
import { channelMention, channelMessage, feedbackInvoke, GENERAL, groupChatMessage, personalMessage, startAsking, startTeams, type Someone, type TeamsHarness } from './harness';

const OLA: Someone = { id: '29:1ola', name: 'Ola Nordmann', aadObjectId: 'aad-ola-0002' };
const READ_TOGETHER = 'Read together with the question before: “How long is the warranty on LED lamps? and what does it need?”';

/**
 * Issue 7 through the real Agents SDK CloudAdapter over HTTP: activities POSTed to /api/messages
 * on the shared HTTP server, replies captured by the local fake Bot Framework connector.
 */
describe('Teams conversations', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeams();
  });
  afterEach(async () => {
    await h.close();
  });

  type Claim = { '@type': string; position: number; appearance: Record<string, unknown> };
  const aiEntity = (a: Record<string, unknown>) =>
    (a.entities as Record<string, unknown>[] | undefined)?.find((e) => e.type === 'https://schema.org/Message') as
      | { '@type': string; '@context': string; additionalType: string[]; citation: Claim[] }
      | undefined;

  test('a personal-chat question gets a cited answer whose entity matches Teams’ documented shape', async () => {
    const question = personalMessage(h.connector.url, 'How long is the warranty on LED lamps?');
    const res = await h.post(question);
    expect(res.status).toBe(200);

    const [reply, ...more] = h.connector.messages();
    expect(more).toHaveLength(0);
    expect(reply!.conversationId).toBe('a:1kari-kompis-personal');
    expect(reply!.replyToId).toBe(question.id);
    const a = reply!.activity;
    expect(a.text).toContain('five-year warranty');
    expect(a.text).toMatch(/\[1\]/);
    expect(a.channelData).toMatchObject({ feedbackLoopEnabled: true });

    const entity = aiEntity(a);
    expect(entity).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', additionalType: ['AIGeneratedContent'] });
    const markers = [...String(a.text).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(entity!.citation.map((c) => c.position).sort()).toEqual([...new Set(markers)].sort());
    for (const c of entity!.citation) {
      expect(c['@type']).toBe('Claim');
      expect(c.appearance['@type']).toBe('DigitalDocument');
      expect(String(c.appearance.name).length).toBeLessThanOrEqual(80);
      expect(String(c.appearance.abstract).length).toBeLessThanOrEqual(160);
      expect(String(c.appearance.abstract).length).toBeGreaterThan(0);
      const keywords = c.appearance.keywords as string[];
      expect(keywords.length).toBeLessThanOrEqual(3);
      for (const k of keywords) expect(k.length).toBeLessThanOrEqual(28);
    }
    expect(String(entity!.citation[0]!.appearance.name)).toContain('Warranty on LED lamps');
  });

  test('an edited question is answered if Kompis had not answered it as written, and its answer updated if it had; a command edited is not run', async () => {
    const edited = (message: Record<string, unknown>, text: string, eventType = 'editMessage') => ({
      ...message,
      type: 'messageUpdate',
      text,
      channelData: { ...(message.channelData as Record<string, unknown>), eventType },
    });
    // answered as written, then edited: its answer updated, not sent again
    const asked = personalMessage(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(asked);
    await h.post(edited(asked, 'How long is the warranty on LED lamps, and what does it need?'));
    // an update that is no person's edit, and a command edited, neither answered nor run
    const gone = personalMessage(h.connector.url, 'What proof of purchase does the warranty need?');
    await h.post(edited(gone, 'What proof of purchase does the warranty need?', 'softDeleteMessage'));
    await h.post(edited(personalMessage(h.connector.url, 'hjelp'), 'help'));
    expect(h.connector.messages()).toHaveLength(1);
    expect(h.connector.updated).toHaveLength(1);
    // a question Kompis never had as written (it was down) is answered when edited, once however often: the next edit updates the answer
    const missed = personalMessage(h.connector.url, 'What proof of purchase does the warranty need?');
    await h.post(edited(missed, 'What proof of purchase does the LED warranty need?'));
    await h.post(edited(missed, 'What proof of purchase does the LED lamp warranty need?'));
    const replies = h.connector.messages();
    expect(replies).toHaveLength(2);
    expect(replies[1]!.replyToId).toBe(missed.id);
    expect(replies[1]!.activity.text).toContain('receipt');
    expect(h.connector.updated.map((u) => u.activityId)).toEqual([replies[0]!.id, replies[1]!.id]);
  });

  test('a follow-up in the personal chat is read with the asker’s question before it, and says so', async () => {
    await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    await h.post(personalMessage(h.connector.url, 'and what does it need?'));
    const [, followUp] = h.connector.messages();
    expect(followUp!.activity.text).toContain('Read together with the question before: “How long is the warranty on LED lamps? and what does it need?”');
    expect(String(aiEntity(followUp!.activity)!.citation[0]!.appearance.name)).toContain('Warranty on LED lamps');
  });

  test('a follow-up in a channel thread is read with the thread’s question before it, whoever in the thread asks; another thread has none', async () => {
    const root = channelMessage(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(root);
    await h.post(channelMessage(h.connector.url, 'and what does it need?', { from: OLA, thread: String(root.id) }));
    await h.post(channelMessage(h.connector.url, 'and what does it need?', { from: OLA }));
    const [, followUp, elsewhere] = h.connector.messages();
    expect(followUp!.conversationId).toBe(`${GENERAL};messageid=${String(root.id)}`);
    expect(followUp!.activity.text).toContain(READ_TOGETHER);
    expect(elsewhere!.activity.text).not.toContain('Read together');
  });

  test('a group chat has no threads: a follow-up goes on from the same person’s question only', async () => {
    await h.post(groupChatMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    await h.post(groupChatMessage(h.connector.url, 'and what does it need?', { from: OLA }));
    await h.post(groupChatMessage(h.connector.url, 'and what does it need?'));
    const [, ola, kari] = h.connector.messages();
    expect(ola!.activity.text).not.toContain('Read together');
    expect(kari!.activity.text).toContain(READ_TOGETHER);
  });

  test('a channel thread’s question is kept past the half hour a chat’s is', async () => {
    // only the clock the store reads moves: the HTTP server and the SDK keep their timers
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      const root = channelMessage(h.connector.url, 'How long is the warranty on LED lamps?');
      await h.post(root);
      await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
      jest.setSystemTime(Date.now() + 31 * 60_000);
      await h.post(channelMessage(h.connector.url, 'and what does it need?', { from: OLA, thread: String(root.id) }));
      await h.post(personalMessage(h.connector.url, 'and what does it need?'));
      const [, , inThread, inChat] = h.connector.messages();
      expect(inThread!.activity.text).toContain(READ_TOGETHER);
      expect(inChat!.activity.text).not.toContain('Read together');
    } finally {
      jest.useRealTimers();
    }
  });

  test('Kompis shows it is typing before the answer, and never after it', async () => {
    const slow = await startTeams({
      answers: { ask: async (q, o) => (await new Promise((r) => setTimeout(r, 500)), (await miniService()).ask(q, o)) },
    });
    try {
      await slow.post(personalMessage(slow.connector.url, 'How long is the warranty on LED lamps?'));
      const types = slow.connector.sent.map((s) => s.activity.type);
      expect(types[0]).toBe('typing');
      expect(types.filter((t) => t === 'typing').length).toBeGreaterThanOrEqual(2);
      expect(types[types.length - 1]).toBe('message');
    } finally {
      await slow.close();
    }
  });

  test('an answer slower than the turn allows ends the turn at once and follows as a reply in the same thread, typing meanwhile', async () => {
    const slow = await startTeams({
      answerInTurnMs: 200,
      answers: { ask: async (q, o) => (await new Promise((r) => setTimeout(r, 2500)), (await miniService()).ask(q, o)) },
    });
    try {
      const post = channelMention(slow.connector.url, 'How long is the warranty on LED lamps?');
      const started = performance.now();
      expect((await slow.post(post)).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(slow.connector.messages()).toHaveLength(0);

      await slow.connector.waitFor(() => slow.connector.messages().length > 0, 10_000, 'the late answer');
      const [reply] = slow.connector.messages();
      expect(reply!.conversationId).toBe(`${GENERAL};messageid=${String(post.id)}`);
      expect(reply!.replyToId).toBe(post.id);
      expect(reply!.activity.text).toContain('five-year warranty');
      expect(aiEntity(reply!.activity)).toMatchObject({ additionalType: ['AIGeneratedContent'] });
      const types = slow.connector.sent.map((s) => s.activity.type);
      expect(types.filter((t) => t === 'typing').length).toBeGreaterThanOrEqual(3);
      expect(types.at(-1)).toBe('message');
    } finally {
      await slow.close();
    }
  });

  test('a slow answer that then fails still ends in an apology in the asker’s language, and one error log line', async () => {
    const broken = await startTeams({ answerInTurnMs: 100, answers: { ask: () => new Promise((_, reject) => setTimeout(() => reject(new Error('model gave up')), 400)) } });
    try {
      await broken.post(personalMessage(broken.connector.url, 'Hvor lenge er garantien?', 'nb-NO'));
      await broken.connector.waitFor(() => broken.connector.messages().length > 0, 5000, 'the apology');
      expect(broken.connector.messages().map((m) => m.activity.text)).toEqual([expect.stringContaining('Beklager, noe gikk galt')]);
      expect(broken.logger.lines.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ msg: 'question not answered' })]);
    } finally {
      await broken.close();
    }
  });

  test('a source with a public URL is linked from its citation', async () => {
    await h.post(personalMessage(h.connector.url, 'Hvordan fungerer pant på lyspærer?', 'nb-NO'));
    const a = h.connector.messages()[0]!.activity;
    expect(a.text).toContain('5 kroner i pant');
    expect(aiEntity(a)!.citation[0]!.appearance.url).toBe('https://lysbutikken.example/pant');
  });

  test('a channel @mention is answered in the same channel thread, without the mention in the question', async () => {
    const post = channelMention(h.connector.url, 'How long is the warranty on LED lamps?');
    await h.post(post);
    const [reply] = h.connector.messages();
    expect(reply!.conversationId).toBe(`${GENERAL};messageid=${String(post.id)}`);
    expect(reply!.replyToId).toBe(post.id);
    expect(reply!.activity.text).toContain('five-year warranty');
    expect(aiEntity(reply!.activity)!.citation.length).toBeGreaterThan(0);
  });

  test('the mention is removed before the question reaches core', async () => {
    const spy = await startAsking();
    try {
      await spy.post(channelMention(spy.connector.url, 'How long is the warranty on LED lamps?'));
      expect(spy.asked).toEqual(['How long is the warranty on LED lamps?']);
    } finally {
      await spy.close();
    }
  });

  test('a question the store cannot answer gets the abstention in the asker’s language, and goes on the curators’ list', async () => {
    await h.post(personalMessage(h.connector.url, 'Hva er hovedstaden i Peru?', 'nb-NO'));
    const a = h.connector.messages()[0]!.activity;
    expect(a.text).toContain('Det finner jeg ikke i kunnskapsbasen');
    expect(a.text).toContain('lagt på listen til kuratorene');
    // nothing to cite: no AI label and no citation pills
    expect(aiEntity(a)).toBeUndefined();
    const open = await h.store.curation.listOpenUnanswered(10);
    expect(open.map((q) => q.question)).toEqual(['Hva er hovedstaden i Peru?']);
    expect(open[0]!.channel).toBe('teams:conversation:a:1kari-kompis-personal');
  });

  test('Teams answers are counted on /metrics by channel, abstentions with their reason', async () => {
    await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    await h.post(channelMention(h.connector.url, 'What is the capital of Peru?'));
    const metrics = await h.metrics();
    expect(metrics).toContain('kompis_questions_total{channel="teams"} 2');
    expect(metrics).toMatch(/kompis_abstentions_total\{channel="teams",reason="[a-z_]+"\} 1/);
    expect(metrics).toContain('kompis_answer_seconds_count{channel="teams",mode="extractive"} 2');
  });

  test('a Swedish abstention is in Swedish', async () => {
    await h.post(personalMessage(h.connector.url, 'Vad är huvudstaden i Peru?', 'sv-SE'));
    expect(h.connector.messages()[0]!.activity.text).toContain('Det hittar jag inte i kunskapsbasen');
  });

  test('👎 with a comment from Teams’ feedback form is stored like Slack’s feedback', async () => {
    const res = await h.post(feedbackInvoke(h.connector.url, 'sent-1', 'dislike', 'Fel garantitid'));
    expect(res.status).toBe(200);
    const snapshot = await h.store.exportAll();
    const feedback = snapshot.feedback;
    expect(feedback).toEqual([expect.objectContaining({ answerId: 'teams:a:1kari-kompis-personal:sent-1', vote: 'down', reason: 'Fel garantitid', lang: 'sv' })]);
    // an invoke is answered in its HTTP response; nothing is posted to the conversation
    expect(h.connector.sent).toHaveLength(0);
  });

  test('👍 on an answer is stored with the passages the answer cited', async () => {
    await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    const [answer] = h.connector.messages();
    expect((await h.post(feedbackInvoke(h.connector.url, answer!.id, 'like'))).status).toBe(200);
    const { feedback } = await h.store.exportAll();
    expect(feedback).toEqual([expect.objectContaining({ answerId: `teams:a:1kari-kompis-personal:${answer!.id}`, vote: 'up', passageIds: ['en/warranty.md#how-long-led-lamps-are-covered'] })]);
  });

  test('a feedback invoke that does not parse is refused with 400 and stores nothing', async () => {
    const bad = feedbackInvoke(h.connector.url, 'sent-1', 'like');
    (bad.value as Record<string, unknown>).actionValue = { reaction: 'meh' };
    const res = await h.post(bad);
    expect(res.status).toBe(400);
    const snapshot = await h.store.exportAll();
    expect(snapshot.feedback).toHaveLength(0);
  });

  test('when core fails, the agent gets an apology in their language and one error log line', async () => {
    const broken = await startTeams({ answers: { ask: () => Promise.reject(new Error('index exploded')) } });
    try {
      await broken.post(personalMessage(broken.connector.url, 'Hvor lenge er garantien?', 'nb-NO'));
      expect(broken.connector.messages().map((m) => m.activity.text)).toEqual([expect.stringContaining('Beklager, noe gikk galt')]);
      expect(broken.logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});
