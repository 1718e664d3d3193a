import { Bm25Index } from '../../../src/core/knowledge/bm25-index';
import { KnowledgeIndex, preferAskersLanguage } from '../../../src/core/knowledge/index';
import { Thesaurus } from '../../../src/core/knowledge/thesaurus';
import { documentsOf } from '../../helpers';

describe('a thesaurus equivalent in another language’s passage', () => {
  it('weighs as the word asked there, and as a synonym in a passage in the asker’s language', () => {
    // passage 0 in the asker's language, 1 in another: both hold the equivalent once
    const bm25 = new Bm25Index([new Map([['trä', 1]]), new Map([['trä', 1]]), new Map([['annat', 1]])]);
    const query = new Map([['trä', 0.6]]);
    const scores = bm25.search(query, 3, { groups: Uint8Array.from([0, 1, 1]), own: 0, weights: new Map([['trä', 1]]) });
    const of = (id: number) => scores.find((s) => s.id === id)!.score;
    expect(of(1) / of(0)).toBeCloseTo(1 / 0.6, 5);
    // without the other languages' weights, one weight for all
    const plain = bm25.search(query, 3);
    expect(plain.find((s) => s.id === 1)!.score).toBeCloseTo(plain.find((s) => s.id === 0)!.score, 5);
  });

  it('lets the word ranker put first the other language’s passage that holds the question’s words in translation, over one in the asker’s language that holds fewer of them', () => {
    const files: Record<string, string> = {
      'sv/tra.md': '---\ntitle: Trä\nlang: sv\n---\n## Var träet kommer ifrån\nVi köper inget trä från Ryssland eller Belarus sedan mars 2022.\n',
      'da/moebler.md': '---\ntitle: Møbler\nlang: da\n---\n## Møbler af træ\nKøber kunden et bord af træ, kan kunden få det leveret.\n',
      'da/levering.md': '---\ntitle: Levering\nlang: da\n---\n## Levering\nKøber kunden online, leverer vi til hele Danmark inden for tre dage.\n',
      'da/retur.md': '---\ntitle: Retur\nlang: da\n---\n## Retur\nKøber kunden noget, der ikke passer, kan det returneres inden for 30 dage.\n',
      'da/gavekort.md': '---\ntitle: Gavekort\nlang: da\n---\n## Gavekort\nKøber kunden et gavekort, gælder det i tre år.\n',
      'sv/leverans.md': '---\ntitle: Leverans\nlang: sv\n---\n## Leverans\nVi levererar till hela Sverige inom tre dagar.\n',
    };
    const docs = documentsOf(files);
    const index = new KnowledgeIndex(docs, new Thesaurus([['træ', 'trä', 'tre', 'wood'], ['rusland', 'ryssland', 'russland', 'russia']]));
    const analysis = index.analyse('køber vi træ fra rusland', 'da');
    const { hits, firsts } = index.search(analysis, 'da');
    // the first ranker is the word ranker (BM25)
    expect(firsts[0]).toBe('sv/tra.md');
    expect(hits[0]!.passage.path).toBe('sv/tra.md');
  });
});

describe('the asker’s language first among equally good passages', () => {
  const passage = (path: string, lang: 'nb' | 'sv') => ({ id: `${path}#a`, path, title: path, heading: path, text: '', lang, tags: [] });
  const hit = (path: string, lang: 'nb' | 'sv', score: number, ngram: number) => ({ passage: passage(path, lang), score, coverage: 1, docCoverage: 1, ngram, missing: [], heaviestMissingIdf: 0 });
  const order = (hits: ReturnType<typeof hit>[], versions: boolean) => {
    preferAskersLanguage(hits, 'sv', () => versions, (h) => h.ngram);
    return hits.map((h) => h.passage.path);
  };

  it('puts the asker’s version of the same page first, or a page as close to the question’s wording', () => {
    expect(order([hit('nb/pant.md', 'nb', 1, 0.3), hit('sv/pant.md', 'sv', 0.95, 0.2)], true)).toEqual(['sv/pant.md', 'nb/pant.md']);
    expect(order([hit('nb/pant.md', 'nb', 1, 0.2), hit('sv/kassar.md', 'sv', 0.95, 0.3)], false)).toEqual(['sv/kassar.md', 'nb/pant.md']);
  });

  it('leaves first the one page that answers in another language, over a page on another topic that only shares the question’s words', () => {
    expect(order([hit('nb/bikuber.md', 'nb', 1, 0.3), hit('sv/frukost.md', 'sv', 0.95, 0.2)], false)).toEqual(['nb/bikuber.md', 'sv/frukost.md']);
  });
});

