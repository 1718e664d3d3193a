import { PulseService } from '../../../src/core/pulse/service';
import { TEST_WRAPPING } from '../../helpers';
import { dyingOutbox } from '../../fakes/dying-outbox';
import { conversationKey } from '../../../src/channels/teams/conversations';
import { BOT, cardSubmit, GENERAL, personalConversationOf, personalInstallOf, TENANT_ID } from './harness';
import { answers, checkinsSince, openRound, roundIdOf, setup } from './pulse-steps';
import { AGENTS, cardOf, cardText, LEAD, MEMBERS, teamWorld, type TeamWorld } from './world';

const HOUR = 3_600_000;
/** What `checkinsPerMember` is once every check-in went out: none for the lead, one for each agent. */
const ONE_EACH = MEMBERS.map((m) => (m === LEAD ? 0 : 1));

/** Check-in cards (not reminders) that reached each of the channel's people, in MEMBERS order (the lead first, who gets none). */
const checkinsPerMember = (w: TeamWorld) => MEMBERS.map((m) => checkinsSince(w, 0).filter((s) => s.conversationId === personalConversationOf(m) && !cardText(cardOf(s)).startsWith('Reminder')).length);

describe('pulse delivery in Teams', () => {
  let w: TeamWorld;
  afterEach(async () => {
    await w.close();
  });

  test('members who never opened Kompis get their check-in in a personal chat opened from the channel roster, once', async () => {
    w = await teamWorld();
    const checkins = await openRound(w, '5', { installed: false });
    expect([...checkins.keys()].sort()).toEqual(AGENTS.map(personalConversationOf).sort());
    // one POST /v3/conversations per agent, as the connector expects it: the bot, the agent's Teams id, the tenant
    expect(w.connector.created.map((c) => c.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      AGENTS.map((m) => ({ isGroup: false, bot: { id: BOT.id, name: BOT.name }, members: [{ id: m.id }], tenantId: TENANT_ID, channelData: { tenant: { id: TENANT_ID } } })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );

    // the chat works both ways: the member's answer is taken and the card replaced
    const ola = AGENTS[0]!;
    const card = checkins.get(personalConversationOf(ola))!;
    const updates = w.connector.updated.length;
    await w.h.post(cardSubmit(w.connector.url, answers(roundIdOf(card), 1), { from: ola, personal: true, replyToId: card.id }));
    await w.connector.waitFor(() => w.connector.updated.length > updates, 5000, 'the card replaced');
    expect(cardText(cardOf(w.connector.updated.at(-1)!))).toContain('Thanks! Stored');

    // the reminder goes through the saved chats: no chat is created a second time
    w.clock.t = new Date(w.clock.t.getTime() + 49 * HOUR);
    await w.pulse.tick();
    expect(w.connector.created).toHaveLength(AGENTS.length);
  });

  test('a member who deleted their chat with Kompis gets the check-in in a chat opened again from the roster', async () => {
    w = await teamWorld();
    const ola = AGENTS[0]!;
    // Ola's saved chat no longer exists: Teams answers 404 for it
    await w.h.post(personalInstallOf(w.connector.url, ola));
    const saved = (await w.h.channel.conversations.get(conversationKey.user(ola.aadObjectId)))!;
    await w.h.channel.conversations.save([conversationKey.user(ola.aadObjectId)], { ...saved, conversation: { ...saved.conversation, id: 'a:deleted-ola-chat' } });
    w.connector.gone.add('a:deleted-ola-chat');

    const checkins = await openRound(w, '5', { installed: false });
    expect(checkins.has(personalConversationOf(ola))).toBe(true);
    expect(w.connector.requests.filter((r) => r.method === 'POST' && decodeURIComponent(r.path).includes('a:deleted-ola-chat'))).toHaveLength(1);
    expect(w.connector.created.filter((c) => JSON.stringify(c.body.members) === JSON.stringify([{ id: ola.id }]))).toHaveLength(1);
    expect((await w.h.channel.conversations.get(conversationKey.user(ola.aadObjectId)))!.conversation.id).toBe(personalConversationOf(ola));
  });

  test('check-ins the connector fails (500) stay queued and reach every member on the next run, once each', async () => {
    w = await teamWorld();
    await setup(w, '5');
    w.connector.failSends.push(...Array.from({ length: 40 }, () => 500));
    w.clock.t = new Date('2026-11-27T12:01:00Z'); // Friday 13:01 in Oslo: the round opens
    await w.pulse.tick();
    const round = (await w.h.store.pulse.listRounds(`teams:${GENERAL}`, 1))[0]!;
    expect(await w.h.store.outbox.counts(`pulse:${round.id}:checkin`)).toEqual({ pending: AGENTS.length, sending: 0, sent: 0 });
    expect(w.h.logger.lines.filter((l) => l.msg === 'Teams message not sent').length).toBeGreaterThanOrEqual(AGENTS.length);
    expect(checkinsPerMember(w)).toEqual(MEMBERS.map(() => 0));

    w.connector.failSends.length = 0;
    w.clock.t = new Date(w.clock.t.getTime() + 60_000);
    await w.pulse.tick();
    expect(checkinsPerMember(w)).toEqual(ONE_EACH);
  });

  test("Teams' rate limit (429 with Retry-After) is waited out: every member gets one check-in, in a new chat each", async () => {
    w = await teamWorld();
    await setup(w, '5');
    w.connector.rateLimit = 4;
    w.clock.t = new Date('2026-11-27T12:01:00Z'); // Friday 13:01 in Oslo: the round opens
    await w.pulse.tick();
    expect(w.connector.limited).toBeGreaterThan(0);
    expect(w.connector.created).toHaveLength(AGENTS.length);
    expect(checkinsPerMember(w)).toEqual(ONE_EACH);
  }, 30_000);

  test('one reminder, only to those who have not answered, and none after they answer', async () => {
    w = await teamWorld();
    const checkins = await openRound(w, '5');
    const roundId = roundIdOf([...checkins.values()][0]!);
    for (const [i, m] of AGENTS.slice(0, 2).entries()) {
      const updates = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(roundId, i), { from: m, personal: true, replyToId: checkins.get(personalConversationOf(m))!.id }));
      await w.connector.waitFor(() => w.connector.updated.length > updates);
    }
    const reminders = () => w.connector.messages().filter((s) => cardText(cardOf(s) ?? {}).startsWith('Reminder'));

    w.clock.t = new Date(w.clock.t.getTime() + 47 * HOUR); // before the reminder's time: a day before close
    await w.pulse.tick();
    expect(reminders()).toHaveLength(0);

    w.clock.t = new Date(w.clock.t.getTime() + 2 * HOUR);
    await w.pulse.tick();
    // to the four agents who have not answered; not to the lead, who was not asked
    expect(reminders().map((s) => s.conversationId).sort()).toEqual(AGENTS.slice(2).map(personalConversationOf).sort());
    expect(cardText(cardOf(reminders()[0]!))).toContain('closes');

    w.clock.t = new Date(w.clock.t.getTime() + HOUR);
    await w.pulse.tick();
    expect(reminders()).toHaveLength(4);
  });

  test('a sender killed mid-round: a restarted replica sends the rest, nobody is lost, and a card sent twice counts once', async () => {
    // the first sender dies after the connector took its third check-in, before noting it as sent
    w = await teamWorld({ outbox: dyingOutbox(3) });
    await openRound(w, '5', { expected: 3 });
    await new Promise((r) => setTimeout(r, 200));
    const round = (await w.h.store.pulse.listRounds(`teams:${GENERAL}`, 1))[0]!;
    const batch = `pulse:${round.id}:checkin`;
    const unconfirmed = (await w.h.store.outbox.unsent(batch, 100)).filter((i) => i.state === 'sending').map((i) => i.to);
    expect(unconfirmed.length).toBeGreaterThan(0);
    expect(checkinsPerMember(w).reduce((a, b) => a + b, 0)).toBeLessThan(AGENTS.length);

    // a restarted replica on the same store and the same connector, once the dead sender's lock expired
    const restarted = new PulseService({ wrapping: TEST_WRAPPING, pulse: w.h.store.pulse, teams: w.h.store.teams, outbox: w.h.store.outbox, locks: w.h.store.locks, chats: w.chats, clock: w.clock, logger: w.h.logger, owner: 'replica-b' });
    w.clock.t = new Date(w.clock.t.getTime() + 120_000);
    await restarted.tick();
    const counts = checkinsPerMember(w);
    // Teams' connector cannot list what a chat holds, so only a check-in whose send was unconfirmed
    // when the sender died may arrive twice; every other member has exactly one, and nobody none
    MEMBERS.forEach((m, i) => {
      if (m === LEAD) expect(counts[i]).toBe(0);
      else if (unconfirmed.includes(m.aadObjectId)) expect(counts[i]).toBeGreaterThanOrEqual(1);
      else expect(counts[i]).toBe(1);
      expect(counts[i]).toBeLessThanOrEqual(2);
    });
    expect(await w.h.store.outbox.counts(batch)).toEqual({ pending: 0, sending: 0, sent: AGENTS.length });

    // a member with two cards answers on both: one answer is stored, the second refused
    const twice = MEMBERS.find((_, i) => counts[i] === 2) ?? MEMBERS.find((m) => unconfirmed.includes(m.aadObjectId))!;
    const cards = checkinsSince(w, 0).filter((s) => s.conversationId === personalConversationOf(twice));
    for (const card of [...cards, cards[0]!].slice(0, 2)) {
      const updates = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(round.id, 0), { from: twice, personal: true, replyToId: card.id }));
      await w.connector.waitFor(() => w.connector.updated.length > updates);
    }
    expect(cardText(cardOf(w.connector.updated.at(-1)!))).toContain('already answered');
    expect((await w.h.store.pulse.sealedAnswers(round.id)).entries).toHaveLength(1);
  });
});
