import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { conceptsIn, matcherOf } from '../../../src/core/answers/concept-match';
import { loadKnowledge } from '../../../src/core/knowledge/load';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import { generalThesaurus, readLexicon, Thesaurus, thesaurusOf } from '../../../src/core/knowledge/thesaurus';

const fixtures = path.join(__dirname, '../../fixtures');

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-thesaurus-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BIKE_DOC = `---
title: Sykkelparkering
lang: nb
---
## Sykkelparkering
Alle våre kontorer har innendørs sykkelparkering med lading for elsykkel.
`;

describe("a company's own synonyms", () => {
  it('are loaded from _synonyms.yaml beside the documents and widen search', async () => {
    const without = await openKnowledge(folder({ 'nb/sykkel.md': BIKE_DOC }), Thesaurus.empty);
    expect(without.index.analyse('velocipede storage', 'en').concepts[0]).toMatchObject({ word: 'velocipede', known: false });
    const dir = folder({ 'nb/sykkel.md': BIKE_DOC, '_synonyms.yaml': 'source: our curators\nsets:\n  - [velocipede, sykkelparkering]\n' });
    const k = await openKnowledge(dir, Thesaurus.empty);
    expect(k.problems).toEqual([]);
    expect(k.synonyms).toEqual([['velocipede', 'sykkelparkering']]);
    expect(k.index.analyse('velocipede storage', 'en').concepts[0]).toMatchObject({ word: 'velocipede', known: true });
  });

  it('name the file and the entry at fault when broken, and the documents still load', async () => {
    const k = await loadKnowledge(path.join(fixtures, 'knowledge-broken'));
    expect(k.documents.map((d) => d.path)).toEqual(['bad-date.md', 'good.md']);
    // the broken set is named and left out; the others are kept
    expect(k.synonyms).toEqual([['sykkel', 'cykel', 'bike', 'bicycle']]);
    expect(k.calibration).toBeUndefined();
    expect(k.problems).toEqual(
      expect.arrayContaining([
        { path: '_synonyms.yaml', field: '2', message: 'a set needs two or more words (line 3)' },
        expect.objectContaining({ path: '_calibration.json', field: 'weights.coverage' }),
      ]),
    );
  });
});

describe('_synonyms.yaml as curators write it', () => {
  const read = async (yaml: string) => {
    const k = await loadKnowledge(folder({ 'nb/sykkel.md': BIKE_DOC, '_synonyms.yaml': yaml }));
    return { sets: k.synonyms, problems: k.problems.map((p) => `${p.path} ${p.field}: ${p.message}`) };
  };

  it('names each broken set of a sets: list by its number and line, says what is wrong, and keeps the others', async () => {
    expect(await read('source: the curators\nsets:\n  - [innbytte, trade-in]\n  - [mobil]\n  - [innbytte, 123, true]\n  - [mobil, null]\n  - mobil, telefon\n  - [sykkel, bike]\n')).toEqual({
      sets: [
        ['innbytte', 'trade-in'],
        ['sykkel', 'bike'],
      ],
      problems: [
        '_synonyms.yaml 2: a set needs two or more words (line 4)',
        '_synonyms.yaml 3: a word must be text, in quotes when YAML reads it as a number or yes/no: 123, true (line 5)',
        '_synonyms.yaml 4: a synonym must not be empty (line 6)',
        '_synonyms.yaml 5: a set is a list of words, - [word, word, …], not "mobil, telefon" (line 7)',
      ],
    });
  });

  it('says what a file that is no list of sets should be, and where YAML could not read it', async () => {
    expect(await read('innbytte: trade-in\nmobil: telefon\n')).toEqual({ sets: [], problems: ['_synonyms.yaml (file): expected a list of sets, each - [word, word, …], on its own or under sets:'] });
    expect((await read('sets:\n\t- [a, b]\n')).problems).toEqual([expect.stringMatching(/^_synonyms.yaml \(file\): cannot be read: .*line 2/)]);
    expect(await read('# no sets yet\n')).toEqual({ sets: [], problems: [] });
  });
});

