import { escapeMrkdwn } from '../../../src/channels/slack/mrkdwn';
import { renderCheckin } from '../../../src/channels/slack/render-checkin';
import { renderHome } from '../../../src/channels/slack/render-home';
import { renderDigest, renderGoalList, renderKudos, renderNotice, renderSummary } from '../../../src/channels/slack/render-messages';
import type { DigestMessage, GoalListMessage, GoalView, PulseCheckinMessage, PulseSummaryMessage } from '../../../src/core/messages';
import { refusal } from '../../fakes/slack/block-kit-limits';

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };

const textOf = (b: Block) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '';

function summary(comments: string[]): PulseSummaryMessage {
  const question = (id: string) => ({ id, label: `Question ${id}`, mean: 3.4, distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: value })), trend: [3.1, 3.4], flagged: false });
  return {
    kind: 'pulse-summary',
    lang: 'en',
    title: 'Pulse week 48',
    responseLine: '600 of 700 answered (86 %)',
    questions: ['a', 'b', 'c', 'd', 'e', 'f'].map(question),
    enps: { score: 20, line: '20' },
    comments,
    commentsTitle: 'Comments',
    footer: 'Only rounds with 5 answers or more are shown.',
  };
}

describe('Slack renderers within the 50-block limit', () => {
  test('a summary with hundreds of long comments keeps its footer and counts the comments it could not show', () => {
    const comments = Array.from({ length: 600 }, (_, i) => `Comment ${i}: ${'the queue was long and the tools were slow '.repeat(8)}`);
    const { blocks } = renderSummary(summary(comments)) as { blocks: Block[] };
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(blocks.at(-1)!)).toContain('Only rounds with 5 answers');
    for (const b of blocks) expect(textOf(b).length).toBeLessThanOrEqual(3000);
    const shown = blocks.map(textOf).join('\n').match(/Comment \d+:/g)!.length;
    const more = /^\+(\d+) more comments$/.exec(textOf(blocks.at(-2)!));
    expect(more).not.toBeNull();
    expect(shown + Number(more![1])).toBe(600);
    // as many as a message takes: Slack refuses one past about 12,000 characters of text
    expect(shown).toBeGreaterThan(0);
  });

  test('a summary whose comments fit shows all of them and no count', () => {
    const { blocks } = renderSummary(summary(['Good week', 'Too many calls'])) as { blocks: Block[] };
    const all = blocks.map(textOf).join('\n');
    expect(all).toContain('Good week');
    expect(all).toContain('Too many calls');
    expect(all).not.toMatch(/\+\d+ more/);
  });

  test('a digest with hundreds of kudos keeps its footer and counts the rest', () => {
    const digest: DigestMessage = {
      kind: 'digest',
      lang: 'en',
      title: 'Wins of week 48',
      reachedTitle: 'Goals reached',
      reached: [],
      kudosTitle: 'Kudos',
      kudos: Array.from({ length: 900 }, (_, i) => ({ from: { id: 'UAGENT001' }, to: { id: 'UAGENT002' }, text: `kudos ${i} ${'for the calm call with a hard customer '.repeat(6)}` })),
      footer: 'No ranking: thank each other.',
    };
    const { blocks } = renderDigest(digest) as { blocks: Block[] };
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(blocks.at(-1)!)).toContain('No ranking');
    const shown = blocks.map(textOf).join('\n').match(/kudos \d+ /g)!.length;
    expect(shown + Number(/^\+(\d+) more kudos$/.exec(textOf(blocks.at(-2)!))![1])).toBe(900);
  });
});

