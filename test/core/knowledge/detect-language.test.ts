import { detectLanguage } from '../../../src/core/knowledge/detect-language';

describe('detectLanguage', () => {
  it.each([
    ['Hva sier åpenhetsloven om leverandørene våre?', 'nb'],
    ['Hvad siger Forbrugerombudsmanden om grøn markedsføring?', 'da'],
    ['Kan kunderne aflevere gamle mobiler i butikken?', 'da'],
    ['Var kan kunder lämna gamla mobiler?', 'sv'],
    ['Vad är klimatavtrycket för en bärbar dator?', 'sv'],
    ['Where can customers hand in old phones?', 'en'],
    ["What's the energy label on a TV?", 'en'],
  ] as const)('%s → %s', (q, lang) => {
    expect(detectLanguage(q)).toBe(lang);
  });

  it('lets the store vocabulary and the client hint settle a close call', () => {
    const vocabulary = (w: string) => (w === 'levere' ? (['nb'] as const) : []);
    expect(detectLanguage('levere mobiler', { vocabulary, hint: 'nb' })).toBe('nb');
  });

  it('falls back to the hint when the text says nothing', () => {
    expect(detectLanguage('???', { hint: 'sv' })).toBe('sv');
    expect(detectLanguage('')).toBe('nb');
  });

  it('reads past the English words of a product name', () => {
    expect(detectLanguage('Hvilken fabrikk lager Norda Book 14?')).toBe('nb');
    expect(detectLanguage('Hur länge håller batteriet i Norda Sound Buds?')).toBe('sv');
  });
});
