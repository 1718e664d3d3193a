import { CITATION_LIMITS, renderAnswer } from '../../../src/channels/teams/render-answer';
import type { Answer, Citation } from '../../../src/core/answers/answer';

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  id: `doc${n}.md#h`,
  path: `doc${n}.md`,
  title: `Document ${n}`,
  heading: `Heading ${n}`,
  quote: `Quote ${n}.`,
  lang: 'en',
  stale: false,
  ...extra,
});

const answer = (extra: Partial<Answer> = {}): Answer => ({
  question: 'q',
  lang: 'en',
  abstained: false,
  text: 'First claim [1]. Second claim [2].',
  citations: [citation(1), citation(2)],
  mode: 'llm',
  notes: [],
  offerCurators: false,
  elapsedMs: 1,
  ...extra,
});

type Claim = { position: number; appearance: { name: string; abstract: string; url?: string; keywords?: string[] } };
const claims = (a: ReturnType<typeof renderAnswer>) => (a.entities?.[0] as unknown as { citation: Claim[] }).citation;

describe('renderAnswer (Teams)', () => {
  test('the pop-up card of a source shows its quote as written: no markdown link, no mention made of it', () => {
    const quote = 'Return it at [the return page](https://evil.example/login) or ask <at>Kari</at>.';
    const a = renderAnswer(answer({ text: 'Claim [1].', citations: [citation(1, { quote })] }));
    const card = JSON.parse((claims(a)[0]!.appearance as unknown as { text: string }).text) as { body: { text: string }[] };
    const shown = card.body[0]!.text;
    expect(shown).not.toMatch(/\]\(https?:/);
    expect(shown).not.toContain('<at>');
    expect(shown.replace(/\u2060/g, '')).toBe('Return it at [the return page](https://evil.example/login) or ask ‹at>Kari‹/at>.');
  });

  test('each [n] marker has the Claim whose position is n, and only those', () => {
    const a = renderAnswer(answer({ text: 'Only the second [2].' }));
    expect(claims(a).map((c) => c.position)).toEqual([2]);
    expect(a.text).toContain('[2]');
  });

  test('a link or a tag in the answer or a note (the asker\'s words quoted back) is shown as text; the [n] markers stay', () => {
    const a = renderAnswer(answer({ text: 'First claim [1]. [Verify](https://evil.example) <at>Kari</at>', notes: ['Read with: “[LED lamps](https://evil.example/login)? [x][ref] [ref]: https://evil.example”'] }));
    expect(a.text).not.toMatch(/\]\s*[([:]/);
    expect(a.text).not.toContain('<at>');
    expect(a.text).toContain('First claim [1].');
    expect(a.text).toContain('https://evil.example/login');
    expect(claims(a).map((c) => c.position)).toEqual([1]);
  });

  test('long titles, quotes and headings are cut to Teams’ limits', () => {
    const long = citation(1, { title: 'T'.repeat(200), quote: 'word '.repeat(100), heading: 'A heading much longer than twenty-eight characters' });
    const [c] = claims(renderAnswer(answer({ text: 'x [1]', citations: [long] })));
    expect(c!.appearance.name.length).toBeLessThanOrEqual(CITATION_LIMITS.name);
    expect(c!.appearance.abstract.length).toBeLessThanOrEqual(CITATION_LIMITS.abstract);
    for (const k of c!.appearance.keywords ?? []) expect(k.length).toBeLessThanOrEqual(CITATION_LIMITS.keyword);
  });

  test('only http(s) sources become links', () => {
    const a = renderAnswer(answer({ citations: [citation(1, { source: 'https://example.org/x' }), citation(2, { source: 'javascript:alert(1)' })] }));
    expect(claims(a).map((c) => c.appearance.url)).toEqual(['https://example.org/x', undefined]);
  });

  test('an abstention has no AI entity, keeps the feedback buttons, and says it went to the curators', () => {
    const a = renderAnswer(answer({ abstained: true, text: 'Det finner jeg ikke.', citations: [], lang: 'nb', offerCurators: true }), { curators: 'noted' });
    expect(a.entities ?? []).toHaveLength(0);
    expect(a.channelData).toEqual({ feedbackLoopEnabled: true });
    expect(a.text).toContain('kuratorene');
  });

  test('a reply to thanks, a greeting or a message that asks nothing has no feedback buttons', () => {
    const a = renderAnswer(answer({ abstained: true, abstainReason: 'social', text: 'Varsågod!', citations: [], lang: 'sv' }));
    expect(a.channelData).toEqual({ feedbackLoopEnabled: false });
    expect(a.text).toBe('Varsågod!');
    expect(renderAnswer(answer({ abstained: true, abstainReason: 'empty', text: 'Vad undrar du över?', citations: [], lang: 'sv' })).channelData).toEqual({ feedbackLoopEnabled: false });
    // a message refused as too long or as an attempt to change Kompis answers nothing to rate
    for (const abstainReason of ['too_long', 'prompt_injection'] as const) {
      expect(renderAnswer(answer({ abstained: true, abstainReason, text: 'Nei.', citations: [] })).channelData).toEqual({ feedbackLoopEnabled: false });
    }
  });

  test('quotes open by saying what they are, and where the evidence is thin, that they are the closest the store has', () => {
    const first = (a: Answer) => renderAnswer(a).text!.split('\n\n')[0];
    expect(first(answer({ mode: 'extractive' }))).toBe('_This is what the knowledge store says:_');
    expect(first(answer({ mode: 'extractive', tentative: true, lang: 'sv' }))).toBe('_Det här är det närmaste kunskapsbasen har. Kontrollera att det svarar på frågan innan du använder det:_');
    expect(first(answer({ mode: 'llm', tentative: true }))).toBe('_This is the closest the knowledge store has. Check that it answers the question before you use it:_');
    expect(first(answer({ mode: 'llm' }))).toBe('First claim [1]. Second claim [2].');
  });

  test('knowledge text cannot smuggle in a mention', () => {
    expect(renderAnswer(answer({ text: '<at>Everyone</at> [1]' })).text).not.toContain('<at>');
  });
});
