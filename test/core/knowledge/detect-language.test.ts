import fs from 'node:fs';
import path from 'node:path';
import { questionLanguage } from '../../../src/core/answers/retrieve';
import { detectLanguage } from '../../../src/core/knowledge/detect-language';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import type { KnowledgeDocument } from '../../../src/core/knowledge/document';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { LanguageProfile } from '../../../src/core/knowledge/language-profile';
import { parseDocument } from '../../../src/core/knowledge/load';

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

  it('lets the store vocabulary vote only among the store’s own languages', () => {
    // a store written in Swedish only: every word a Norwegian question shares with it is Swedish there
    const swedish = new Set(['tar', 'mobiler', 'kan', 'kunden', 'i']);
    const vocabulary = (w: string) => (swedish.has(w) ? (['sv'] as const) : []);
    expect(detectLanguage('tar butikken imot gamle mobiler', { vocabulary, storeLanguages: ['sv'] })).toBe('nb');
    expect(detectLanguage('kan kunden aflevere mobiler i butikken', { vocabulary, storeLanguages: ['sv'] })).toBe('da');
    // in a store of both, the same words tell the two apart
    expect(detectLanguage('kunden har med egen pose', { vocabulary: () => ['nb'] as const, storeLanguages: ['nb', 'sv'] })).toBe('nb');
  });

  it('falls back to the hint when the text says nothing', () => {
    expect(detectLanguage('???', { hint: 'sv' })).toBe('sv');
    expect(detectLanguage('???', { fallback: 'da' })).toBe('da');
    expect(detectLanguage('???', { hint: 'sv', fallback: 'da' })).toBe('sv');
    expect(detectLanguage('')).toBe('nb');
  });

  it("lets the asker's client locale decide where the question's words cannot, and the default only break a tie", () => {
    // every word Norwegian and Danish alike: the general detector leans Danish, unsure
    const shared = 'Hvor kan kunder levere gamle mobiler?';
    expect(detectLanguage(shared)).toBe('da');
    expect(detectLanguage(shared, { hint: 'nb' })).toBe('nb');
    expect(detectLanguage(shared, { fallback: 'nb' })).toBe('da');
    // never against the question's own words
    expect(detectLanguage('Hvad koster det at aflevere en mobil?', { hint: 'nb' })).toBe('da');
    expect(detectLanguage('Var kan kunder lämna gamla mobiler?', { hint: 'en' })).toBe('sv');
    expect(detectLanguage(shared, { hint: 'en' })).toBe('da');
  });

  it('reads past the English words of a product name', () => {
    expect(detectLanguage('Hvilken fabrikk lager Norda Book 14?')).toBe('nb');
    expect(detectLanguage('Hur länge håller batteriet i Norda Sound Buds?')).toBe('sv');
  });

  it('lets the store’s spelling vote only among its own languages, not for a language it lacks', () => {
    // a store written in Norwegian and English, spelling-wise sure a Swedish question is Norwegian
    const spelledIn = () => ({ nb: 0.95, en: 0.05 });
    expect(detectLanguage('Får kunden returnera varan utan kvitto?', { spelledIn })).toBe('sv');
    expect(detectLanguage('Hvor lang tid tager levering?', { spelledIn })).toBe('da');
  });

  it('lets the question’s own words and the store’s spelling outweigh a general detector sure of the wrong language', () => {
    // as a Nordic hotel chain's store spells these words; the general detector reads both as Danish, at 1.00
    const spelledIn = () => ({ nb: 0.43, da: 0.25, sv: 0.19, en: 0.13 });
    expect(detectLanguage('hva er timelønna til en resepsjonist i bergen', { spelledIn })).toBe('nb');
    expect(detectLanguage('selger noen av butikkene i norge egg fra burhøns?', { spelledIn })).toBe('nb');
  });

  it('hears the question word "who" in each language over a store whose spelling leans the other way', () => {
    const spelledIn = () => ({ nb: 0.38, sv: 0.35, da: 0.21, en: 0.06 });
    expect(detectLanguage('vem vann allsvenskan i år?', { spelledIn })).toBe('sv');
  });

  it('reads past a word the store writes as a name, however the question writes it', () => {
    const names = new Set(['trondheim', 'tromsø', 'havn']);
    const isName = (w: string) => names.has(w.toLowerCase());
    expect(detectLanguage('får man rabatt på tåget till trondheim', { isName })).toBe('sv');
    expect(detectLanguage('organic share at tromsø havn breakfast?', { isName })).toBe('en');
  });
});

