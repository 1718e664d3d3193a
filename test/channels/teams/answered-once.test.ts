import { channelMention, feedbackInvoke, personalMessage, startTeams, type TeamsHarness } from './harness';

/**
 * The conversation core through the real Agents SDK: a question Bot Service delivers again is
 * answered, listed for the curators and counted once; a person's later vote on an answer replaces
 * their earlier one.
 */
describe('Teams questions and feedback, once each', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeams();
  });
  afterEach(async () => {
    await h.close();
  });

  test('a question delivered three times is answered once, listed for the curators once, and counted once', async () => {
    const question = channelMention(h.connector.url, 'What is the capital of Peru?');
    for (let i = 0; i < 3; i++) expect((await h.post(question)).status).toBe(200);
    expect(h.connector.messages()).toHaveLength(1);
    expect((await h.store.curation.latestUnanswered(10)).total).toBe(1);
    expect(await h.metrics()).toContain('kompis_questions_total{channel="teams"} 1');
    // the same words in a new message are a new question
    expect((await h.post(channelMention(h.connector.url, 'What is the capital of Peru?'))).status).toBe(200);
    expect(h.connector.messages()).toHaveLength(2);
  });

  test('a 👍 and then a 👎 with a comment from the same person are one row, with the passages the answer cited', async () => {
    await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    const [answer] = h.connector.messages();
    expect((await h.post(feedbackInvoke(h.connector.url, answer!.id, 'like'))).status).toBe(200);
    expect((await h.post(feedbackInvoke(h.connector.url, answer!.id, 'dislike', 'Gäller inte onlineköp'))).status).toBe(200);
    const { feedback } = await h.store.exportAll();
    expect(feedback).toEqual([expect.objectContaining({ vote: 'down', reason: 'Gäller inte onlineköp', passageIds: ['en/warranty.md#how-long-led-lamps-are-covered'] })]);
  });
});
