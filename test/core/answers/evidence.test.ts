import path from 'node:path';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import { SIGNALS, type Signals } from '../../../src/core/knowledge/calibration';
import { identifiersOf, retrieve } from '../../../src/core/answers/retrieve';
import { introOf } from '../../../src/core/answers/answer';
import { AnswerService } from '../../../src/core/answers/service';
import { silentLogger } from '../../../src/core/ports';
import { fixedClock } from '../../helpers';
import type { KnowledgeDocument } from '../../../src/core/knowledge/document';
import { Thesaurus } from '../../../src/core/knowledge/thesaurus';
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

function store(thesaurus?: Thesaurus): KnowledgeIndex {
  const documents = Object.entries(FILES).map(([path, raw]) => {
    const doc = parseDocument(path, raw);
    if ('problems' in doc) throw new Error(JSON.stringify(doc.problems));
    return doc;
  });
  return new KnowledgeIndex(documents satisfies KnowledgeDocument[], thesaurus);
}

describe('evidence: one calibrated decision on general signals', () => {
  it('abstains when the best passage shares one word with a question about something the store never mentions', async () => {
    const r = await retrieve("What is Velo's share price today?", store(), {});
    expect(r.hits[0]?.passage.id).toBe('en/packaging.md#recycled-plastic');
    expect(r.signals?.unseen).toBeGreaterThan(0.3);
    expect(r.score).toBeLessThan(0);
    expect(r.weak).toBe('no_evidence');
    expect(r.why).toBe("the store never mentions 'price', 'today'");
  });

  it('names a number the store never mentions as the question writes it, not by its parts', async () => {
    const r = await retrieve("What is Velo's share price at 0,37 today?", store(), {});
    expect(r.score).toBeLessThan(0);
    expect(r.why).toMatch(/^the store never mentions .*'0,37'/);
    expect(r.why).not.toMatch(/'37'/);
  });

  it('names the words the store never mentions as the agent typed them, not as they were read', async () => {
    // a word typed without the Nordic letters is read as the store's word that has them ("Black" as "bläck", ink)
    const r = await retrieve("What is Velo's Black Friday price today?", store(new Thesaurus([['blekk', 'bläck', 'blæk', 'ink']])), {});
    expect(r.text).toMatch(/bläck/i);
    expect(r.why).toMatch(/^the store never mentions .*'Black'/);
    expect(r.why).not.toMatch(/bläck/i);
  });

  it('answers when the passage holds what the question is about', async () => {
    const index = store();
    const share = await retrieve('How large a share of the bags is recycled plastic?', index, {});
    expect(share.weak).toBeUndefined();
    expect(share.hits[0]?.passage.id).toBe('en/packaging.md#recycled-plastic');
    const one = await retrieve('Tell me about the workshop', index, {});
    expect(one.weak).toBeUndefined();
    expect(one.hits[0]?.passage.id).toBe('en/repair.md#workshop');
  });

  it('weighs a word the store has never seen above every word it knows', async () => {
    const { analysis } = await retrieve('workshop sponsors', store(), {});
    const [known, unknown] = analysis.concepts;
    expect(known).toMatchObject({ word: 'workshop', known: true });
    expect(unknown).toMatchObject({ word: 'sponsors', known: false });
    expect(unknown!.idf).toBeGreaterThan(known!.idf);
  });

  it('does not count a word asking for a quantity as something the store lacks: "how long" asks, "long bikes" is a subject', async () => {
    const index = store();
    const asked = await retrieve('How long does a standard service take?', index, {});
    expect(asked.analysis.concepts.map((c) => c.word)).not.toContain('long');
    expect(asked.signals?.unseen).toBe(0);
    expect(asked.weak).toBeUndefined();
    expect(asked.hits[0]?.passage.id).toBe('en/repair.md#workshop');
    const subject = await retrieve('Do you ship long bikes in cardboard boxes?', index, {});
    expect(subject.analysis.concepts.find((c) => c.word === 'long')).toMatchObject({ known: false });
  });

  it("does not count a form of a stop word as something the store lacks ('betydde' of 'betyder'), unless the lexicon knows it as a word", async () => {
    const r = await retrieve('vad betydde en standard service i verkstaden?', store(), {});
    expect(r.lang).toBe('sv');
    expect(r.analysis.concepts.map((c) => c.word)).not.toContain('betydde');
    // Swedish "villa" is a form of "vill" (want), and a house the lexicon knows: the store lacks it
    const house = await retrieve('har ni en villa med standard service?', store(new Thesaurus([['villa', 'villan', 'enebolig', 'detached house']])), {});
    expect(house.analysis.concepts.find((c) => c.word === 'villa')).toMatchObject({ known: false });
  });

  it('finds typos and inflections through near spellings, with no word list', async () => {
    const r = await retrieve('How many solar pannels are on the warehuose roof?', store(), {});
    expect(r.analysis.concepts.filter((c) => !c.known)).toEqual([]);
    expect(r.hits[0]?.passage.id).toBe('en/warehouse.md#solar-power-in-umeå');
    expect(r.weak).toBeUndefined();
  });

  it('needs only the name in a hyphenated compound to be known: "kWh-figures" names kWh', async () => {
    const r = await retrieve('How many kWh-figures do the solar panels give a year?', store(), {});
    expect(r.analysis.unseenNames).toEqual([]);
    expect(r.weak).toBeUndefined();
    expect(r.hits[0]?.passage.id).toBe('en/warehouse.md#solar-power-in-umeå');
    const tesla = await retrieve('How many kWh does the Tesla-charger use?', store(), {});
    expect(tesla.weak).toBe('unknown_name');
    expect(tesla.why).toBe("the store never mentions 'Tesla'");
  });

  it('abstains when the question names a model the passage does not: the Velo City 24 is not the City 26', async () => {
    const index = store();
    const other = await retrieve('What is the footprint of the Velo City 24?', index, {});
    expect(other.hits[0]?.passage.id).toBe('en/footprints.md#velo-city-26');
    expect(other.weak).toBe('no_evidence');
    expect(other.why).toBe("no passage that answers it names '24'");
    const same = await retrieve('What is the footprint of the Velo City 26?', index, {});
    expect(same.weak).toBeUndefined();
    expect(same.hits[0]?.passage.id).toBe('en/footprints.md#velo-city-26');
  });

  it('follows the calibration it is given: the same question answered or refused by the model alone', async () => {
    const q = 'Tell me about the workshop';
    const zero = Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Signals;
    expect((await retrieve(q, store(), { calibration: { weights: zero, bias: 1 } })).weak).toBeUndefined();
    expect((await retrieve(q, store(), { calibration: { weights: zero, bias: -1 } })).weak).toBe('no_evidence');
    expect((await retrieve(q, store(), { calibration: { weights: { ...zero, coverage: 2 }, bias: -1 } })).weak).toBeUndefined();
  });

  it('calls an answer tentative when its score clears the bar by less than the model says, and the answer asks the agent to check it', async () => {
    const zero = Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Signals;
    // answers from half the question's weight; sure from nine tenths
    const model = { weights: { ...zero, coverage: 2 }, bias: -1, tentativeBelow: 0.8 };
    const index = store();
    const whole = await retrieve('How long does a standard service take in the workshop?', index, { calibration: model });
    expect(whole.weak).toBeUndefined();
    expect(whole.tentative).toBe(false);
    const part = await retrieve('How long does a standard service take for a trailer?', index, { calibration: model });
    expect(part.weak).toBeUndefined();
    expect(part.score).toBeLessThan(0.8);
    expect(part.tentative).toBe(true);
    // without a bar, no answer is tentative
    expect((await retrieve('How long does a standard service take for a trailer?', index, { calibration: { ...model, tentativeBelow: undefined } })).tentative).toBe(false);

    const service = new AnswerService({ index, clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: model });
    const sure = await service.ask('How long does a standard service take in the workshop?');
    const closest = await service.ask('How long does a standard service take for a trailer?');
    expect(sure.tentative).toBeUndefined();
    expect(closest).toMatchObject({ abstained: false, tentative: true });
    expect(introOf(sure)).toBe('This is what the knowledge store says:');
    expect(introOf(closest)).toBe('This is the closest the knowledge store has. Check that it answers the question before you use it:');
    expect(introOf({ ...closest, lang: 'sv' })).toMatch(/^Det här är det närmaste kunskapsbasen har/);
  });
});