describe('the store’s own spelling', () => {
  const profile = (texts: Partial<Record<'nb' | 'da' | 'en', string>>) => {
    const p = new LanguageProfile();
    for (const [lang, text] of Object.entries(texts)) for (const w of text.split(' ')) p.add(w, lang as 'nb' | 'da' | 'en');
    return p;
  };
  const many = (text: string) => Array.from({ length: 150 }, () => text).join(' ');

  it('tells two close languages apart by how the same words are spelled', () => {
    const p = profile({ nb: many('hvor mye koster det når posen blir hentet og levert'), da: many('hvor meget koster det når posen bliver hentede og leveret') });
    expect(p.posterior(['meget', 'hentede']).da).toBeGreaterThan(0.5);
    expect(p.posterior(['mye', 'hentet']).nb).toBeGreaterThan(0.5);
  });

  it('votes only among the languages it has enough text in, and not at all with fewer than two', () => {
    const p = profile({ nb: many('hvor mye koster posen'), da: many('hvor meget koster posen'), en: 'how much' });
    expect(Object.keys(p.posterior(['posen'])).sort()).toEqual(['da', 'nb']);
    expect(profile({ nb: many('hvor mye koster posen') }).posterior(['posen'])).toEqual({});
  });

  it('knows a name by the store writing it capitalised inside its sentences, not at the start of one or of a table cell', () => {
    const raw = '---\ntitle: Lading\nlang: nb\n---\nHotellet i Trondheim har lading. Gjester i Trondheim betaler ikke. Hotellet har fire ladere.\n\n| Hotell | Ladere |\n|---|---|\n| Trondheim | 4 |\n';
    const index = new KnowledgeIndex([parseDocument('nb/lading.md', raw) as KnowledgeDocument]);
    expect(index.isName('trondheim')).toBe(true);
    expect(index.isName('hotellet')).toBe(false);
    expect(index.isName('lading')).toBe(false);
    // a table cell is capitalised as a sentence is
    expect(index.isName('ladere')).toBe(false);
  });
});

describe('a store written in one language', () => {
  // the documents of one language of a pack, as a company whose store has no other
  const storeOf = (pack: string, lang: 'nb' | 'da') => {
    const dir = path.join(pack, lang);
    const docs = fs.readdirSync(dir).map((f) => parseDocument(`${lang}/${f}`, fs.readFileSync(path.join(dir, f), 'utf8')) as KnowledgeDocument);
    return new KnowledgeIndex(docs);
  };
  const sample = path.join(__dirname, '../../../knowledge');
  const energy = path.join(__dirname, '../../eval/packs/energy/knowledge');

  it('reads a question written wholly in its words as its language, where Norwegian and Danish read alike', () => {
    expect(questionLanguage('Hvor kan kunder levere gamle mobiler?', storeOf(sample, 'nb'))).toBe('nb');
    expect(questionLanguage('Hvor kan kunder levere gamle mobiler?', storeOf(sample, 'da'))).toBe('da');
    expect(questionLanguage('hvor mange kunder har fastpris på strøm', storeOf(energy, 'nb'))).toBe('nb');
  });

  it('still hears a word of another language the store never uses', () => {
    expect(questionLanguage('Hvad koster det at aflevere gamle mobiler?', storeOf(sample, 'nb'))).toBe('da');
    expect(questionLanguage('Hvad koster strøm med fastpris?', storeOf(energy, 'nb'))).toBe('da');
  });
});

describe('the function words each language spells its own way', () => {
  it('outweigh a store whose Norwegian pages use the question\'s other words: "hvor meget" is Danish', async () => {
    const { index } = await openKnowledge(path.join(__dirname, '../../eval/packs/furniture/knowledge'));
    expect(questionLanguage('hvor meget var scope 1 og 2 faldet i 2023 ift 2019', index)).toBe('da');
    expect(questionLanguage('hvor mye var scope 1 og 2 redusert i 2023 sammenlignet med 2019', index)).toBe('nb');
  });
});

describe('the function words Norwegian and Danish share', () => {
  // "og", "er", "hvordan", "til" are theirs, as "och", "är", "hur", "till" are Swedish; "en", "det",
  // "med" are all three's: a question of such words is no Swedish one
  it.each(['hvordan er garantien på en brukt telefon og en ny?', 'hvordan er det med leveringen til Tromsø?', 'er det med i prisen?'])('%s is Norwegian or Danish', (q) => {
    expect(['nb', 'da']).toContain(detectLanguage(q));
  });

  it('and Swedish shares "av" and "ut" with Norwegian', () => {
    expect(detectLanguage('tar ni emot mobiler av andra märken?')).toBe('sv');
    expect(detectLanguage('går det att skruva ut batteriet?')).toBe('sv');
  });
});
