import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { cardSubmit, channelMessage, GENERAL, personalConversationOf } from './harness';
import { answers, checkinsSince, openRound, post, roundIdOf, setup } from './pulse-steps';
import { AGENTS, cardOf, cardText, elementsOf, LEAD, MEMBERS, teamWorld, type TeamWorld } from './world';

const TEAM = `teams:${GENERAL}`;
const COMMENT = 'Ola Hansen helped me a lot this week, call me on +47 912 34 567';

/** Everything the bot ever sent or updated, as one string. */
function everything(w: TeamWorld): string {
  return JSON.stringify([w.connector.sent, w.connector.updated]);
}

describe('the weekly pulse in Teams', () => {
  let w: TeamWorld;
  beforeEach(async () => {
    w = await teamWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  test('`pulse setup` replies with the form; its submit saves the schedule and names the lead', async () => {
    const [form] = await post(w, channelMessage(w.connector.url, 'pulse setup', { from: LEAD }));
    const inputs = Object.fromEntries(elementsOf(cardOf(form!)).filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e]));
    expect(inputs.leads).toMatchObject({ isMultiSelect: true, value: LEAD.aadObjectId, 'choices.data': { dataset: 'graph.microsoft.com/users?scope=currentContext' } });
    expect(inputs.questions).toMatchObject({ isMultiSelect: true, value: DEFAULT_QUESTION_IDS.join(',') });
    expect(inputs.tz).toMatchObject({ value: 'Europe/Oslo' });
    expect(inputs.k).toMatchObject({ type: 'Input.Number', value: 5, min: 3 });
    expect(inputs.hours).toMatchObject({ value: 72 });
    expect(inputs.time).toMatchObject({ type: 'Input.Time', value: '13:00' });

    const saved = await setup(w, '4');
    expect(saved.activity.text).toContain('Pulse set up');
    expect(saved.activity.text).toContain(`<at>${LEAD.name}</at>`);
    expect(saved.activity.entities).toEqual([{ type: 'mention', text: `<at>${LEAD.name}</at>`, mentioned: { id: LEAD.aadObjectId, name: LEAD.name } }]);
    const team = await w.h.store.teams.getTeam(TEAM);
    expect(team).toMatchObject({ platform: 'teams', leads: [LEAD.aadObjectId], lang: 'en', pulse: { day: 5, time: '13:00', k: 4, openHours: 72, questionIds: [...DEFAULT_QUESTION_IDS] } });
  });

  test('a setup whose values break the rules is refused field by field, in the lead’s language, and nothing is saved', async () => {
    const [form] = await post(w, channelMessage(w.connector.url, 'pulse setup', { from: LEAD, locale: 'nb-NO' }));
    const inputs = Object.fromEntries(elementsOf(cardOf(form!)).filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e]));
    // the channel is the conversation the card is in: not asked
    expect(Object.keys(inputs)).toEqual(['leads', 'day', 'time', 'tz', 'lang', 'questions', 'k', 'commentK', 'hours']);
    expect(inputs.leads).toMatchObject({ isRequired: true, errorMessage: 'Velg minst én leder som skal få oppsummeringen.' });
    expect(inputs.commentK).not.toHaveProperty('isRequired');
    const submit = { kompis: 'pulse-setup', leads: LEAD.aadObjectId, day: '5', time: '13:00', tz: 'Europe/Oslo', lang: 'en', questions: 'expectations,support', k: '2', hours: '500' };
    const [refused] = await post(w, cardSubmit(w.connector.url, submit, { from: LEAD, locale: 'nb-NO', replyToId: form!.id }));
    const text = String(refused!.activity.text);
    expect(text).toContain('Spørsmål (3–6): Velg mellom 3 og 6 spørsmål.');
    expect(text).toContain('Minste antall svar for å vise resultater (minst 3): Minste antall svar må være minst 3');
    expect(text).toContain('Åpen i (timer): En runde kan være åpen fra 1 til 168 timer.');
    expect((await w.h.store.teams.getTeam(TEAM))?.pulse).toBeUndefined();
    // the form itself is shown again with what was typed, each problem under its field
    await w.connector.waitFor(() => w.connector.updated.some((u) => u.activityId === form!.id), 5000, 'the form marked');
    const marked = elementsOf(cardOf(w.connector.updated.find((u) => u.activityId === form!.id)!)!);
    const after = (id: string) => marked[marked.findIndex((e) => e.id === id) + 1]!;
    expect(marked.find((e) => e.id === 'k')).toMatchObject({ value: 2 });
    expect(marked.find((e) => e.id === 'questions')).toMatchObject({ value: 'expectations,support' });
    expect(after('k')).toMatchObject({ type: 'TextBlock', color: 'Attention', text: expect.stringContaining('Minste antall svar må være minst 3') });
    expect(after('hours')).toMatchObject({ type: 'TextBlock', color: 'Attention', text: 'En runde kan være åpen fra 1 til 168 timer.' });
    expect(after('day')).not.toMatchObject({ type: 'TextBlock' });
  });

  test('once the pulse has leads, `pulse setup` from anyone else is refused at once, with no form to fill in for nothing', async () => {
    await setup(w, '5');
    const [refused] = await post(w, channelMessage(w.connector.url, 'pulse setup', { from: MEMBERS[1]! }));
    expect(cardOf(refused!)).toBeUndefined();
    expect(refused!.activity.text).toContain("Only the team's leads can change the pulse");
  });

  test('a round with six agents: one check-in each (none for their lead), answered once, and the lead gets the summary at close', async () => {
    const checkins = await openRound(w, '5');
    expect([...checkins.keys()].sort()).toEqual(AGENTS.map(personalConversationOf).sort());
    const card = cardOf([...checkins.values()][0]!)!;
    const choiceSets = elementsOf(card).filter((e) => e.type === 'Input.ChoiceSet');
    expect(choiceSets.map((e) => e.id)).toEqual(DEFAULT_QUESTION_IDS.map((q) => `q_${q}`));
    expect(choiceSets.find((e) => e.id === 'q_expectations')).toMatchObject({ style: 'expanded', choices: expect.arrayContaining([{ title: expect.any(String), value: '5' }]) });
    expect(elementsOf(card).find((e) => e.type === 'Input.Text')).toMatchObject({ id: 'comment', isMultiline: true, maxLength: 1000 });
    const submit = elementsOf(card).find((e) => e.type === 'Action.Submit') as { data: { kompis: string; roundId: string } };
    expect(submit.data.kompis).toBe('pulse-answer');
    const roundId = submit.data.roundId;

    for (const [i, m] of AGENTS.entries()) {
      const cardMessage = checkins.get(personalConversationOf(m))!;
      const updates = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(roundId, i, i === 0 ? COMMENT : ''), { from: m, personal: true, replyToId: cardMessage.id }));
      await w.connector.waitFor(() => w.connector.updated.length > updates, 5000, 'the card replaced');
      const update = w.connector.updated.at(-1)!;
      expect(update).toMatchObject({ conversationId: personalConversationOf(m), activityId: cardMessage.id });
      expect(cardText(cardOf(update))).toContain('Thanks! Stored: 6 answers');
    }
    // the same member again: refused, and the card says so
    const ola = AGENTS[0]!;
    const updates = w.connector.updated.length;
    await w.h.post(cardSubmit(w.connector.url, answers(roundId, 9), { from: ola, personal: true, replyToId: checkins.get(personalConversationOf(ola))!.id }));
    await w.connector.waitFor(() => w.connector.updated.length > updates);
    expect(cardText(cardOf(w.connector.updated.at(-1)!))).toContain('already answered');
    expect((await w.h.store.pulse.sealedAnswers(roundId)).entries).toHaveLength(6);

    const before = w.connector.messages().length;
    w.clock.t = new Date(w.clock.t.getTime() + 73 * 3_600_000);
    await w.pulse.tick();
    const sent = w.connector.messages().slice(before);
    expect(sent.map((s) => s.conversationId)).toEqual([personalConversationOf(LEAD)]);
    const summary = cardText(cardOf(sent[0]!));
    expect(summary).toContain('6 of 6');
    expect(summary).toContain('eNPS');
    expect(elementsOf(cardOf(sent[0]!)).filter((e) => e.type === 'FactSet')).toHaveLength(DEFAULT_QUESTION_IDS.length);
    // the comment reaches the lead scrubbed of the colleague's name and the phone number
    expect(summary).toContain('helped me a lot this week');
    expect(summary).not.toContain('Ola Hansen helped');
    expect(summary).not.toContain('912 34 567');
    // and no log line carries an answer or the comment
    expect(JSON.stringify(w.h.logger.lines)).not.toContain('helped me a lot');

    // the store: members are known only where Kompis reaches them (chats, roster), never near an answer
    const snapshot = await w.h.store.exportAll();
    const nearAnswers = JSON.stringify([snapshot.rounds, snapshot.results, snapshot.roundSecrets]);
    for (const m of MEMBERS) for (const id of [m.id, m.aadObjectId, personalConversationOf(m)]) expect(nearAnswers).not.toContain(id);
    expect(snapshot.roundSecrets).toEqual([]);
    expect(JSON.stringify([snapshot.conversations, snapshot.userTeams, snapshot.teams])).not.toMatch(/helped me|pulse-answer|q_expectations/);
  });

  test('the lead, in the channel, gets no check-in and is not counted; their answer from an old card is refused in their language, and nothing is stored', async () => {
    const checkins = await openRound(w, '3');
    const roundId = roundIdOf([...checkins.values()][0]!);
    expect((await w.h.store.pulse.getRound(roundId))!.invited).toBe(AGENTS.length);

    // a check-in card the lead still has (an earlier Kompis sent leads one), sent from a Danish Teams
    const updates = w.connector.updated.length;
    await w.h.post(cardSubmit(w.connector.url, answers(roundId, 0, 'Vagtplanen er uretfærdig'), { from: LEAD, personal: true, locale: 'da-DK', replyToId: 'an-old-check-in' }));
    await w.connector.waitFor(() => w.connector.updated.length > updates, 5000, 'the card replaced');
    const refused = w.connector.updated.at(-1)!;
    expect(refused).toMatchObject({ conversationId: personalConversationOf(LEAD), activityId: 'an-old-check-in' });
    expect(cardText(cardOf(refused))).toContain('Du er leder af dette team, så dit svar blev ikke gemt');
    expect(cardText(cardOf(refused))).not.toContain('Tak!');
    expect((await w.h.store.pulse.sealedAnswers(roundId)).entries).toEqual([]);

    for (const [i, m] of AGENTS.slice(0, 3).entries()) {
      const before = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(roundId, i), { from: m, personal: true, replyToId: checkins.get(personalConversationOf(m))!.id }));
      await w.connector.waitFor(() => w.connector.updated.length > before);
    }
    const before = w.connector.messages().length;
    w.clock.t = new Date(w.clock.t.getTime() + 73 * 3_600_000);
    await w.pulse.tick();
    const summary = w.connector.messages().slice(before).find((s) => s.conversationId === personalConversationOf(LEAD))!;
    expect(cardText(cardOf(summary))).toContain('3 of 6');
    expect((await w.h.store.pulse.results(roundId))!.respondents).toBe(3);
    expect(everything(w)).not.toContain('Vagtplanen');
    // no check-in or reminder ever reached the lead
    expect(checkinsSince(w, 0).filter((s) => s.conversationId === personalConversationOf(LEAD))).toEqual([]);
  });

  test('a comment over 1,000 characters is stored cut at 1,000, and the reply says so', async () => {
    const checkins = await openRound(w, '3');
    const roundId = roundIdOf([...checkins.values()][0]!);
    const long = `The new queue tool ${'drops the caller when a transfer times out, '.repeat(26)}and the end of this sentence is lost.`;
    expect(long.length).toBeGreaterThan(1000);
    expect(long.length).toBeLessThan(1500);
    for (const [i, m] of AGENTS.slice(0, 5).entries()) {
      const updates = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(roundId, i, i === 0 ? long : i === 1 ? 'Short and whole' : ''), { from: m, personal: true, replyToId: checkins.get(personalConversationOf(m))!.id }));
      await w.connector.waitFor(() => w.connector.updated.length > updates);
      const reply = cardText(cardOf(w.connector.updated.at(-1)!));
      if (i === 0) expect(reply).toContain('Stored: 6 answers and the first 1,000 characters of your comment (the rest was not stored), as counts for the team.');
      if (i === 1) expect(reply).toContain('Stored: 6 answers and your comment, as counts for the team.');
    }
    w.clock.t = new Date(w.clock.t.getTime() + 73 * 3_600_000);
    await w.pulse.tick();
    const comments = (await w.h.store.pulse.results(roundId))!.comments;
    const cut = comments.find((c) => c.startsWith('The new queue tool'))!;
    expect(cut).toHaveLength(1000);
    expect(long.startsWith(cut.slice(0, -1).trimEnd())).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(comments).toContain('Short and whole');
  });

  test('below K (three answers of five) the lead gets only "not enough answers", and no score or comment is sent anywhere', async () => {
    const checkins = await openRound(w, '5');
    const roundId = roundIdOf([...checkins.values()][0]!);
    for (const [i, m] of AGENTS.slice(0, 3).entries()) {
      const updates = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(roundId, i, i === 0 ? COMMENT : ''), { from: m, personal: true, replyToId: checkins.get(personalConversationOf(m))!.id }));
      await w.connector.waitFor(() => w.connector.updated.length > updates);
    }
    const before = w.connector.messages().length;
    w.clock.t = new Date(w.clock.t.getTime() + 73 * 3_600_000);
    await w.pulse.tick();
    const sent = w.connector.messages().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe(personalConversationOf(LEAD));
    expect(cardOf(sent[0]!)).toBeUndefined();
    // fewer than K, never how many: with few asked, the number says who answered
    expect(sent[0]!.activity.text).toContain('fewer than 5 answered');
    expect(sent[0]!.activity.text).not.toContain('3 of');
    // nothing after the check-ins shows a score: no summary card, no eNPS line, no distribution
    expect(JSON.stringify(sent)).not.toMatch(/eNPS|FactSet|▰/);
    expect(everything(w)).not.toContain('helped me a lot');
    // the lead asking for results later gets the same
    const [results] = await post(w, channelMessage(w.connector.url, 'pulse results', { from: LEAD }));
    expect(cardOf(results!)).toBeUndefined();
    expect(everything(w)).not.toContain('helped me a lot');
  });

  test('`pulse close` by the lead closes the round now and the summary follows, as at its time; a member cannot close it', async () => {
    const checkins = await openRound(w, '5');
    const roundId = roundIdOf([...checkins.values()][0]!);
    for (const [i, m] of AGENTS.slice(0, 5).entries()) {
      const updates = w.connector.updated.length;
      await w.h.post(cardSubmit(w.connector.url, answers(roundId, i), { from: m, personal: true, replyToId: checkins.get(personalConversationOf(m))!.id }));
      await w.connector.waitFor(() => w.connector.updated.length > updates);
    }
    const [refused] = await post(w, channelMessage(w.connector.url, 'pulse close', { from: AGENTS[0]! }));
    expect(refused!.activity.text).toMatch(/lead/i);
    const before = w.connector.messages().length;
    const [closing] = await post(w, channelMessage(w.connector.url, 'pulse close', { from: LEAD }));
    expect(closing!.activity.text).toContain('closes now');
    await w.connector.waitFor(() => w.connector.messages().slice(before).some((s) => s.conversationId === personalConversationOf(LEAD) && cardText(cardOf(s) ?? {}).includes('5 of 6')), 5000, 'the summary');
    expect((await w.h.store.pulse.getRound(roundId))!.state).toBe('closed');
  });

  test('an incomplete check-in keeps the card and says what is missing; a member cannot open the round', async () => {
    const checkins = await openRound(w, '5');
    const ola = AGENTS[0]!;
    const roundId = roundIdOf(checkins.get(personalConversationOf(ola))!);
    const updates = w.connector.updated.length;
    const [note] = await post(w, cardSubmit(w.connector.url, { kompis: 'pulse-answer', roundId, q_expectations: '4' }, { from: ola, personal: true, replyToId: checkins.get(personalConversationOf(ola))!.id }));
    expect(note!.activity.text).toContain('Support from team lead');
    expect(w.connector.updated.length).toBe(updates);
    const [refused] = await post(w, channelMessage(w.connector.url, 'pulse pause', { from: ola }));
    expect(refused!.activity.text).toMatch(/lead/i);
  });
});