describe('a team with more goals than a message holds', () => {
  const goal = (n: number, reached: boolean): GoalView => ({
    id: `goal-${n}`,
    number: n,
    title: `Goal ${n}`,
    metric: 'CSAT',
    unit: 'points',
    start: 4,
    target: 4.5,
    current: reached ? 4.6 : 4.2,
    direction: 'higher',
    due: '2026-12-31',
    owner: { id: 'ULEAD0001' },
    progress: reached ? 1 : 0.4,
    reached,
    statusLine: '4.2 of 4.5 points',
  });
  // a team a year on: its first 40 goals reached, the 20 it works on now the newest
  const list = (count: number): GoalListMessage => ({
    kind: 'goal-list',
    lang: 'en',
    title: 'Team goals',
    goals: Array.from({ length: count }, (_, i) => goal(i + 1, i < count - 20)),
    empty: 'No goals yet',
    progressLabel: 'Log progress',
  });
  type GoalBlock = Block & { accessory?: { value: string } };
  const numbers = (blocks: GoalBlock[]) => blocks.flatMap((b) => /^\S* ?\*(\d+)\./.exec(b.text?.text ?? '')?.[1] ?? []).map(Number);

  test('the list shows every open goal with its button, then the newest reached ones as room allows, counts the rest in the team language, and Slack takes it', () => {
    const { blocks } = renderGoalList(list(60)) as { blocks: GoalBlock[] };
    expect(refusal('chat.postMessage', { blocks })).toBeUndefined();
    const shown = numbers(blocks);
    expect(blocks.filter((b) => b.accessory).map((b) => b.accessory!.value)).toEqual(Array.from({ length: 20 }, (_, i) => `goal-${i + 41}`));
    // the open goals in their order, then the reached ones newest first: the goals reached last year are the ones left out
    const reached = shown.slice(20);
    expect(shown.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 41));
    expect(reached).toEqual(Array.from({ length: reached.length }, (_, i) => 40 - i));
    expect(textOf(blocks.at(-1)!)).toBe(`+${60 - shown.length} more goals`);
    expect(textOf((renderGoalList({ ...list(60), lang: 'nb' }) as { blocks: GoalBlock[] }).blocks.at(-1)!)).toBe(`+${60 - shown.length} mål til`);
  });

  test('the Home tab shows as many as its 100 blocks hold, with the pulse below them', () => {
    const team = { id: 'slack:CTEAM0001', platform: 'slack', channel: 'CTEAM0001', name: 'team', tz: 'Europe/Oslo', lang: 'en' as const, leads: [], updatedAt: '2026-11-23T09:00:00Z' };
    const view = renderHome('en', team, list(120), ['Fridays at 13:00']);
    expect(refusal('views.publish', { view })).toBeUndefined();
    const blocks = view.blocks as GoalBlock[];
    for (let n = 101; n <= 120; n++) expect(numbers(blocks)).toContain(n);
    expect(textOf(blocks.at(-1)!)).toBe('Fridays at 13:00');
    expect(renderGoalList(list(49)).blocks).toHaveLength(50);
  });
});

describe("a week's reached goals in the digest", () => {
  const reachedGoal = (n: number, title: string): GoalView => ({
    id: `goal-${n}`, number: n, title, metric: 'CSAT', unit: 'poeng', start: 4, target: 4.5, current: 4.6, direction: 'higher', due: '2026-12-31', owner: { id: 'ULEAD0001' }, progress: 1, reached: true, statusLine: 'Nådd',
  });
  const digest = (reached: GoalView[], kudos: number): DigestMessage => ({
    kind: 'digest', lang: 'nb', title: 'Ukens seire, uke 48', reachedTitle: 'Mål nådd', reached, kudosTitle: 'Kudos',
    kudos: Array.from({ length: kudos }, (_, i) => ({ from: { id: 'UAGENT001' }, to: { id: 'UAGENT002' }, text: `kudos ${i} ${'for den rolige samtalen med en vanskelig kunde '.repeat(6)}` })),
    footer: 'Ingen rangering her: hvert bidrag teller.',
  });
  const titles = (blocks: Block[]) => blocks.map(textOf).join('\n').match(/^• Mål \d+ /gm) ?? [];

  test('are all shown, each title whole, when they take more than one section', () => {
    // 30 titles as long as a goal takes: 4,500 characters, more than a section's 3,000
    const reached = Array.from({ length: 30 }, (_, i) => reachedGoal(i + 1, `Mål ${i + 1} ${'kortere svartid på chat og e-post '.repeat(5)}`.slice(0, 150)));
    const { blocks } = renderDigest(digest(reached, 40)) as { blocks: Block[] };
    expect(refusal('chat.postMessage', { blocks })).toBeUndefined();
    const lines = blocks.map(textOf).join('\n').split('\n');
    expect(lines.filter((l) => l.startsWith('• Mål '))).toEqual(reached.map((g) => `• ${g.title}`));
    expect(lines.join('\n')).not.toContain('mål til');
    expect(textOf(blocks.at(-1)!)).toContain('Ingen rangering');
  });

  test('that do not fit the message are counted in the team’s language, below the ones shown, with the kudos and the footer kept', () => {
    // 400 titles of markup: each 750 characters escaped, 4 a section
    const reached = Array.from({ length: 400 }, (_, i) => reachedGoal(i + 1, `Mål ${i + 1} ${'&<>'.repeat(60)}`.slice(0, 150)));
    const { blocks } = renderDigest(digest(reached, 900)) as { blocks: Block[] };
    expect(refusal('chat.postMessage', { blocks })).toBeUndefined();
    const shown = titles(blocks).length;
    const more = blocks.map(textOf).map((t) => /^\+(\d+) mål til$/.exec(t)).find(Boolean);
    expect(more).toBeDefined();
    expect(shown + Number(more![1])).toBe(400);
    // as many as a message takes: Slack refuses one past about 12,000 characters of text
    expect(shown).toBeGreaterThan(0);
    // each title shown is shown whole
    const lines = blocks.map(textOf).join('\n').split('\n').filter((l) => l.startsWith('• Mål '));
    lines.forEach((l, i) => expect(l).toBe(`• ${escapeMrkdwn(reached[i]!.title)}`));
    expect(blocks.map(textOf).join('\n')).toContain('kudos 0 ');
    expect(textOf(blocks.at(-1)!)).toContain('Ingen rangering');
  });
});