describe('the general lexicon', () => {
  it('ships as data that says where its words came from', () => {
    const lexicon = generalThesaurus();
    expect(lexicon.size).toBeGreaterThan(100);
    expect(lexicon.expand('phone', 'en')).toEqual(expect.arrayContaining(['mobiltelefon']));
  });

  it('knows a place by its name in each language', async () => {
    const doc = `---\ntitle: Lading\nlang: da\n---\n## Ladestandere i København\nHotellet i København har otte ladestandere i garagen.\n`;
    const k = await openKnowledge(folder({ 'da/lading.md': doc }));
    for (const [q, word] of [
      ['charging at the copenhagen hotel?', 'copenhagen'],
      ['laddning i köpenhamn?', 'köpenhamn'],
    ] as const) {
      const concept = k.index.analyse(q, 'en').concepts.find((c) => c.word === word);
      // the store's own spelling is the name's equivalent, not a near spelling found by chance
      expect(concept?.equivalents).toContain('københavn');
    }
  });
});

describe('the lexicon', () => {
  it('is read with each word stemmed as Snowball stems it in each language', () => {
    const dir = folder({ 'lexicon.yaml': 'source: written for this test\nsets:\n  - ["mobiltelefonen", "telefonerna", "opladerne", "generously"]\n' });
    const lexicon = readLexicon(path.join(dir, 'lexicon.yaml'));
    const stems = { mobiltelefonen: 'mobiltelefon', telefonerna: 'telefon', opladerne: 'oplad', generously: 'generous' };
    for (const [word, stem] of Object.entries(stems)) expect(lexicon.termsOf(word)).toContain(stem);
  });

  it('that is not a lexicon stops with what is wrong', () => {
    const dir = folder({ 'lexicon.yaml': 'sets:\n  - ["only one"]\n' });
    expect(() => readLexicon(path.join(dir, 'lexicon.yaml'))).toThrow(/lexicon\.yaml: .*sets\.0/);
  });
});

describe('a compound the store does not use', () => {
  it('is read as the words the thesaurus knows it is made of: "totalutslippene" asks about emissions', async () => {
    const doc = `---\ntitle: Emissions\nlang: en\n---\n## Total emissions\nOur total emissions were 41 tonnes in 2024.\n`;
    const k = await openKnowledge(folder({ 'en/emissions.md': doc }), new Thesaurus([['utslipp', 'utsläpp', 'emissions']]));
    const [concept] = k.index.analyse('totalutslippene', 'nb').concepts;
    expect(concept).toMatchObject({ word: 'totalutslippene', known: true });
    expect(concept!.equivalents).toContain('emiss');
    const without = await openKnowledge(folder({ 'en/emissions.md': doc }), Thesaurus.empty);
    expect(without.index.analyse('totalutslippene', 'nb').concepts[0]).toMatchObject({ known: false });
  });

  it('is read so only when each of its parts is a word: "Copenhagen" does not ask about "hagen", the garden', async () => {
    const doc = `---\ntitle: Garden\nlang: en\n---\n## The garden\nThe hotel garden has four beehives.\n`;
    const k = await openKnowledge(folder({ 'en/garden.md': doc }), new Thesaurus([['hage', 'hagen', 'trädgård', 'garden']]));
    const [concept] = k.index.analyse('copenhagen', 'en').concepts;
    expect(concept).toMatchObject({ word: 'copenhagen', known: false });
    expect(concept!.equivalents).not.toContain('garden');
  });
});

