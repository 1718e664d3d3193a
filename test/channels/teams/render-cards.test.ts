import { byteSize, CARD_BUDGET_BYTES } from '../../../src/channels/teams/cards';
import { parseCommand } from '../../../src/channels/teams/commands';
import { renderMessage } from '../../../src/channels/teams/render-messages';
import type { CelebrationMessage, DigestMessage, GoalListMessage, GoalView, PulseCheckinMessage, PulseSummaryMessage } from '../../../src/core/messages';
import { cardOf, cardText, elementsOf, mentionsOf } from './world';

const card = (a: ReturnType<typeof renderMessage>) => cardOf({ activity: JSON.parse(JSON.stringify(a)) as Record<string, unknown> })!;

const GOAL: GoalView = {
  id: 'g1', number: 1, title: 'CSAT to 4.5', metric: 'CSAT', unit: 'points', start: 4.2, target: 4.5, current: 4.5, direction: 'higher', due: '2026-12-31',
  owner: { id: 'aad-kari' }, progress: 1, reached: true, statusLine: 'Reached 3 Dec 2026: 4.5 points (target 4.5)',
};

describe('Teams Adaptive Card renderers', () => {
  test("a team's name with a markdown link (a group chat's topic) is shown as text in the check-in's title", () => {
    const m: PulseCheckinMessage = {
      kind: 'pulse-checkin', lang: 'en', roundId: 'r1', deliveryId: 'pulse:r1:checkin', reminder: false, title: 'Weekly check-in · [Support](https://evil.example/login)', intro: 'intro',
      questions: [{ id: 'workload', text: 'My workload is manageable.', values: [1, 2, 3, 4, 5], low: 'No', high: 'Yes' }],
      commentLabel: 'More?', commentHint: 'hint', submitLabel: 'Send', privacy: 'Anonymous',
    };
    const text = cardText(card(renderMessage(m)));
    expect(text).toContain('https://evil.example/login');
    expect(text).not.toMatch(/\[[^\]]*\]\(/);
  });

  test('the check-in: one choice set per question, radio buttons for 1–5, a drop-down for 0–10, a 1000-character comment, one submit', () => {
    const m: PulseCheckinMessage = {
      kind: 'pulse-checkin', lang: 'nb', roundId: 'r1', deliveryId: 'pulse:r1:checkin', reminder: false, title: 'Ukens puls', intro: 'intro',
      questions: [
        { id: 'workload', text: 'Arbeidsmengden min er overkommelig.', values: [1, 2, 3, 4, 5], low: 'Helt uenig', high: 'Helt enig' },
        { id: 'enps', text: 'Anbefale teamet?', values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], low: 'Svært lite', high: 'Svært' },
      ],
      commentLabel: 'Noe mer?', commentHint: 'hint', submitLabel: 'Send anonymt', privacy: 'Anonymt',
    };
    const c = card(renderMessage(m));
    expect(c).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const els = elementsOf(c);
    expect(els.filter((e) => e.type === 'Input.ChoiceSet').map((e) => [e.id, e.style, (e.choices as unknown[]).length])).toEqual([
      ['q_workload', 'expanded', 5],
      ['q_enps', 'compact', 11],
    ]);
    expect(els.find((e) => e.type === 'Input.Text')).toMatchObject({ id: 'comment', isMultiline: true, maxLength: 1000 });
    expect(els.filter((e) => e.type === 'Action.Submit')).toEqual([expect.objectContaining({ data: { kompis: 'pulse-answer', roundId: 'r1' } })]);
  });

  test('a long summary stays within what Teams accepts, and says how many comments did not fit', () => {
    const s: PulseSummaryMessage = {
      kind: 'pulse-summary', lang: 'en', title: 'Weekly pulse', responseLine: '240 of 250 answered (96 %)',
      questions: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, label: `Question ${id}`, mean: 3.4, change: -0.6, trend: [4, 3.8, 3.4], flagged: id === 'a', distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: value * 10 })) })),
      enps: { score: 12, line: '12 (promoters 30 %, detractors 18 %)' }, flaggedLine: 'Question a dropped', comments: Array.from({ length: 240 }, (_, i) => `Comment ${i}: ${'the queue was long and the tools were slow '.repeat(6)}`),
      commentsTitle: 'Comments', themes: 'Workload and tools.', footer: 'Shown because 5 or more answered.',
    };
    const activity = renderMessage(s);
    expect(byteSize(activity)).toBeLessThan(CARD_BUDGET_BYTES);
    expect(byteSize(activity)).toBeLessThan(28 * 1024);
    const c = card(activity);
    const text = cardText(c);
    expect(elementsOf(c).filter((e) => e.type === 'FactSet')).toHaveLength(6);
    expect(text).toContain('**Question a**: 3.4 (▼ 0.6) ⚠️');
    expect(text).toContain('▰');
    expect(text).toContain('Comment 0:');
    expect(text).not.toContain('Comment 239:');
    expect(text).toMatch(/\+\d+ more comments/);
  });

  test('mentions: every entity’s text is in the card, people without a known name are not mentioned, and `<at>` in people’s text is defused', () => {
    const m: CelebrationMessage = {
      kind: 'celebration', lang: 'en', deliveryId: 'goal:g1:celebration', headline: 'Goal reached: <at>Boss</at>!', goal: GOAL, took: 'Reached in 23 days.', contributorsLabel: 'Thanks to',
      contributors: [{ id: 'aad-ola', name: 'Ola Hansen' }, { id: 'aad-unknown' }, { id: 'aad-kari' }],
    };
    const names: Record<string, string> = { 'aad-kari': 'Kari Nordmann' };
    const c = card(renderMessage(m, (id) => names[id]));
    const text = cardText(c);
    const entities = mentionsOf(c);
    expect(entities.map((e) => e.mentioned)).toEqual([
      { id: 'aad-kari', name: 'Kari Nordmann' },
      { id: 'aad-ola', name: 'Ola Hansen' },
    ]);
    for (const e of entities) expect(text).toContain(e.text);
    expect(text).toContain('a colleague');
    expect(text.match(/<at>/g)).toHaveLength(3); // the owner and two contributors; never the headline's
    expect(text).not.toContain('<at>Boss');
  });

  test('a notice mentions its `{@id}` people at the activity level, as Teams wants for text', () => {
    const a = renderMessage({ kind: 'notice', lang: 'en', tone: 'success', lines: ['Leads: {@aad-kari}, {@aad-x}.'] }, (id) => (id === 'aad-kari' ? 'Kari Nordmann' : undefined));
    expect(a.text).toBe('✅ Leads: <at>Kari Nordmann</at>, a colleague.');
    expect(a.entities).toEqual([{ type: 'mention', text: '<at>Kari Nordmann</at>', mentioned: { id: 'aad-kari', name: 'Kari Nordmann' } }]);
    expect(a.attachments ?? []).toEqual([]);
  });
});

