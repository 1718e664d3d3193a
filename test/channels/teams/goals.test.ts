import { BOT, startTeams, cardSubmit, channelMessage, GENERAL, mentionSpan, personalConversationOf, quotingReply } from './harness';
import { AGENTS, cardOf, cardText, elementsOf, LEAD, mentionsOf, teamWorld, type TeamWorld } from './world';

const OLA = AGENTS[0]!;
const INGRID = AGENTS[1]!;
const TEAM = `teams:${GENERAL}`;

/** Posts and waits until the connector has `n` more messages than before. */
async function say(w: TeamWorld, activity: Record<string, unknown>, more = 1): Promise<ReturnType<TeamWorld['connector']['messages']>> {
  const before = w.connector.messages().length;
  const res = await w.h.post(activity);
  expect(res.status).toBe(200);
  await w.connector.waitFor(() => w.connector.messages().length >= before + more, 5000, `${more} message(s)`);
  return w.connector.messages().slice(before);
}

const GOAL_FORM = { kompis: 'goal-new', title: 'CSAT to 4.5', metric: 'CSAT', start: '4.2', target: '4.5', unit: 'points', direction: 'higher', due: '2026-12-31', owner: LEAD.aadObjectId, why: 'Customers notice' };

async function createGoal(w: TeamWorld): Promise<string> {
  const sent = await say(w, cardSubmit(w.connector.url, GOAL_FORM, { from: LEAD }), 2);
  const goalCard = sent.find((s) => s.conversationId === GENERAL && cardOf(s));
  const goals = await w.h.store.goals.listGoals(TEAM);
  expect(goals).toHaveLength(1);
  expect(goalCard).toBeDefined();
  return goals[0]!.id;
}