describe('a compound the question writes', () => {
  it('is held where the passage writes its parts apart, though the last part\'s stem is too short to be found in the stem of the whole', async () => {
    const nb = `---\ntitle: Emballasje\nlang: nb\n---\n## Poser\nTakeaway-poser av papir koster 3 kr. Vi har ikke bæreposer av plast.\n`;
    const da = `---\ntitle: Emballage\nlang: da\n---\n## Poser\nPapirposer til take away koster 4 kr. Vi har ingen plastposer.\n`;
    const k = await openKnowledge(folder({ 'nb/emballasje.md': nb, 'da/emballage.md': da }), Thesaurus.empty);
    const analysis = k.index.analyse('hva koster papirpose til takeaway', 'nb');
    expect(analysis.concepts.find((c) => c.word === 'papirpose')!.forms).toEqual(expect.arrayContaining(['papir', 'pos']));
    const [first] = k.index.search(analysis, 'nb').hits;
    expect(first).toMatchObject({ coverage: 1, passage: { path: 'nb/emballasje.md' } });
  });
});

describe('a word the store does not hold', () => {
  const doc = `---\ntitle: Klager\nlang: da\n---\n## Sådan klager kunden\nKunden sender klagen på skrift.\n`;

  it('is read as a near spelling of a word the store holds, where it is no word the thesaurus knows', async () => {
    const k = await openKnowledge(folder({ 'da/klager.md': doc }), Thesaurus.empty);
    expect(k.index.analyse('opskrift', 'da').concepts[0]!.forms).toContain('skrift');
  });

  it('is no near spelling where the thesaurus knows it as a word of its own: an "opskrift" (a recipe) is not "skrift" (writing)', async () => {
    const k = await openKnowledge(folder({ 'da/klager.md': doc }), new Thesaurus([['oppskrift', 'recept', 'opskrift', 'recipe']]));
    const [concept] = k.index.analyse('opskrift', 'da').concepts;
    expect(concept!.forms).toEqual([]);
    expect(concept).toMatchObject({ known: false });
  });
});

describe('a question naming a country', () => {
  it("is answered from that country's documents first; the countries' words are data in the lexicon", async () => {
    const doc = (lang: string, voucher: string) => `---\ntitle: Take-back\nlang: ${lang}\n---\n## Take-back\nBring old clothes to any store and get a ${voucher} voucher for clothes bags.\n`;
    const dir = folder({ 'nb/take-back.md': doc('nb', '50 NOK'), 'sv/take-back.md': doc('sv', '75 SEK'), 'da/take-back.md': doc('da', '40 DKK') });
    const k = await openKnowledge(dir, new Thesaurus([], { nb: ['norway'], sv: ['sweden', 'swedish'], da: ['denmark', 'danish'] }));
    const first = (q: string) => k.index.search(k.index.analyse(q, 'en'), 'en').hits[0]?.passage.path;
    expect(first('What voucher does a Swedish customer get for old clothes?')).toBe('sv/take-back.md');
    expect(first('What voucher for old clothes bags in Denmark?')).toBe('da/take-back.md');
    expect(generalThesaurus().markets.sv).toEqual(expect.arrayContaining(['sverige', 'swedish']));
  });
});