describe('a team with more goals than a card holds', () => {
  // as long as a goal's title, metric and unit may be, with emoji and letters of two UTF-8 bytes
  const goal = (n: number, reached: boolean): GoalView => ({
    ...GOAL,
    id: `goal-${n}`,
    number: n,
    title: `🎯 Kundetilfredshet før og etter ${'å øke svarprosenten '.repeat(8)}`.slice(0, 150),
    metric: 'CSAT målt på e-post og chat '.repeat(4).slice(0, 100),
    unit: 'poeng på skalaen fra én til fem'.slice(0, 40),
    owner: { id: `aad-owner-${n % 7}`, name: `Person Nummer ${n % 7} Med Et Langt Navn` },
    progress: reached ? 1 : 0.4,
    reached,
    statusLine: reached ? 'Nådd 3. des. 2026: 4,6 poeng på skalaen fra én til fem (mål 4,5)' : '4,2 av 4,5 poeng på skalaen fra én til fem · frist 31. des. 2026',
  });
  // a team a year on: its first goals reached, the 20 it works on now the newest
  const list = (count: number, lang: GoalListMessage['lang'] = 'en'): GoalListMessage => ({
    kind: 'goal-list', lang, title: "The team's goals", goals: Array.from({ length: count }, (_, i) => goal(i + 1, i < count - 20)), empty: 'No goals yet', progressLabel: 'Log progress',
  });
  const numbers = (c: Record<string, unknown>) => elementsOf(c).flatMap((e) => (e.type === 'TextBlock' && /^(?:✅ )?\*\*(\d+)\. /.exec(String(e.text))?.[1]) || []).map(Number);
  const buttons = (c: Record<string, unknown>) => elementsOf(c).flatMap((e) => (e.type === 'Action.Submit' ? [(e.data as { goalId: string }).goalId] : []));

  test('the open goals come first with their forms, then the newest reached ones, as many as Teams takes, and the rest is counted', () => {
    const activity = renderMessage(list(60));
    expect(byteSize(activity)).toBeLessThan(CARD_BUDGET_BYTES);
    const c = card(activity);
    const shown = numbers(c);
    const open = Array.from({ length: 20 }, (_, i) => 41 + i);
    expect(shown.slice(0, 20)).toEqual(open);
    expect(buttons(c)).toEqual(open.map((n) => `goal-${n}`));
    // reached: the newest first, none skipped
    const reached = shown.slice(20);
    expect(reached.length).toBeGreaterThan(0);
    expect(reached).toEqual(Array.from({ length: reached.length }, (_, i) => 40 - i));
    const body = c.body as Record<string, unknown>[];
    expect(body.at(-1)).toMatchObject({ type: 'TextBlock', text: `+${60 - shown.length} more goals` });
    // every mention is of an owner shown
    for (const e of mentionsOf(c)) expect(cardText(c)).toContain(e.text);
  });

  test('in the reader’s language; a list that fits is shown whole, with nothing counted', () => {
    const nb = card(renderMessage(list(60, 'nb')));
    expect((nb.body as Record<string, unknown>[]).at(-1)).toMatchObject({ text: `+${60 - numbers(nb).length} mål til` });
    const few = card(renderMessage(list(22)));
    expect(numbers(few)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 2, 1]);
    expect(cardText(few)).not.toContain('more goal');
  });
});