describe('a question naming a number', () => {
  const reports: Record<string, string> = {
    'en/report-2023.md': `---
title: Our emissions
lang: en
---
## Our emissions
Our emissions were 41 tonnes in 2023. Our emissions from stores, our emissions from trucks and our emissions from offices all fell.
`,
    'en/report-2024.md': `---
title: Figures
lang: en
---
## Figures
In 2024 our emissions were 38 tonnes, and the rest of the figures follow below with notes on each of them.
`,
  };
  // a year is a common word: most documents of a store name the current one
  for (const topic of ['opening hours', 'staff', 'parking', 'gift cards', 'deliveries', 'returns']) {
    reports[`en/${topic.replace(' ', '-')}.md`] = `---\ntitle: ${topic}\nlang: en\n---\n## ${topic}\nThe ${topic} rules changed in 2024.\n`;
  }
  const index = () =>
    new KnowledgeIndex(
      Object.entries(reports).map(([path, raw]) => {
        const doc = parseDocument(path, raw);
        if ('problems' in doc) throw new Error(JSON.stringify(doc.problems));
        return doc;
      }),
    );

  it('is answered from the passage that holds the number, though another says more about the rest', async () => {
    const r = await retrieve('What were our emissions in 2024?', index(), {});
    expect(r.hits.map((h) => h.passage.path).slice(0, 2)).toEqual(['en/report-2024.md', 'en/report-2023.md']);
    expect((await retrieve('What were our emissions?', index(), {})).hits[0]?.passage.path).toBe('en/report-2023.md');
  });

  it('needs the year it names said, not an amount it mentions: that is the customer’s case, and the store states the rule', async () => {
    const deposit = new KnowledgeIndex([
      parseDocument('en/deposit.md', `---\ntitle: Deposit\nlang: en\n---\n## Deposit on bottles\nBottles up to 0.5 litres carry a deposit of 2 kroner, larger bottles 3 kroner.\n`) as KnowledgeDocument,
    ]);
    const amount = await retrieve('what is the deposit on a 1.5 litre bottle?', deposit, {});
    expect(amount.signals?.missingNumber).toBe(0);
    expect(amount.signals?.constrained).toBeGreaterThan(0);
    const year = await retrieve('what was the deposit on bottles in 2019?', deposit, {});
    expect(year.signals?.missingNumber).toBe(1);
    expect(year.signals?.constrained).toBe(0);
  });
});