describe('two documents as versions of one page', () => {
  it('are each other’s closest in their language by the concepts they hold, numbers and names included', () => {
    const files: Record<string, string> = {
      'nb/pant.md': '---\ntitle: Pant\nlang: nb\n---\n## Pant på flasker\nEn flaske under én liter har 2 kroner i pant hos Infinitum. Automaten tar boks og flaske.\n',
      'sv/pant.md': '---\ntitle: Pant\nlang: sv\n---\n## Pant på flaskor\nEn flaska under en liter har 1 krona i pant hos Returpack. Automaten tar burk och flaska.\n',
      'sv/kassar.md': '---\ntitle: Kassar\nlang: sv\n---\n## Kassar\nEn plastkasse kostar 3 kronor. Papperskassen kostar 4 kronor och är gjord av FSC-papper.\n',
      'nb/poser.md': '---\ntitle: Poser\nlang: nb\n---\n## Poser\nEn plastpose koster 3 kroner. Papirposen koster 4 kroner og er laget av FSC-papir.\n',
    };
    const docs = documentsOf(files);
    const index = new KnowledgeIndex(docs, new Thesaurus([['flaske', 'flaska', 'bottle'], ['boks', 'burk', 'can'], ['pose', 'kasse', 'bag'], ['papir', 'papper', 'paper']]));
    expect(index.areVersions('nb/pant.md', 'sv/pant.md')).toBe(true);
    expect(index.areVersions('nb/poser.md', 'sv/kassar.md')).toBe(true);
    expect(index.areVersions('nb/pant.md', 'sv/kassar.md')).toBe(false);
    expect(index.areVersions('nb/pant.md', 'nb/poser.md')).toBe(false);
  });

  it('are not two pages that share nothing, even as the only two of their languages', () => {
    const docs = documentsOf({
      'nb/pant.md': '---\ntitle: Pant\nlang: nb\n---\nFlasker har pant hos Infinitum.\n',
      'en/bees.md': '---\ntitle: Bees\nlang: en\n---\nThe hotel keeps beehives on its roof.\n',
    });
    expect(new KnowledgeIndex(docs).areVersions('nb/pant.md', 'en/bees.md')).toBe(false);
  });
});

describe('a thesaurus phrase asked with a stop word in it', () => {
  it('finds the other language’s passage that writes the phrase, as a passage’s own phrases are read with their stop words', () => {
    const files: Record<string, string> = {
      'en/targets.md': '---\ntitle: Climate targets\nlang: en\n---\n## When\nThe bank aims to reach net zero by 2050.\n',
      'en/loans.md': '---\ntitle: Loans\nlang: en\n---\n## Net interest\nThe net interest on a green loan is lower.\n',
      'en/cards.md': '---\ntitle: Cards\nlang: en\n---\n## Card\nA lost card is blocked in the app.\n',
    };
    const docs = documentsOf(files);
    // "noll" (zero) is one of Swedish's stop words
    const index = new KnowledgeIndex(docs, new Thesaurus([['netto noll', 'nettonoll', 'net zero']]));
    const analysis = index.analyse('när når banken netto noll', 'sv');
    const netto = analysis.concepts.find((c) => c.word === 'netto')!;
    expect(netto.known).toBe(true);
    expect(netto.equivalents).toContain('netzero');
    expect(netto.phrases.map((p) => p.joined)).toEqual(['netzero']);
    // the word alone, asked after, stands for itself only
    expect(index.analyse('netto', 'sv').concepts[0]).toMatchObject({ word: 'netto', equivalents: [], phrases: [] });
    expect(index.search(analysis, 'sv').hits[0]!.passage.path).toBe('en/targets.md');
  });
});