describe('the weekly wins digest', () => {
  const names: Record<string, string> = { 'aad-ola': 'Ola Hansen', 'aad-ingrid': 'Ingrid Berg' };
  const digest = (reached: number, kudos: number): DigestMessage => ({
    kind: 'digest', lang: 'nb', title: 'Ukens seire, uke 48', reachedTitle: 'Mål nådd',
    reached: Array.from({ length: reached }, (_, i) => ({ ...GOAL, id: `g${i + 1}`, number: i + 1, title: `Mål ${i + 1}: ${'kortere svartid på chat og e-post '.repeat(5)}`.slice(0, 150) })),
    kudosTitle: 'Kudos', kudos: Array.from({ length: kudos }, (_, i) => ({ from: { id: 'aad-ola' }, to: { id: 'aad-ingrid' }, text: `kudos ${i}: ${'for den rolige samtalen med en vanskelig kunde '.repeat(8)}` })),
    footer: 'Ingen rangering her: hvert bidrag teller.',
  });
  const texts = (a: ReturnType<typeof renderMessage>) => ((card(a).body as { text?: string }[]) ?? []).map((e) => e.text ?? '');

  test.each([
    [300, 200],
    [0, 200],
  ])('a busy week (%i goals, %i kudos) stays within what Teams accepts, and counts the goals and kudos it could not show, the goals in the team’s language', (reached, given) => {
    const activity = renderMessage(digest(reached, given), (id) => names[id]);
    expect(byteSize(activity)).toBeLessThan(CARD_BUDGET_BYTES);
    const body = texts(activity);
    const goals = (body.join('\r').match(/^- Mål \d+:/gm) ?? []).length;
    const moreGoals = body.map((t) => /^\+(\d+) mål til$/.exec(t)).find(Boolean);
    expect(goals + Number(moreGoals?.[1] ?? 0)).toBe(reached);
    if (reached) expect(moreGoals).toBeDefined();
    const kudos = body.filter((t) => /: kudos \d+:/.test(t)).length;
    const moreKudos = body.map((t) => /^\+(\d+) kudos til$/.exec(t)).find(Boolean);
    expect(moreKudos).toBeDefined();
    expect(kudos + Number(moreKudos![1])).toBe(given);
    expect(body.at(-1)).toBe('Ingen rangering her: hvert bidrag teller.');
  });

  test('a week that fits is shown whole, every kudos with it', () => {
    const body = texts(renderMessage(digest(3, 45), (id) => names[id]));
    expect((body.join('\r').match(/^- Mål \d+:/gm) ?? []).length).toBe(3);
    expect(body.filter((t) => /: kudos \d+:/.test(t))).toHaveLength(45);
    expect(body.join('\n')).not.toMatch(/^\+\d+/m);
  });
});

describe('Teams commands', () => {
  test('exact forms, with or without /kompis or kompis in front', () => {
    expect(parseCommand('goals')).toEqual({ kind: 'goals' });
    expect(parseCommand('/kompis goal new')).toEqual({ kind: 'goal-new' });
    expect(parseCommand('Kompis  goal progress 2 4,4')).toEqual({ kind: 'goal-progress', ref: '2', amount: { value: 4.4 } });
    expect(parseCommand('goal progress 1 +0.1')).toEqual({ kind: 'goal-progress', ref: '1', amount: { delta: 0.1 } });
    expect(parseCommand('goal progress one')).toEqual({ kind: 'usage', of: 'goal-progress' });
    expect(parseCommand('pulse now')).toEqual({ kind: 'pulse', verb: 'now' });
    expect(parseCommand('/kompis pulse Results')).toEqual({ kind: 'pulse', verb: 'results' });
    // a mention becomes a neutral reference, its index among the message's other mentions
    expect(parseCommand('kudos <at>Sofie</at> for <at>Ola Hansen</at>', ['<at>Ola Hansen</at>'])).toEqual({ kind: 'usage', of: 'kudos' });
    expect(parseCommand('kudos <at>Ola Hansen</at> for a calm call', ['<at>Ola Hansen</at>'])).toEqual({ kind: 'kudos', to: '0', reason: 'for a calm call' });
    expect(parseCommand('kudos <at>Ola Hansen</at>', ['<at>Ola Hansen</at>'])).toEqual({ kind: 'usage', of: 'kudos' });
    expect(parseCommand('help')).toEqual({ kind: 'help' });
    expect(parseCommand('kompis unanswered')).toEqual({ kind: 'unanswered' });
  });

  test('anything else is a question', () => {
    for (const q of ['What are the goals of the EU battery regulation?', 'goals for 2030?', 'pulse oximeter recycling', 'goal', 'kompis']) expect(parseCommand(q)).toBeUndefined();
  });
});
