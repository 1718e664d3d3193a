import { escapeMrkdwn, mrkdwnLink, slackQuestion, slackTextToPlain, splitText } from '../../../src/channels/slack/mrkdwn';
import { blockText, LIMITS, renderAnswer, renderLiveText } from '../../../src/channels/slack/render-answer';
import type { Answer, Citation } from '../../../src/core/answers/answer';

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n, id: `doc${n}.md#h`, path: `doc${n}.md`, title: `Doc ${n}`, heading: 'Heading', quote: 'q', lang: 'en', stale: false, ...extra,
});

const answer = (extra: Partial<Answer> = {}): Answer => ({
  question: 'q?', lang: 'en', abstained: false, text: 'An answer [1]', citations: [citation(1)], mode: 'extractive', notes: [], offerCurators: false, elapsedMs: 1, ...extra,
});

describe('renderAnswer', () => {
  test('a long answer is split into sections of at most 3,000 characters and messages of at most 50 blocks, buttons last', () => {
    const text = Array.from({ length: 4000 }, (_, i) => `Sentence ${i} about recycling & reuse.`).join(' ');
    const messages = renderAnswer(answer({ text, citations: Array.from({ length: 25 }, (_, i) => citation(i + 1)) }), { curators: true });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      // Slack refuses a message whose blocks hold about 12,000 characters of text in all
      expect(blockText(m.blocks)).toBeLessThanOrEqual(LIMITS.textPerMessage);
      for (const b of m.blocks) if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    const sections = messages.flatMap((m) => m.blocks).filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(sections.join(' ').replace(/\s+/g, ' ')).toBe(escapeMrkdwn(text));
    expect(messages.at(-1)!.blocks.at(-1)!.type).toBe('context_actions');
    expect(messages.slice(0, -1).some((m) => JSON.stringify(m.blocks).includes('feedback_buttons'))).toBe(false);
  });

  test('an answer of 20,000 characters goes in messages of at most 10,000 characters of text each, the buttons on the last; its live text stops before one message would hold too much', () => {
    const text = Array.from({ length: 500 }, (_, i) => `Sentence ${i} about repair.`).join(' ');
    const messages = renderAnswer(answer({ text }), { curators: true });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(blockText(m.blocks)).toBeLessThanOrEqual(LIMITS.textPerMessage);
    expect(messages.at(-1)!.blocks.at(-1)!.type).toBe('context_actions');
    expect(renderLiveText(text.slice(0, 9_000))).toBeDefined();
    expect(renderLiveText(text)).toBeUndefined();
  });

  test('a reply to thanks or a greeting is the text alone: nothing to rate, nothing for the curators', () => {
    const blocks = renderAnswer(answer({ abstained: true, abstainReason: 'social', text: 'Bare hyggelig!', citations: [], lang: 'nb' }), { curators: true }).flatMap((m) => m.blocks);
    expect(blocks.map((b) => b.type)).toEqual(['section']);
    const empty = renderAnswer(answer({ abstained: true, abstainReason: 'empty', text: 'Hva lurer du på?', citations: [], lang: 'nb' }), { curators: true }).flatMap((m) => m.blocks);
    expect(empty.map((b) => b.type)).toEqual(['section']);
    // an abstention keeps its buttons
    expect(JSON.stringify(renderAnswer(answer({ abstained: true, abstainReason: 'no_evidence', text: 'Ikke i kunnskapsbasen.', citations: [], offerCurators: true }), { curators: true }))).toContain('feedback_buttons');
    // a message refused as too long or as an attempt to change Kompis answers nothing to rate
    for (const abstainReason of ['too_long', 'prompt_injection'] as const) {
      expect(JSON.stringify(renderAnswer(answer({ abstained: true, abstainReason, text: 'Nei.', citations: [] }), { curators: true }))).not.toContain('feedback_buttons');
    }
  });

  test('sources link to their public URL, else name the document path; stale ones are flagged with the note', () => {
    const [m] = renderAnswer(
      answer({
        citations: [citation(1, { source: 'https://example.com/a?x=1&y=2' }), citation(2, { stale: true, title: 'Old <doc>' }), citation(3, { title: 'Intro', heading: 'Intro' })],
        notes: ['⚠️ [2] Old <doc> was last reviewed over 12 months ago.'],
      }),
      { curators: true },
    );
    const json = JSON.stringify(m!.blocks);
    // a document's introduction is named by its title once
    expect(json).toContain('*[3]* Intro (`doc3.md`)');
    expect(json).toContain('<https://example.com/a?x=1&amp;y=2|Doc 1 — Heading>');
    expect(json).toContain('Old &lt;doc&gt; — Heading (`doc2.md`) :warning:');
    expect(json).toContain('⚠️ [2] Old &lt;doc&gt; was last reviewed');
  });

  test('an abstention carries the curator button only when a curator channel is set', () => {
    const abstention = answer({ abstained: true, offerCurators: true, citations: [], text: 'Not in the store.' });
    expect(JSON.stringify(renderAnswer(abstention, { curators: true }))).toContain('kompis_send_to_curators');
    expect(JSON.stringify(renderAnswer(abstention, { curators: false }))).not.toContain('kompis_send_to_curators');
  });

  test('quotes open by saying what they are, and where the evidence is thin, that they are the closest the store has, to be checked', () => {
    const intro = (a: Answer) => JSON.stringify(renderAnswer(a, { curators: false })[0]!.blocks[0]);
    expect(intro(answer())).toContain('This is what the knowledge store says:');
    expect(intro(answer({ tentative: true }))).toContain('This is the closest the knowledge store has. Check that it answers the question before you use it:');
    expect(intro(answer({ tentative: true, lang: 'da' }))).toContain('Dette er det nærmeste, vidensbasen har.');
    // a model's answer from the closest the store has opens with the same line, and a sure one with none
    expect(intro(answer({ tentative: true, mode: 'llm' }))).toContain('This is the closest the knowledge store has. Check that it answers the question before you use it:');
    expect(intro(answer({ mode: 'llm' }))).not.toContain('knowledge store');
    // and it can be sent to the curators, as an abstention can
    const buttons = (a: Answer) => JSON.stringify(renderAnswer(a, { curators: true }));
    expect(buttons(answer({ tentative: true, offerCurators: true }))).toContain('kompis_curators');
    expect(buttons(answer())).not.toContain('kompis_curators');
  });

  test('knowledge text cannot ping anyone', () => {
    const [m] = renderAnswer(answer({ text: 'Tell <!channel> and <@U123> & <https://evil.example|click> [1]' }), { curators: false });
    expect(JSON.stringify(m)).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
  });
});

