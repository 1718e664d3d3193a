import { TEAM_ID, cardSubmit, personalConversationOf } from './harness';
import { answers, openRound } from './pulse-steps';
import { AGENTS, cardOf, cardText, LEAD, teamWorld, type TeamWorld } from './world';

/** The lead's pulse summary is titled with the team's name as Teams gives it, never an internal key. */
describe('the Teams pulse summary title', () => {
  let w: TeamWorld;
  afterEach(async () => {
    await w.close();
  });

  async function summaryTitle(): Promise<string> {
    const checkins = await openRound(w, '3');
    for (const [i, m] of AGENTS.entries()) {
      const checkin = checkins.get(personalConversationOf(m))!;
      const roundId = (cardOf(checkin)!.actions as { data: { roundId: string } }[])[0]!.data.roundId;
      const updates = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(roundId, i), { from: m, personal: true, replyToId: checkin.id }));
      await w.connector.waitFor(() => w.connector.updated.length > updates, 5000, 'the card replaced');
    }
    const before = w.connector.messages().length;
    w.clock.t = new Date(w.clock.t.getTime() + 73 * 3_600_000);
    await w.pulse.tick();
    const summary = w.connector.messages().slice(before).find((s) => s.conversationId === personalConversationOf(LEAD))!;
    return cardText(cardOf(summary));
  }

  test("is the team's name, which the connector gives when the activity does not", async () => {
    w = await teamWorld();
    w.connector.teams.set(TEAM_ID, { name: 'Kundeservice Oslo' });
    const text = await summaryTitle();
    expect(text).toContain('Pulse for Kundeservice Oslo, week 48');
    expect(text).not.toContain('teams:');
  });

  test('says "the team" when Teams names none', async () => {
    w = await teamWorld();
    const text = await summaryTitle();
    expect(text).toContain('Pulse for the team, week 48');
    expect(text).not.toContain('teams:');
  });
});
