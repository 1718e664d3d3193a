import { renderDigest, renderNotice, renderSummary } from '../../../src/channels/slack/render-messages';
import type { DigestMessage, PulseSummaryMessage } from '../../../src/core/messages';

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
    const more = /^\+(\d+) …$/.exec(textOf(blocks.at(-2)!));
    expect(more).not.toBeNull();
    expect(shown + Number(more![1])).toBe(600);
    expect(shown).toBeGreaterThan(100);
  });

  test('a summary whose comments fit shows all of them and no count', () => {
    const { blocks } = renderSummary(summary(['Good week', 'Too many calls'])) as { blocks: Block[] };
    const all = blocks.map(textOf).join('\n');
    expect(all).toContain('Good week');
    expect(all).toContain('Too many calls');
    expect(all).not.toMatch(/\+\d+ …/);
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
    expect(shown + Number(/^\+(\d+) …$/.exec(textOf(blocks.at(-2)!))![1])).toBe(900);
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
