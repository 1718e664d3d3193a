import { clip, clipMrkdwn, splitText } from '../../../src/channels/slack/mrkdwn';
import { renderNotice, renderSummary } from '../../../src/channels/slack/render-messages';
import type { Answer } from '../../../src/core/answers/answer';
import { AnswerService } from '../../../src/core/answers/service';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import type { PulseSummaryMessage } from '../../../src/core/messages';
import { silentLogger } from '../../../src/core/ports';
import { eventCallback, mention } from '../../fakes/slack/payloads';
import { documentsOf, fixedClock } from '../../helpers';
import { startHarness } from './harness';

/** A character cut in two: a high surrogate not followed by a low one, or a low one not after a high one. */
const BROKEN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;

/** An answer of the given text, citing one document. */
const answerOf = (text: string): Answer => ({
  question: 'q?',
  lang: 'en',
  abstained: false,
  text,
  citations: [{ n: 1, id: 'en/a.md#a', path: 'en/a.md', title: 'A', heading: 'A', quote: 'q', lang: 'en', stale: false }],
  mode: 'llm',
  notes: [],
  offerCurators: false,
  elapsedMs: 1,
});

/**
 * Where Kompis shortens or splits text for Slack, it never cuts an escape (`&lt;`) or a character
 * (an emoji is two UTF-16 units) in two: what is posted through Bolt's WebClient to the fake Slack
 * shows no half-written markup and no broken sign.
 */
describe('Slack: text shortened or split whole', () => {
  async function posted(text: string): Promise<{ text: string; sections: string[] }> {
    const h = await startHarness('socket', { answers: { ask: async () => answerOf(text) } });
    try {
      const ev = mention('anything?');
      await h.deliver(eventCallback(ev));
      await h.slack.waitFor(() => h.slack.posted.some((p) => p.threadTs === ev.ts), 5000, 'the answer');
      const m = h.slack.posted.find((p) => p.threadTs === ev.ts)!;
      const blocks = m.blocks as { type: string; text?: { text: string } }[];
      return { text: String(m.text), sections: blocks.filter((b) => b.type === 'section').map((b) => b.text!.text) };
    } finally {
      await h.close();
    }
  }

  test("a long answer's notification text ends before an escape it would cut, not in the middle of it", async () => {
    const { text } = await posted(`${'a'.repeat(2997)}<b> more [1]`);
    expect(text).toBe(`${'a'.repeat(2997)}…`);
  });

  test("an emoji where a long answer is shortened or split is kept whole or left to the next part", async () => {
    // the notification text is cut at 2,999 characters, here inside the first emoji
    const { text } = await posted(`${'a'.repeat(2998)}${'😀'.repeat(20)} [1]`);
    expect(text).not.toMatch(BROKEN);
    expect(text).toBe(`${'a'.repeat(2998)}…`);
    // the first section ends at 3,000 characters, here inside the first emoji
    const { sections } = await posted(`${'a'.repeat(2999)}${'😀'.repeat(20)} [1]`);
    for (const s of sections) expect(s).not.toMatch(BROKEN);
    expect(sections).toEqual(['a'.repeat(2999), `${'😀'.repeat(20)} [1]`]);
  });

  test('the title of a document written with HTML is named by its words', async () => {
    const store = documentsOf({ 'en/batteries.md': '---\ntitle: Battery <b>recycling</b> &amp; returns\nlang: en\n---\n## Where batteries go\nUsed batteries are collected in the red box at the checkout.\n' });
    const service = new AnswerService({ index: new KnowledgeIndex(store), clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger });
    const h = await startHarness('socket', { answers: service });
    try {
      const ev = mention('Where do used batteries go?');
      await h.deliver(eventCallback(ev));
      await h.slack.waitFor(() => h.slack.posted.some((p) => p.threadTs === ev.ts), 5000, 'the answer');
      expect(JSON.stringify(h.slack.posted.find((p) => p.threadTs === ev.ts)!.blocks)).toContain('*[1]* Battery recycling &amp; returns — Where batteries go (`en/batteries.md`)');
    } finally {
      await h.close();
    }
  });

  test('a summary or notice section shortened to 3,000 characters ends before an escape or a mention it would cut', () => {
    const themes = (text: string): string => {
      const m: PulseSummaryMessage = { kind: 'pulse-summary', lang: 'en', title: 'Pulse', responseLine: '5 of 5', questions: [], comments: [], commentsTitle: 'Comments', footer: 'f', themes: text };
      const blocks = renderSummary(m).blocks as { type: string; text?: { text: string } }[];
      return blocks.filter((b) => b.type === 'section').at(-1)!.text!.text;
    };
    expect(themes(`${'a'.repeat(2997)} & more`)).toBe(`${'a'.repeat(2997)} …`);
    expect(clipMrkdwn(`${'a'.repeat(10)} <@U0KARI01> said`, 14)).toBe(`${'a'.repeat(10)} …`);
    expect(clipMrkdwn(`${'a'.repeat(10)} &amp; b`, 17)).toBe(`${'a'.repeat(10)} &amp;…`);
    expect(clip(`${'a'.repeat(9)}😀😀`, 11)).toBe(`${'a'.repeat(9)}…`);
    expect(splitText(`${'a'.repeat(9)}😀😀`, 10)).toEqual(['a'.repeat(9), '😀😀']);
  });

  test("a long text split into sections never cuts a mention or a link in two; a link longer than a section shows as its label", () => {
    // no boundary in the second half of the piece: the limit falls inside the mention
    expect(splitText(`${'a'.repeat(25)}<@U0KARI01>${'b'.repeat(20)}`, 30)).toEqual(['a'.repeat(25), `<@U0KARI01>${'b'.repeat(19)}`, 'b']);
    // the last space before the limit is inside the link's label
    const link = '<https://example.com/recycling|Battery recycling and returns>';
    expect(splitText(`${'word '.repeat(6)}${link} more`, 70)).toEqual([`${'word '.repeat(6).trim()}`, `${link} more`]);
    // a link longer than a section on its own, its label with an escape, and a person named with their name
    expect(splitText(`<https://example.com/${'x'.repeat(80)}|Recycling &amp; returns> and <@U0KARI01|kari> ${'c'.repeat(30)}`, 50)).toEqual(['Recycling &amp; returns and <@U0KARI01|kari>', 'c'.repeat(30)]);
    // what a notice shows: every mention whole in its section
    const notice = renderNotice({ kind: 'notice', lang: 'en', tone: 'info', lines: [`${'x'.repeat(2975)}{@U0KARI01}${'y'.repeat(100)}`] });
    const [first, second, ...more] = (notice.blocks as { text: { text: string } }[]).map((b) => b.text.text);
    expect([first?.length, first?.endsWith('xxx'), second, more]).toEqual([':information_source: '.length + 2975, true, `<@U0KARI01>${'y'.repeat(100)}`, []]);
  });
});