describe('goals and kudos in Teams', () => {
  let w: TeamWorld;
  beforeEach(async () => {
    w = await teamWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  test('`goal new` replies with the form; its submit creates the goal, confirms it, and posts the goal card in the channel', async () => {
    const [form] = await say(w, channelMessage(w.connector.url, 'goal new', { from: LEAD }));
    const card = cardOf(form!)!;
    const inputs = Object.fromEntries(elementsOf(card).filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e]));
    expect(Object.keys(inputs).sort()).toEqual(['due', 'direction', 'metric', 'owner', 'start', 'target', 'title', 'unit', 'why'].sort());
    expect(inputs.due!.type).toBe('Input.Date');
    expect(inputs.direction).toMatchObject({ type: 'Input.ChoiceSet', value: 'higher', choices: [{ value: 'higher' }, { value: 'lower' }] });
    // the owner is a people picker with the sender chosen
    expect(inputs.owner).toMatchObject({ value: LEAD.aadObjectId, 'choices.data': { type: 'Data.Query' }, choices: [{ title: LEAD.name, value: LEAD.aadObjectId }] });
    expect(elementsOf(card).find((e) => e.type === 'Action.Submit')).toMatchObject({ data: { kompis: 'goal-new' } });
    // the card checks what a goal needs before it is sent, with core's words and limits
    expect(inputs.title).toMatchObject({ type: 'Input.Text', maxLength: 150, isRequired: true, errorMessage: 'No title: what does the team want to achieve?' });
    expect(inputs.why).toMatchObject({ isMultiline: true, maxLength: 1000 });
    expect(inputs.why).not.toHaveProperty('isRequired');

    const sent = await say(w, cardSubmit(w.connector.url, GOAL_FORM, { from: LEAD, replyToId: form!.id }), 2);
    const confirmation = sent.find((s) => !cardOf(s))!;
    expect(confirmation.activity.text).toContain('The goal is saved');
    const goalCard = sent.find((s) => cardOf(s))!;
    // a new post in the channel, not a reply in the command's thread
    expect(goalCard.conversationId).toBe(GENERAL);
    expect(cardText(cardOf(goalCard))).toContain('CSAT to 4.5');
    expect(mentionsOf(cardOf(goalCard))).toEqual([{ type: 'mention', text: `<at>${LEAD.name}</at>`, mentioned: { id: LEAD.aadObjectId, name: LEAD.name } }]);
    expect(elementsOf(cardOf(goalCard)).find((e) => e.type === 'Action.Submit')).toMatchObject({ data: { kompis: 'goal-progress', goalId: expect.any(String) } });
  });

  test('a form with SMART problems is refused in the sender’s language, and nothing is created', async () => {
    const [reply] = await say(w, cardSubmit(w.connector.url, { kompis: 'goal-new', title: 'Bättre', due: '2020-01-01' }, { from: LEAD, locale: 'sv-SE' }));
    expect(reply!.activity.text).toContain('Inte mätbart');
    expect(reply!.activity.text).toContain('Slutdatumet har redan passerat');
    expect(await w.h.store.goals.listGoals(TEAM)).toEqual([]);
  });

  test('goal numbers that are not finite or too large are named on their field, not met with an apology, and nothing is created', async () => {
    const [reply] = await say(w, cardSubmit(w.connector.url, { ...GOAL_FORM, start: 'abc', target: '9'.repeat(401) }, { from: LEAD }));
    expect(reply!.activity.text).toContain('Start value: Write a number');
    expect(reply!.activity.text).toContain('Target: Write a number');
    expect(await w.h.store.goals.listGoals(TEAM)).toEqual([]);
    await createGoal(w);
    const [huge] = await say(w, channelMessage(w.connector.url, `goal progress 1 ${'9'.repeat(401)}`, { from: LEAD }));
    expect(huge!.activity.text).toContain('Use: /kompis goal progress');
    expect((await w.h.store.goals.listGoals(TEAM))[0]!.current).toBe(4.2);
  });

  test('progress that crosses the target posts exactly one celebration in the channel, thanking who helped', async () => {
    await createGoal(w);
    // Ola logs progress from the goal card's form, Kari then reaches the target with the command
    const [fromCard] = await say(w, cardSubmit(w.connector.url, { kompis: 'goal-progress', goalId: (await w.h.store.goals.listGoals(TEAM))[0]!.id, value: '4,3' }, { from: OLA }));
    expect(fromCard!.activity.text).toContain('now 4.3 points');
    const before = w.connector.messages().length;
    await say(w, channelMessage(w.connector.url, 'goal progress 1 4.5', { from: LEAD }), 2);
    await say(w, channelMessage(w.connector.url, 'goal progress 1 4.6', { from: INGRID }));
    const after = w.connector.messages().slice(before);
    const celebrations = after.filter((s) => cardText(cardOf(s) ?? {}).includes('Goal reached'));
    expect(celebrations).toHaveLength(1);
    expect(celebrations[0]!.conversationId).toBe(GENERAL);
    const mentioned = mentionsOf(cardOf(celebrations[0]!)).map((m) => m.mentioned.id);
    expect(mentioned).toEqual(expect.arrayContaining([OLA.aadObjectId, LEAD.aadObjectId]));
    const text = cardText(cardOf(celebrations[0]!));
    for (const m of mentionsOf(cardOf(celebrations[0]!))) expect(text).toContain(m.text);
    expect(text).toContain(`Thanks to`);
  });

  test('a goal past its due date gets one private note to its owner, in a chat Kompis opens even if they never wrote to it', async () => {
    await say(w, cardSubmit(w.connector.url, { ...GOAL_FORM, owner: INGRID.aadObjectId }, { from: LEAD }), 2);
    const before = w.connector.messages().length;
    w.clock.t = new Date('2027-01-01T12:00:00Z');
    await w.goals.tick();
    await w.goals.tick();
    const sent = w.connector.messages().slice(before);
    expect(sent.map((s) => s.conversationId)).toEqual([personalConversationOf(INGRID)]);
    expect(String(sent[0]!.activity.text)).toContain('CSAT to 4.5');
    expect(w.connector.created.map((c) => c.body.members)).toEqual([[{ id: INGRID.id }]]);
  });

  test('kudos to a mentioned colleague is posted in the channel with both mentioned', async () => {
    const sent = await say(w, channelMessage(w.connector.url, `kudos <at>${OLA.name}</at> for staying calm on a tough call`, { from: LEAD, mentions: [OLA] }), 2);
    const kudos = sent.find((s) => cardOf(s))!;
    expect(kudos.conversationId).toBe(GENERAL);
    expect(cardText(cardOf(kudos))).toContain('staying calm on a tough call');
    expect(mentionsOf(cardOf(kudos)).map((m) => [m.text, m.mentioned.id])).toEqual([
      [`<at>${LEAD.name}</at>`, LEAD.aadObjectId],
      [`<at>${OLA.name}</at>`, OLA.aadObjectId],
    ]);
    expect(sent.find((s) => !cardOf(s))!.activity.text).toContain("Kudos shared in the team's channel");
    const stored = await w.h.store.goals.listKudos(TEAM, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(stored.map((k) => [k.from, k.to])).toEqual([[LEAD.aadObjectId, OLA.aadObjectId]]);
  });

  test('kudos to a colleague whose mention Teams writes a name at a time is given to that colleague, for what follows the name', async () => {
    // Teams may write a mention of a name with a space as one <at> a part, each part an entity of the same person
    const [first, last] = OLA.name.split(' ');
    const message = channelMessage(w.connector.url, `kudos <at>${first}</at>&nbsp;<at>${last}</at> for staying calm on a tough call`, { from: LEAD });
    const parts = [first, last].map((part) => ({ type: 'mention', text: `<at>${part}</at>`, mentioned: { id: OLA.id, name: OLA.name } }));
    const sent = await say(w, { ...message, entities: [...(message.entities as object[]), ...parts] }, 2);
    const kudos = sent.find((s) => cardOf(s))!;
    expect(cardText(cardOf(kudos))).toContain('staying calm on a tough call');
    expect(cardText(cardOf(kudos))).not.toContain(`${last} for staying calm`);
    const stored = await w.h.store.goals.listKudos(TEAM, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(stored.map((k) => [k.from, k.to, k.text])).toEqual([[LEAD.aadObjectId, OLA.aadObjectId, 'for staying calm on a tough call']]);
  });

  test('kudos that mention the colleague twice, apart, are given to them, the second mention kept in the text', async () => {
    const mention = { type: 'mention', text: `<at>${OLA.name}</at>`, mentioned: { id: OLA.id, name: OLA.name } };
    const message = channelMessage(w.connector.url, `kudos <at>${OLA.name}</at> for the calm call today, well done <at>${OLA.name}</at>`, { from: LEAD });
    const sent = await say(w, { ...message, entities: [...(message.entities as object[]), mention, mention] }, 2);
    expect(cardText(cardOf(sent.find((s) => cardOf(s))!))).toContain('for the calm call today, well done');
    const stored = await w.h.store.goals.listKudos(TEAM, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(stored.map((k) => [k.from, k.to])).toEqual([[LEAD.aadObjectId, OLA.aadObjectId]]);
  });

  test('kudos sent as a reply that quotes the colleague’s message is posted as the same kudos without the quote', async () => {
    const typed = channelMessage(w.connector.url, `kudos <at>${OLA.name}</at> for staying calm on a tough call`, { from: LEAD, mentions: [OLA] });
    // the message's HTML, which Kompis reads a quoted reply from, has each mention as a span
    const html = `<p>${mentionSpan(0, BOT.name)}&nbsp;kudos ${mentionSpan(1, OLA.name)} for staying calm on a tough call</p>`;
    const sent = await say(w, quotingReply(typed, { from: { id: `8:orgid:${OLA.aadObjectId}`, name: OLA.name }, text: 'Customer calmed down, refund sorted.' }, html), 2);
    const kudos = sent.find((s) => cardOf(s))!;
    expect(kudos.conversationId).toBe(GENERAL);
    expect(cardText(cardOf(kudos))).toContain('staying calm on a tough call');
    expect(sent.find((s) => !cardOf(s))!.activity.text).toContain("Kudos shared in the team's channel");
    const stored = await w.h.store.goals.listKudos(TEAM, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(stored.map((k) => [k.from, k.to, k.text])).toEqual([[LEAD.aadObjectId, OLA.aadObjectId, 'for staying calm on a tough call']]);
  });

  test('kudos written as the usage says, `/kudos @person for …`, is posted, and is no question for the curators', async () => {
    const [usage] = await say(w, channelMessage(w.connector.url, 'kudos for everything', { from: LEAD }));
    expect(usage!.activity.text).toContain('/kudos @person for what they did');
    const sent = await say(w, channelMessage(w.connector.url, `/kudos <at>${OLA.name}</at> for staying calm on a tough call`, { from: LEAD, mentions: [OLA] }), 2);
    expect(cardText(cardOf(sent.find((s) => s.conversationId === GENERAL)!))).toContain('staying calm on a tough call');
    const stored = await w.h.store.goals.listKudos(TEAM, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(stored.map((k) => k.to)).toEqual([OLA.aadObjectId]);
    // with no one mentioned it is the usage again
    const [again] = await say(w, channelMessage(w.connector.url, '/kudos for everything', { from: LEAD }));
    expect(again!.activity.text).toContain('/kudos @person for what they did');
    expect((await w.h.store.curation.latestUnanswered(10)).total).toBe(0);
  });

  test('kudos without anyone mentioned gets the usage, and `goals` lists the team’s goals with bars', async () => {
    const [usage] = await say(w, channelMessage(w.connector.url, 'kudos for everything', { from: LEAD }));
    expect(usage!.activity.text).toContain('kudos @person');
    await createGoal(w);
    const [list] = await say(w, channelMessage(w.connector.url, '/kompis goals', { from: OLA }));
    const text = cardText(cardOf(list!));
    expect(text).toContain('1. CSAT to 4.5');
    expect(text).toMatch(/▱/);
  });
});

describe('Teams without goals and the pulse configured', () => {
  test('the commands say so, and a question is still a question', async () => {
    const h = await startTeams();
    try {
      const before = h.connector.messages().length;
      await h.post(channelMessage(h.connector.url, 'goals'));
      await h.post(channelMessage(h.connector.url, 'pulse now'));
      await h.connector.waitFor(() => h.connector.messages().length >= before + 2);
      const texts = h.connector.messages().slice(before).map((m) => String(m.activity.text));
      expect(texts[0]).toContain('Goals and kudos are not configured');
      expect(texts[1]).toContain('The weekly pulse is not configured');
      await h.post(channelMessage(h.connector.url, 'What does the EU energy label show?'));
      await h.connector.waitFor(() => h.connector.messages().length >= before + 3);
      expect(String(h.connector.messages().at(-1)!.activity.text)).not.toContain('not configured');
    } finally {
      await h.close();
    }
  });
});