describe('identifiersOf: the codes and model numbers that pin a question to one thing', () => {
  it('takes sizes after a name and letter-digit codes, not years, told numbers or units', () => {
    expect(identifiersOf('carbon footprint of the Norda Vision 65 inch?')).toEqual(['65']);
    expect(identifiersOf('Hur stort är klimatavtrycket för Norda Book 14?')).toEqual(['14']);
    expect(identifiersOf('What is the footprint of a Galaxy S24 or an A54?')).toEqual(['s24', 'a54']);
    expect(identifiersOf('Is the delay on Route 37 due to the new buses?')).toEqual(['37']);
    // written with a hyphen, a code is as much a code
    expect(identifiersOf('does the HV-300 sensor give a discount?')).toEqual(['hv300']);
    expect(identifiersOf('kunden har jeans 501-R som har revnet')).toEqual(['501r']);
    expect(identifiersOf('hva er CO2-avtrykket for en e-sykkel')).toEqual([]);
    expect(identifiersOf('kundens fjernsyn er gået i stykker efter 14 mdr')).toEqual([]);
    expect(identifiersOf('Can we still say "miljøvenlig" after September 2026?')).toEqual([]);
    expect(identifiersOf('hvor mye CO2e gir en kaffemaskin, og hva med CO2?')).toEqual([]);
  });
});

describe('of two equally good passages', () => {
  const two: Record<string, string> = {
    'nb/trade-in.md': `---
title: Innbytte
lang: nb
---
## Innbytte
Velo Trade-in: Velo City, Velo Cargo, gavekort.
`,
    'sv/trade-in.md': `---
title: Inbyte
lang: sv
---
## Inbyte
Velo Trade-in: Velo City, Velo Cargo, presentkort.
`,
  };
  const index = () =>
    new KnowledgeIndex(
      Object.entries(two).map(([path, raw]) => {
        const doc = parseDocument(path, raw);
        if ('problems' in doc) throw new Error(JSON.stringify(doc.problems));
        return doc;
      }),
    );

  it("puts the one in the asker's language first", async () => {
    expect((await retrieve('Hva gjelder for Velo Trade-in av Velo City og Cargo?', index(), {})).hits[0]?.passage.path).toBe('nb/trade-in.md');
    expect((await retrieve('Vad gäller för Velo Trade-in av Velo City och Cargo?', index(), {})).hits[0]?.passage.path).toBe('sv/trade-in.md');
  });
});

describe("a question that names no country, where the first page is another country's", () => {
  const sample = async () => (await openKnowledge(path.join(__dirname, '../../../knowledge'))).index;

  it("is answered from the asker's own country's version of the page, from the section that says the same", async () => {
    // the Danish page's title holds "gammel", the Swedish one's no word for "old": the Danish page ranks first by words
    const hit = (await retrieve('Var kan kunder lämna gamla mobiler?', await sample(), {})).hits[0];
    expect(hit?.passage.id).toBe('sv/atervinning-av-elektronik.md#lämna-små-elprodukter-i-butikerna');
  });

  it('keeps the page of the country the question names', async () => {
    expect((await retrieve('Var ligger reparationscentret som tar hand om danska kunders reparationer?', await sample(), {})).hits[0]?.passage.path).toBe('da/reparation-i-danmark.md');
  });
});
