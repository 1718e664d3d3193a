import { anchored, countriesOf, identifiersOf, retrieve } from '../../../src/core/answers/retrieve';
import type { KnowledgeDocument } from '../../../src/core/knowledge/document';
import { Glossary } from '../../../src/core/knowledge/glossary';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { parseDocument } from '../../../src/core/knowledge/load';

/** A small store of a made-up bike shop: its name is in nearly every passage, each topic in one or two. */
const FILES: Record<string, string> = {
  'en/packaging.md': `---
title: Packaging at Velo
lang: en
---
## Recycled plastic
Velo's shopping bags contain a share of recycled plastic: 40 % in 2025.

## Cardboard boxes
Velo ships bikes in cardboard boxes made from certified forest fibre.
`,
  'en/warehouse.md': `---
title: Solar panels on the Velo warehouse
lang: en
---
## Solar power in Umeå
The Velo warehouse in Umeå has 800 solar panels on its roof. They produce about 150 000 kWh a year.

## Heating
Since 2022 the building is heated by a heat pump instead of oil.
`,
  'en/repair.md': `---
title: Bike repair
lang: en
---
## Workshop
Velo repairs bikes in its own workshop. A standard service takes three working days.

## Spare parts
Spare parts for Velo's own bikes are kept for at least seven years.
`,
  'en/footprints.md': `---
title: Footprints of Velo bikes
lang: en
---
## Velo City 26
The Velo City 26 e-bike has a footprint of 180 kg CO2e over its life, most of it from the frame.

## Opening hours
The Umeå shop is open 24 hours before the spring sale.
`,
  'en/batteries.md': `---
title: E-bike batteries
lang: en
---
## Take-back
Every Velo shop takes back e-bike batteries for free, also from people who buy nothing.

## Damaged batteries
A swollen or damaged battery must have its poles taped and is handed in separately.
`,
};

function store(): KnowledgeIndex {
  const documents = Object.entries(FILES).map(([path, raw]) => {
    const doc = parseDocument(path, raw);
    if ('problems' in doc) throw new Error(JSON.stringify(doc.problems));
    return doc;
  });
  return new KnowledgeIndex(documents satisfies KnowledgeDocument[], new Glossary([]));
}

describe('evidence: the passage must speak of what the question asks', () => {
  it('abstains when the best passage shares one topic word with a question about something the store never mentions', async () => {
    const r = await retrieve("What is Velo's share price today?", store(), {});
    const top = r.hits[0]!;
    // by share of the question's weight alone the passage would pass: the store knows "share" and "Velo"
    expect(top.passage.id).toBe('en/packaging.md#recycled-plastic');
    expect(top.coverage).toBeGreaterThanOrEqual(0.4);
    expect(top.docCoverage).toBeGreaterThanOrEqual(0.4);
    // but it holds a single specific word, and the words it lacks were never seen by the store
    expect(top.anchors).toEqual(['share']);
    expect(top.lackingIdf).toBeGreaterThan(top.heldIdf);
    expect(anchored(top)).toBe(false);
    expect(r.weak).toBe('no_evidence');
  });

  it('answers when the passage holds what the question is about', async () => {
    const index = store();
    const share = await retrieve('How large a share of the bags is recycled plastic?', index, {});
    expect(share.weak).toBeUndefined();
    expect(share.hits[0]?.passage.id).toBe('en/packaging.md#recycled-plastic');

    // one specific word is enough when the question asks nothing else
    const one = await retrieve('Tell me about the workshop', index, {});
    expect(one.weak).toBeUndefined();
    expect(one.hits[0]?.anchors).toEqual(['workshop']);
  });

  it('does not count a word found in most passages, such as the company name, as speaking of the question', async () => {
    const index = store();
    const { analysis } = await retrieve('Velo warehouse', index, {});
    expect(analysis.concepts.map((c) => [c.word, c.specific])).toEqual([
      ['velo', false],
      ['warehouse', true],
    ]);
  });

  it('weighs a word the store has never seen above every word it knows', async () => {
    const { analysis } = await retrieve('workshop sponsors', store(), {});
    const [known, unknown] = analysis.concepts;
    // rare as a whole word, though "shop" is in most passages
    expect(known).toMatchObject({ word: 'workshop', known: true, specific: true });
    expect(unknown).toMatchObject({ word: 'sponsors', known: false, specific: true });
    expect(unknown!.idf).toBeGreaterThan(known!.idf);
  });

  it('needs only the name in a hyphenated compound to be known: "kWh-figures" names kWh', async () => {
    const r = await retrieve('How many kWh-figures do the solar panels give a year?', store(), {});
    expect(r.analysis.unknownNames).toEqual([]);
    expect(r.weak).toBeUndefined();
    expect(r.hits[0]?.passage.id).toBe('en/warehouse.md#solar-power-in-umeå');
    expect((await retrieve('How many kWh does the Tesla-charger use?', store(), {})).weak).toBe('unknown_name');
  });

  it('abstains when the question names a model the passage does not: the Velo City 24 is not the City 26', async () => {
    const index = store();
    const other = await retrieve('What is the footprint of the Velo City 24?', index, {});
    // "24" is a number the store knows (opening hours), so it is no unknown name; the passage is about another model
    expect(other.analysis.unknownNames).toEqual([]);
    expect(other.hits[0]?.passage.id).toBe('en/footprints.md#velo-city-26');
    expect(other.weak).toBe('no_evidence');
    const same = await retrieve('What is the footprint of the Velo City 26?', index, {});
    expect(same.weak).toBeUndefined();
    expect(same.hits[0]?.passage.id).toBe('en/footprints.md#velo-city-26');
  });
});