describe('a phrase of the thesaurus written in words', () => {
  const PALM_OIL = `---
title: Bakery
lang: en
---
## Ingredients
Palm oil has not been used in our bakery products since 2021.

## Bread
Our bread is baked every morning in the store.
`;
  const OLIVES = `---
title: Oliven
lang: da
---
## Olivenolie
Vores olivenolie kommer fra Spanien og er økologisk.
`;
  const lexicon = new Thesaurus([['palmeolie', 'palmeolje', 'palm oil'], ['solcellepanel', 'solar panel'], ['olie', 'olje', 'oil']]);

  it('is a term of the passage where it is written in words, inside a hyphenated compound too', async () => {
    const doc = `---\ntitle: Footprint\nlang: en\n---\n## Low-carbon footprint\nOur low-carbon footprint label, and our e-bike.\n`;
    const lex = new Thesaurus([['klimaavtrykk', 'carbon footprint'], ['elsykkel', 'e-bike'], ['karbon', 'carbon']]);
    const k = await openKnowledge(folder({ 'en/footprint.md': doc }), lex);
    // found inside "low-carbon footprint" too
    expect(k.index.analyse('klimaavtrykk', 'nb').concepts[0]).toMatchObject({ known: true });
    const ranked = (q: string) => k.index.search(k.index.analyse(q, 'en'), 'en', 1).hits[0]?.passage.id;
    expect(ranked('carbon footprint')).toBe('en/footprint.md#low-carbon-footprint');
    // a phrase written as one hyphenated word is that word: "e-bike" is found as it always was
    expect(k.index.analyse('elsykkel', 'nb').concepts[0]).toMatchObject({ known: true });
  });

  it('is read from a company\'s synonyms as search reads words: any case, hyphens, "&" and possessives', () => {
    const lex = thesaurusOf([['Park & Ride', 'infartsparkering'], ["Children's Clothing", 'barneklær']]);
    expect(lex.phrasesIn(['park', 'ride']).map((p) => p.joined)).toEqual(['parkride']);
    expect(lex.phrasesIn(['children', 'clothing']).map((p) => p.joined)).toEqual(['childrenclothing']);
    expect(lex.expand('infartsparkering', 'nb')).toEqual(['parkride']);
  });

  it('is found in a text, its last word inflected too', () => {
    expect(lexicon.phrasesIn(['no', 'palm', 'oil', 'here']).map((p) => p.joined)).toEqual(['palmoil']);
    expect(lexicon.phrasesIn(['our', 'solar', 'panels']).map((p) => p.joined)).toEqual(['solarpanel']);
    expect(lexicon.phrasesIn(['palm', 'trees', 'and', 'oil'])).toEqual([]);
    // kept when two thesauri are joined, as a company's synonyms are with the general lexicon
    const joined = lexicon.with(new Thesaurus([['hjemlevering', 'home delivery']]));
    expect(joined.phrasesIn(['palm', 'oil', 'home', 'deliveries']).map((p) => p.joined)).toEqual(['palmoil', 'homedelivery']);
  });

  it('finds the passage that writes it in words for the compound another language asks with', async () => {
    const k = await openKnowledge(folder({ 'en/bakery.md': PALM_OIL, 'da/oliven.md': OLIVES }), lexicon);
    const analysis = k.index.analyse('bruger i palmeolie', 'da');
    expect(analysis.concepts.find((c) => c.word === 'palmeolie')).toMatchObject({ known: true });
    expect(k.index.search(analysis, 'da', 3).hits[0]?.passage.id).toBe('en/bakery.md#ingredients');
    // without the phrase in the index, only the oil in the Danish page was left to find
    const bare = await openKnowledge(folder({ 'en/bakery.md': PALM_OIL, 'da/oliven.md': OLIVES }), new Thesaurus([['palmeolie', 'palmeolje'], ['olie', 'olje', 'oil']]));
    expect(bare.index.analyse('bruger i palmeolie', 'da').concepts.find((c) => c.word === 'palmeolie')).toMatchObject({ known: false });
  });

  it('is held by the sentence that writes it, where a quote is chosen', async () => {
    const k = await openKnowledge(folder({ 'en/bakery.md': PALM_OIL, 'da/oliven.md': OLIVES }), lexicon);
    const { concepts } = k.index.analyse('palmeolie i brød', 'da');
    const held = (sentence: string) => [...conceptsIn(sentence, matcherOf(concepts))].map((c) => c.word);
    expect(held('Palm oil has not been used in our bakery products since 2021.')).toContain('palmeolie');
    expect(held('Our bread is baked with oil from palm trees.')).not.toContain('palmeolie');
  });
});

