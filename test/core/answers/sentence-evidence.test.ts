import { sentenceEvidence } from '../../../src/core/answers/sentence-evidence';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { Thesaurus } from '../../../src/core/knowledge/thesaurus';
import { documentsOf } from '../../helpers';

/** A made-up ferry company: each fact is said once, in a sentence or a table row of its own. */
const FILES: Record<string, string> = {
  'en/ferry.md': `---
title: The island ferry
lang: en
---
## Energy
The ferry has run on batteries since 2021. In 2024 it used 1.2 GWh of electricity.

## Waste
| Year | Sorting rate at Harbour Terminal | Sorting rate at the Northport depot |
|------|----------------------------------|--------------------------------------|
| 2023 | 44 % | 69 % |
| 2024 | 51 % | 73 % |
`,
};

function store(): KnowledgeIndex {
  return new KnowledgeIndex(documentsOf(FILES));
}

function evidenceFor(question: string, heading: string) {
  const index = store();
  const analysis = index.analyse(question, 'en');
  const hit = index.search(analysis, 'en', 10).hits.find((h) => h.passage.heading === heading)!;
  return sentenceEvidence(question, hit, analysis.concepts, analysis.numbers);
}

describe('where a passage holds the question', () => {
  it('counts a sentence only when it holds the numbers the question names: 2021 is said, but not of the electricity used', () => {
    const asked = evidenceFor('how much electricity did the ferry use in 2024?', 'Energy');
    const other = evidenceFor('how much electricity did the ferry use in 2021?', 'Energy');
    expect(asked.sentence).toMatch(/1\.2 GWh/);
    expect(other.sentence).toMatch(/since 2021/);
    expect(other.constrained).toBeLessThan(asked.constrained);
  });

  it('reads a table row with its column names: the year and the place asked for are in one row', () => {
    const row = evidenceFor('sorting rate at the Northport depot in 2023', 'Waste');
    expect(row.sentence).toMatch(/2023.*69 %/);
    expect(row.constrained).toBe(1);
  });

  it('tells a phrase the passage holds together from one it holds in two places', () => {
    // of the two neighbouring pairs, "sorting rate" is held together; "Northport" and "terminal" are both in the table, never of one place
    expect(evidenceFor('sorting rate at the Northport terminal', 'Waste').phraseApart).toBe(0.5);
    expect(evidenceFor('sorting rate at the Northport depot', 'Waste').phraseApart).toBe(0);
  });
});

describe("a question's numbers and codes", () => {
  const files = {
    'en/meetings.md': `---
title: Meetings
lang: en
---
Every conference gets a CO2e receipt. The FSB-IX2 fund excludes coal; room 12 seats 40 people.
`,
  };
  const docs = () => documentsOf(files);
  const index = new KnowledgeIndex(docs(), new Thesaurus([['co2', 'co2e', 'carbon dioxide', 'karbondioksid']]));
  const pinned = (q: string) => index.analyse(q, 'en').pinned;

  it('pin it to a year, a code, or a number naming the word before it', () => {
    expect(pinned('emissions in 2024')).toEqual(['2024']);
    expect(pinned('FSB-IX2 tobacco threshold')).toEqual(['ix2']);
    expect(pinned('footprint of the NO-400 mattress')).toEqual(['400']);
    expect(pinned('scope 3 emissions of room 12')).toEqual(['3', '12']);
    expect(pinned('when did version 2.0 come')).toEqual(['2', '0']);
  });

  it('leave out an amount the question mentions: the store states the rule it falls under, not the amount', () => {
    const q = 'the customer has 200 bottles of 1.5 litres from 2023, and a 0,33 can';
    expect(pinned(q)).toEqual(['2023']);
    // a number's later parts are read as its first: a range, a price with decimals
    expect(pinned('delivery in 2-3 days, for 1.499,00 kr')).toEqual([]);
    // an amount is told by the word before it; after another word it may name a thing
    expect(pinned('ordered 200 bottles')).toEqual(['200']);
    expect(index.analyse(q, 'en').numbers).toEqual(expect.arrayContaining(['200', '1', '5', '2023', '0', '33']));
  });

  it('leave out a term the thesaurus knows, which a passage may write otherwise: CO2 asked, CO2e written', () => {
    expect(index.analyse('is there a co2 receipt for a conference?', 'en').numbers).toEqual([]);
    expect(pinned('is there a co2 receipt for a conference?')).toEqual([]);
    // without the thesaurus it is read as a code, and a passage writing CO2e does not hold it
    expect(new KnowledgeIndex(docs()).analyse('is there a co2 receipt for a conference?', 'en').pinned).toEqual(['co2']);
  });
});