describe('kudos shortened', () => {
  test("a kudos' notification text and a digest's line are cut before a person the reason names, never inside the name", () => {
    const digestLine = (text: string) => {
      const { blocks } = renderDigest({ kind: 'digest', lang: 'en', title: 'Wins', reachedTitle: 'Reached', reached: [], kudosTitle: 'Kudos', kudos: [{ from: { id: 'UAGENT001' }, to: { id: 'UAGENT002' }, text }], footer: 'f' }) as { blocks: Block[] };
      return textOf(blocks.at(-2)!);
    };
    for (let pad = 180; pad <= 300; pad += 4) {
      const text = `${'a'.repeat(pad)} and {@UAGENT003} too`;
      const { text: notification } = renderKudos({ kind: 'kudos', lang: 'en', from: { id: 'UAGENT001' }, to: { id: 'UAGENT002' }, text, headline: 'Kudos' });
      for (const shown of [notification, digestLine(text)]) {
        expect(shown).not.toMatch(/\{@|<@[A-Z0-9]*(…|$)/);
        if (!shown.endsWith('…')) expect(shown).toContain('<@UAGENT003> too');
      }
      expect(notification.length).toBeLessThanOrEqual('Kudos: '.length + 200);
    }
  });
});

describe('renderNotice', () => {
  test('the notification text is cut before a mention it would cut, never inside it', () => {
    for (let pad = 780; pad <= 800; pad++) {
      const { text } = renderNotice({ kind: 'notice', lang: 'en', tone: 'success', lines: [`${'a'.repeat(pad)} kudos to {@U0123456789} for the help`] });
      expect(text).not.toMatch(/\{@|<@[A-Z0-9]*…|<@[A-Z0-9]*$/);
      expect(text.length).toBeLessThanOrEqual(800);
    }
  });
});

describe('the check-in redrawn after a tap', () => {
  const checkin: PulseCheckinMessage = {
    kind: 'pulse-checkin', lang: 'nb', roundId: 'r1', deliveryId: 'pulse:r1:checkin', reminder: false, title: 'Ukens puls', intro: 'intro',
    questions: [{ id: 'workload', text: 'Arbeidsmengden min er overkommelig.', values: [1, 2, 3, 4, 5], low: 'Helt uenig', high: 'Helt enig' }],
    commentLabel: 'Noe mer?', commentHint: 'hint', submitLabel: 'Send anonymt', privacy: 'Anonymt',
  };
  const kept = (comment: string) => {
    const { blocks } = renderCheckin(checkin, { picks: { workload: 4 }, comment });
    const input = blocks.find((b) => b.type === 'input') as { element: { initial_value?: string } };
    return input.element.initial_value!;
  };

  test('keeps the comment typed so far, its first 1,000 units cut between two characters', () => {
    expect(kept('Travel uke 👍🏽')).toBe('Travel uke 👍🏽');
    // an emoji of two, four or eight units across the 1,000th: left out whole, the text before it kept
    for (const emoji of ['😊', '👍🏽', '🇳🇴', '👨‍👩‍👧']) {
      for (let pad = 1000 - emoji.length + 1; pad <= 999; pad++) {
        expect(kept(`${'a'.repeat(pad)}${emoji} takk`)).toBe('a'.repeat(pad));
      }
    }
    expect(kept(`${'a'.repeat(998)}😊 takk`)).toBe(`${'a'.repeat(998)}😊`);
  });
});