describe('a question word read again', () => {
  it('stands for what it would in an index that never read it, whatever its neighbours and language; each question has its own copy', async () => {
    const docs = { 'nb/lading.md': `---\ntitle: Lading\nlang: nb\n---\n## Solcellepaneler og lading i København\nHotellet i København har åtte ladestasjoner og solcellepaneler på taket.\n` };
    const lexicon = new Thesaurus([['solar panels', 'solcellepaneler', 'solpaneler'], ['lading', 'laddning', 'charging']]);
    const used = await openKnowledge(folder(docs), lexicon);
    const asked: [string, 'nb' | 'en' | 'sv'][] = [
      ['lading i københavn', 'nb'],
      ['solar', 'en'],
      ['solar panels and charging', 'en'],
      ['solar cells', 'en'],
      ['laddning solar', 'sv'],
      ['lading i københavn', 'en'],
    ];
    const first = used.index.analyse(asked[0]![0], asked[0]![1]).concepts;
    for (const [q, lang] of asked) used.index.analyse(q, lang);
    for (const [q, lang] of asked) {
      const fresh = await openKnowledge(folder(docs), lexicon);
      expect([q, lang, used.index.analyse(q, lang)]).toEqual([q, lang, fresh.index.analyse(q, lang)]);
    }
    expect(used.index.analyse(asked[0]![0], asked[0]![1]).concepts[0]).not.toBe(first[0]);
  });
});

describe('a thesaurus extended with a company’s sets', () => {
  it('reads as one thesaurus of both, and leaves the one it extends as it was', () => {
    const general = [['sykkel', 'cykel', 'bicycle', 'bike'], ['solar panels', 'solcellepaneler', 'solpaneler'], ['lader', 'laddare', 'charger']];
    const company = [['elsykkel', 'elcykel', 'e-bike'], ['bike', 'velo'], ['solar panels', 'panels on the roof']];
    const base = new Thesaurus(general, { nb: ['norge'] });
    const before = ['bike', 'solarpanels', 'lader', 'velo'].map((w) => base.expand(w, 'en'));
    const bikeSets = base.setsOfStem('bike');
    const both = base.with(new Thesaurus(company, { sv: ['sverige'] }));
    const whole = new Thesaurus([...general, ...company], { nb: ['norge'], sv: ['sverige'] });
    for (const w of ['bike', 'velo', 'ebike', 'solarpanels', 'panelsontheroof', 'lader', 'cykel']) expect([w, both.expand(w, 'en').sort()]).toEqual([w, whole.expand(w, 'en').sort()]);
    expect(both.phrasesIn(['panels', 'on', 'the', 'roof']).map((p) => p.joined)).toEqual(['panelsontheroof']);
    expect(both.size).toBe(whole.size);
    expect(both.marketsNamed(['sverige', 'norge']).sort()).toEqual(['nb', 'sv']);
    expect(['bike', 'solarpanels', 'lader', 'velo'].map((w) => base.expand(w, 'en'))).toEqual(before);
    expect(base.phrasesIn(['panels', 'on', 'the', 'roof'])).toEqual([]);
    expect(base.setsOfStem('bike')).toEqual(bikeSets);
  });

  it('reads sets as written (a company’s _synonyms.yaml) as one thesaurus of both, each word read once', () => {
    const general = [['sykkel', 'cykel', 'bicycle', 'bike'], ['solar panels', 'solcellepaneler', 'solpaneler']];
    const company = [['elsykkel', 'elcykel', 'e-bike'], ['bike', 'velo'], ['solar panels', 'panels on the roof'], ['Park & Ride', 'infartsparkering']];
    const base = new Thesaurus(general, { nb: ['norge'] });
    const read = base.withSets(company, { sv: ['sverige'] });
    const via = new Thesaurus([...general, ...company], { nb: ['norge'], sv: ['sverige'] });
    for (const w of ['bike', 'velo', 'ebike', 'solarpanels', 'panelsontheroof', 'parkride', 'infartsparkering', 'cykel']) {
      expect([w, read.expand(w, 'en').sort(), read.termsOf(w), read.knowsWord(w)]).toEqual([w, via.expand(w, 'en').sort(), via.termsOf(w), via.knowsWord(w)]);
    }
    expect(read.phrasesIn(['park', '&', 'ride'])).toEqual(via.phrasesIn(['park', '&', 'ride']));
    expect([...read.words()]).toEqual([...via.words()]);
    expect(read.size).toBe(via.size);
    expect(read.marketsNamed(['sverige', 'norge']).sort()).toEqual(['nb', 'sv']);
  });
});