describe('identifiersOf: the model numbers that pin a question to one product', () => {
  it('takes sizes after a name and letter-digit models, not years, told numbers or units', () => {
    expect(identifiersOf('carbon footprint of the Norda Vision 65 inch?')).toEqual(['65']);
    expect(identifiersOf('Hur stort är klimatavtrycket för Norda Book 14?')).toEqual(['14']);
    expect(identifiersOf('What is the footprint of a Galaxy S24 or an A54?')).toEqual(['s24', 'a54']);
    expect(identifiersOf('kundens fjernsyn er gået i stykker efter 14 mdr')).toEqual([]);
    expect(identifiersOf('Can we still say "miljøvenlig" after September 2026?')).toEqual([]);
    expect(identifiersOf('hvor mye CO2e gir en kaffemaskin, og hva med CO2?')).toEqual([]);
  });
});

describe('a question about one Nordic country', () => {
  const two: Record<string, string> = {
    'nb/trade-in.md': `---
title: Norda Trade-in
lang: nb
---
## Trade-in
Norda Trade-in: Norda Buds, Norda Book, Norda Vision, gavekort, 14 dager.
`,
    'sv/trade-in.md': `---
title: Norda Trade-in
lang: sv
---
## Trade-in
Norda Trade-in: Norda Buds, presentkort, 30 dagar.
`,
  };
  const index = () =>
    new KnowledgeIndex(
      Object.entries(two).map(([path, raw]) => {
        const doc = parseDocument(path, raw);
        if ('problems' in doc) throw new Error(JSON.stringify(doc.problems));
        return doc;
      }),
      new Glossary([]),
    );

  it('is answered from the document written for that country, when one fits', async () => {
    // the Norwegian passage holds more of the question's words, but the question is about Sweden
    expect((await retrieve('Norda Trade-in Buds Book Vision?', index(), {})).hits[0]?.passage.path).toBe('nb/trade-in.md');
    expect((await retrieve('Norda Trade-in Buds Book Vision i Sverige?', index(), {})).hits[0]?.passage.path).toBe('sv/trade-in.md');
    expect((await retrieve('Norda Trade-in Buds for a Swedish customer?', index(), {})).hits[0]?.passage.path).toBe('sv/trade-in.md');
  });

  it('names the countries a question asks about, in any of the four languages', () => {
    expect([...countriesOf('Kan en svensk kund lämna in mobilen i Norge?')].sort()).toEqual(['nb', 'sv']);
    expect([...countriesOf('What do Danish customers pay?')]).toEqual(['da']);
    expect([...countriesOf('Hvor kan kunder levere gamle mobiler?')]).toEqual([]);
  });
});
