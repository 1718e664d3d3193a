import { cardSubmit, channelMessage, GENERAL } from './harness';
import { AGENTS, cardOf, cardText, LEAD, mentionsOf, teamWorld, type TeamWorld } from './world';

const OLA = AGENTS[0]!;
const TEAM = `teams:${GENERAL}`;
/** A markdown link, as Teams would render it: `[label](target)`. */
const LINK = /\[[^\]]*\]\(/;

async function say(w: TeamWorld, activity: Record<string, unknown>, more = 1): Promise<ReturnType<TeamWorld['connector']['messages']>> {
  const before = w.connector.messages().length;
  const res = await w.h.post(activity);
  expect(res.status).toBe(200);
  await w.connector.waitFor(() => w.connector.messages().length >= before + more, 5000, `${more} message(s)`);
  return w.connector.messages().slice(before);
}

/**
 * What people type is shown as what they typed, through the Agents SDK's CloudAdapter against the
 * fake connector: no link it spells out in markdown, no mention it spells out as `{@id}`, no reply
 * past what Teams takes.
 */
describe('user text in Teams', () => {
  let w: TeamWorld;
  beforeEach(async () => {
    w = await teamWorld();
  });
  afterEach(() => w.close());

  test('a markdown link in kudos is shown as text in the channel card, not as a live link', async () => {
    const sent = await say(w, channelMessage(w.connector.url, `kudos <at>${OLA.name}</at> for [Verify your account here](https://evil.example/login)`, { from: LEAD, mentions: [OLA] }), 2);
    const card = cardOf(sent.find((s) => cardOf(s))!);
    const text = cardText(card);
    expect(text).toContain('Verify your account here');
    expect(text).toContain('https://evil.example/login');
    expect(text).not.toMatch(LINK);
  });

  test("a goal's title, metric and why with markdown links are shown as text on its card", async () => {
    const form = { kompis: 'goal-new', title: '[Claim your bonus](https://evil.example/bonus)', metric: '[CSAT](https://evil.example)', start: '1', target: '5', unit: 'points', direction: 'higher', due: '2026-12-31', owner: LEAD.aadObjectId, why: '[why](javascript:alert(1))' };
    const sent = await say(w, cardSubmit(w.connector.url, form, { from: LEAD }), 2);
    const text = cardText(cardOf(sent.find((s) => cardOf(s))!));
    expect(text).toContain('Claim your bonus');
    expect(text).toContain('javascript:alert(1)');
    expect(text).not.toMatch(LINK);
    const [list] = await say(w, channelMessage(w.connector.url, 'goals', { from: LEAD }));
    expect(cardText(cardOf(list!))).not.toMatch(LINK);
  });

  test('`{@id}` typed in a command is echoed as text, never as a mention', async () => {
    const [reply] = await say(w, channelMessage(w.connector.url, `goal progress {@${OLA.aadObjectId}} 5`, { from: LEAD }));
    expect(reply!.activity.text).not.toContain('<at>');
    expect(reply!.activity.entities ?? []).toEqual([]);
    expect(reply!.activity.text).toContain(OLA.aadObjectId);
    expect(mentionsOf(cardOf(reply!) ?? {})).toEqual([]);
  });

  test('an over-long goal reference is clipped in the reply', async () => {
    const [reply] = await say(w, channelMessage(w.connector.url, `goal progress ${'x'.repeat(10_000)} 5`, { from: LEAD }));
    expect(String(reply!.activity.text).length).toBeLessThan(500);
    expect(await w.h.store.goals.listGoals(TEAM)).toEqual([]);
  });

  test('an HTML link in kudos is shown as text too', async () => {
    const sent = await say(w, channelMessage(w.connector.url, `kudos <at>${OLA.name}</at> for <a href="https://evil.example/login">verify</a>`, { from: LEAD, mentions: [OLA] }), 2);
    const text = cardText(cardOf(sent.find((s) => cardOf(s))!));
    expect(text).toContain('verify');
    expect(text).not.toMatch(/<a\b/i);
  });

  test("a goal whose texts are past what a card shows is refused on those fields, and nothing is created", async () => {
    const form = { kompis: 'goal-new', title: 'T'.repeat(100_000), metric: 'CSAT', start: '1', target: '5', unit: 'u'.repeat(500), direction: 'higher', due: '2026-12-31', owner: LEAD.aadObjectId, why: 'w'.repeat(5000) };
    const [reply] = await say(w, cardSubmit(w.connector.url, form, { from: LEAD }));
    const text = String(reply!.activity.text);
    expect(text).toContain('Title: Too long: at most 150 characters.');
    expect(text).toContain('Unit');
    expect(text).toContain('Why it matters: Too long: at most 1,000 characters.');
    expect(text.length).toBeLessThan(1000);
    expect(await w.h.store.goals.listGoals(TEAM)).toEqual([]);
  });
});