describe('mrkdwn helpers', () => {
  test('Slack text to plain: own mention removed, others named, escaping undone', () => {
    expect(slackTextToPlain('<@UKOMPIS01> hi <@U2|kari> in <#C1|team> see <https://x.example|this> &lt;b&gt; &amp; <!here>', 'UKOMPIS01')).toBe('hi @kari in #team see this <b> & @here');
  });

  test("a question's emoji are not its words; times, ratios, links and code names keep their colons", () => {
    expect(slackQuestion('<@UKOMPIS01> :wave:is it open :thinking_face: :+1::skin-tone-2:?', 'UKOMPIS01')).toBe('is it open ?');
    expect(slackQuestion('open 10:30:00 to 18:00, mix 1:2:3, see <https://x.example/a:b:c>, key:value:x', 'UKOMPIS01')).toBe('open 10:30:00 to 18:00, mix 1:2:3, see https://x.example/a:b:c, key:value:x');
    // a colon after a Nordic letter starts no emoji either
    expect(slackQuestion('pris på:ja:nei, kö:ab:c, Ærø:x:y', 'UKOMPIS01')).toBe('pris på:ja:nei, kö:ab:c, Ærø:x:y');
  });

  test('splitText never cuts an escape in two', () => {
    const text = escapeMrkdwn('&'.repeat(100));
    for (const piece of splitText(text, 23)) expect(piece).toMatch(/^(&amp;)+$/);
  });

  test('links only to http(s)', () => {
    expect(mrkdwnLink('javascript:alert(1)', 'x')).toBe('x');
    expect(mrkdwnLink('https://a.example/p|q>r', 'a|b')).toBe('<https://a.example/p%7Cq%3Er|a¦b>');
  });
});
