import { ANSWER_FEATURES, type Calibration, SIGNALS, type Signals } from '../../../src/core/knowledge/calibration';
import { fitListwise } from '../../../src/core/answers/calibrate';
import { answeringCandidates, STRONGEST_SENTENCE } from '../../../src/core/answers/answering-section';
import { AnswerService, speaksOf } from '../../../src/core/answers/service';
import { retrieve } from '../../../src/core/answers/retrieve';
import { DEFAULT_CALIBRATION } from '../../../src/core/answers/default-calibration';
import { answerStrength, excerpt, MAX_QUOTED_CHARS, sameContent, splitSentences } from '../../../src/core/answers/extractive';
import type { KnowledgeDocument } from '../../../src/core/knowledge/document';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { parseDocument } from '../../../src/core/knowledge/load';
import { silentLogger } from '../../../src/core/ports';
import { documentsOf, fixedClock } from '../../helpers';

/** A ferry operator's store, written for this test: a table in two languages, and a FAQ. */
const FILES: Record<string, string> = {
  'nb/ferjer.md': `---
title: Batteriferjene våre
lang: nb
---
## Batteristørrelse per ferje
Ferjene går på strøm fra land. Tabellen viser batteriene.

| Ferje | Batteri | I drift fra |
|---|---|---|
| MF Solvik | 4,3 MWh | 2021 |
| MF Brattøy | 2,1 MWh | 2023 |
`,
  'sv/farjor.md': `---
title: Våra batterifärjor
lang: sv
---
## Batteristorlek per färja
Färjorna går på el från land. Tabellen visar batterierna.

| Färja | Batteri | I drift sedan |
|---|---|---|
| MF Solvik | 4,3 MWh | 2021 |
| MF Brattøy | 2,1 MWh | 2023 |
`,
  'en/bikes.md': `---
title: Bikes on board
lang: en
---
## Questions and answers
Can customers bring a bike on the ferry? Bikes travel free on every ferry. Cargo bikes need a booking.

Can they bring a bike on the bus? Only folding bikes, folded.
`,
};

function store(): KnowledgeIndex {
  return new KnowledgeIndex(
    Object.entries(FILES).map(([path, raw]) => {
      const doc = parseDocument(path, raw);
      if ('problems' in doc) throw new Error(JSON.stringify(doc.problems));
      return doc;
    }) satisfies KnowledgeDocument[],
  );
}
const service = () => new AnswerService({ index: store(), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger });

describe('extractive answers state the fact', () => {
  it('quote the table row naming what was asked, each cell with its column', async () => {
    const a = await service().ask('Hvor stort batteri har MF Brattøy?');
    expect(a.abstained).toBe(false);
    expect(a.text).toContain('Ferje: MF Brattøy · Batteri: 2,1 MWh · I drift fra: 2023');
    expect(a.text).not.toContain('MF Solvik');
  });

  it('quote the row asked for without the row after it: a table row is a record of its own', async () => {
    const a = await service().ask('Hvor stort batteri har MF Solvik?');
    expect(a.text).toContain('Ferje: MF Solvik · Batteri: 4,3 MWh');
    expect(a.text).not.toContain('MF Brattøy');
  });

  it('quote the row that names the compound asked for over rows that hold only a part of it', async () => {
    const docs = [
      parseDocument(
        'sv/textil.md',
        `---\ntitle: Hemtextil\nlang: sv\n---\n## Priser\n| Produkt | Pris |\n|---|---|\n| Påslakan Sömn | 499 kr |\n| Lakan Sömn | 349 kr |\n| Handduk Bad | 129 kr |\n| Badlakan Bad | 249 kr |\n| Badrock Bad | 399 kr |\n\nPriserna gäller till och med mars.\n`,
      ) as KnowledgeDocument,
    ];
    const textiles = new AnswerService({ index: new KnowledgeIndex(docs), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: answerAll });
    const a = await textiles.ask('vad kostar badlakanet?');
    expect(a.text).toMatch(/^Produkt: Badlakan Bad · Pris: 249 kr/);
    expect(a.text).not.toMatch(/Påslakan|Lakan Sömn|Badrock/);
    // the note after the table's last row still follows it
    const last = await textiles.ask('vad kostar badrocken?');
    expect(last.text).toMatch(/^Produkt: Badrock Bad · Pris: 399 kr; Priserna gäller till och med mars\./);
  });

  it('quote two language versions of one table once, in the asker’s language', async () => {
    const nb = await service().ask('Hvor stort batteri har MF Brattøy?');
    expect(nb.citations.map((c) => c.path)).toEqual(['nb/ferjer.md']);
    const sv = await service().ask('Hur stort batteri har MF Brattøy?');
    expect(sv.citations.map((c) => c.path)).toEqual(['sv/farjor.md']);
  });

  it('quote the answer after a FAQ question, not the question', async () => {
    const a = await service().ask('Can customers take a bike on the ferry?');
    expect(a.text).toContain('Bikes travel free on every ferry.');
    expect(a.text).not.toContain('Can customers bring a bike on the ferry?');
  });
});

describe('a second source', () => {
  const serviceOf = (files: Record<string, string>) =>
    serviceOver(files);
  const bags = '---\ntitle: Poser\nlang: nb\n---\n## Bæreposer\nEn bærepose av papir koster 3 kroner.\n';

  it('is not quoted when its quote shares only one word with the question', async () => {
    const returns = '---\ntitle: Retur i Norge\nlang: nb\n---\n## Hva tar vi imot i Norge?\n| Type | Tas imot | Merknad |\n|---|---|---|\n| Termometre | Ja | Legg dem i en egen pose |\n| Sprøyter | Nei | En bøtte koster 30 kroner |\n';
    const a = await serviceOf({ 'nb/poser.md': bags, 'nb/retur.md': returns }).ask('hva koster en bærepose i Norge?');
    expect(a.citations.map((c) => c.path)).toEqual(['nb/poser.md']);
  });

  it('is quoted when its quote holds more of the question and says something the first does not', async () => {
    const shops = '---\ntitle: Butikker i Norge\nlang: nb\n---\n## Poser i butikk\nI Norge koster en bærepose av plast 4 kroner.\n';
    const norway = '---\ntitle: Poser\nlang: nb\n---\n## Bæreposer\nEn bærepose av papir koster 3 kroner i Norge.\n';
    const a = await serviceOf({ 'nb/poser.md': norway, 'nb/butikk.md': shops }).ask('hva koster en bærepose i Norge?');
    expect(a.citations.map((c) => c.path).sort()).toEqual(['nb/butikk.md', 'nb/poser.md']);
  });
});

describe('the identifier rule, on a code written with a hyphen', () => {
  const raw = `---\ntitle: Leak sensors\nlang: en\n---\n## Discount\nCustomers with the HV-200 leak sensor get 10 % off home insurance.\n`;
  const sensors = () => serviceOver({ 'en/sensors.md': raw });

  it('answers for the sensor the store names and refuses another model', async () => {
    expect((await sensors().ask('discount with the HV-200 leak sensor?')).abstained).toBe(false);
    expect(await sensors().ask('discount with the HV-300 leak sensor?')).toMatchObject({ abstained: true, why: "no passage that answers it names 'hv300'" });
  });
});

describe('the identifier rule, on a second store', () => {
  it('refuses a question naming a vessel number no passage holds, and answers the one it does', async () => {
    const other = await service().ask('Hvor stort batteri har MF Brattøy 7?');
    expect(other).toMatchObject({ abstained: true, why: "no passage that answers it names '7'" });
    expect((await service().ask('Hvor stort batteri har MF Brattøy?')).abstained).toBe(false);
  });
});

describe('the pieces', () => {
  it('split a table into rows named by their columns, and prose into sentences', () => {
    expect(splitSentences('| A | B |\n|---|---|\n| x | – |\n\nOne. Two!')).toEqual(['A: x', 'One.', 'Two!']);
  });

  it('read a pipe written \\| as part of its cell', () => {
    expect(splitSentences('| Plan | Price |\n|---|---|\n| Basic \\| Plus | 99 kr |')).toEqual(['Plan: Basic | Plus · Price: 99 kr']);
  });

  it('read a table without outer pipes, and one that follows a sentence with no blank line between', () => {
    expect(splitSentences('Country | Deposit\n--- | :---:\nNorway | 2 kr\nSweden | 1 kr')).toEqual(['Country: Norway · Deposit: 2 kr', 'Country: Sweden · Deposit: 1 kr']);
    expect(splitSentences('Deposits by country:\n| Country | Deposit |\n|---|---|\n| Norway | 2 kr |\nAsk at the counter.')).toEqual(['Deposits by country:', 'Country: Norway · Deposit: 2 kr', 'Ask at the counter.']);
  });

  it('join a sentence that leads in to a short list with the list, and leave longer lists and lists without one as items', () => {
    expect(splitSentences('You get a coupon for each bag. Conditions:\n\n- one a day\n- valid for 30 days')).toEqual(['You get a coupon for each bag.', 'Conditions: one a day; valid for 30 days']);
    const long = Array.from({ length: 7 }, (_, i) => `- item ${i + 1}`).join('\n');
    expect(splitSentences(`Conditions:\n\n${long}`)).toHaveLength(8);
    expect(splitSentences('We sell coupons.\n\n- one a day\n- valid for 30 days')).toEqual(['We sell coupons.', 'one a day', 'valid for 30 days']);
    // a lead-in at the end of a passage stays as written
    expect(splitSentences('Conditions:\n\n')).toEqual(['Conditions:']);
  });

  it('tell the same content in two languages by its numbers, and different content apart', () => {
    expect(sameContent(['Ferje: MF Solvik · Batteri: 4,3 MWh'], ['Färja: MF Solvik · Batteri: 4,3 MWh'])).toBe(true);
    expect(sameContent(['Ferje: MF Solvik · Batteri: 4,3 MWh'], ['Färja: MF Brattøy · Batteri: 2,1 MWh'])).toBe(false);
    // no numbers: a translated paragraph names the same things
    const en = ['Brovik has climate targets validated by the Science Based Targets initiative (SBTi), and why Brovik does not call itself neutral.'];
    const nb = ['Brovik har klimamål som er godkjent av Science Based Targets initiative (SBTi), og hvorfor vi ikke kaller oss nøytrale.'];
    expect(sameContent(en, nb)).toBe(true);
    expect(sameContent(en, ['Kunden kan levere emballasjen i alle Brovik-butikker og på Vestby lager.'])).toBe(false);
  });

  it('add the sentence after the best one, where the reason or the number often is', async () => {
    const index = store();
    const q = 'Can customers bring a bike on the bus?';
    const hit = index.search(index.analyse(q, 'en'), 'en').hits[0]!;
    expect(excerpt(hit, index.analyse(q, 'en').concepts, 3, q).sentences).toEqual(expect.arrayContaining(['Can they bring a bike on the bus?', 'Only folding bikes, folded.']));
  });
});

/** The decision is not under test in these: a model that always answers, over the fused order. */
const answerAll = { weights: Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Signals, bias: 1 };

/** An answer service over made-up pages, with the clock fixed: answering all unless a calibration is given. */
function serviceOver(files: Record<string, string>, calibration: Calibration = answerAll): AnswerService {
  const docs = documentsOf(files);
  return new AnswerService({ index: new KnowledgeIndex(docs), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration });
}

/** A made-up bakery chain's report: figures by year in a table, and a section that names the topic without a figure. */
const REPORT: Record<string, string> = {
  'en/report.md': `---
title: Bakery report
lang: en
---
## Organic flour
Our bakers choose organic flour wherever they can.

## Figures
| Year | Share of flour that is organic |
|---|---|
| 2023 | 41 % |
| 2024 | 58 % |
| 2025 | 63 % |
`,
};

function bakery(): AnswerService {
  const docs = Object.entries(REPORT).map(([path, raw]) => parseDocument(path, raw) as KnowledgeDocument);
  return new AnswerService({ index: new KnowledgeIndex(docs), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: answerAll });
}

describe('the sentence that answers', () => {
  it('is the row of the year asked for, and of the latest year when none is named', async () => {
    expect((await bakery().ask('share of flour that is organic in 2023?')).text).toMatch(/^Year: 2023 · Share of flour that is organic: 41 %/);
    expect((await bakery().ask('what share of flour is organic?')).text).toMatch(/^Year: 2025 · Share of flour that is organic: 63 %/);
  });

  it('is the latest year of the series, not a year only a target names', async () => {
    const raw = `---\ntitle: Bakery report\nlang: en\n---\n## Figures\n| Year | Share of flour that is organic |\n|---|---|\n| 2023 | 41 % |\n| 2024 | 58 % |\n| 2025 | 63 % |\n\nWe aim for 80 % by 2030.\n`;
    const doc = parseDocument('en/report.md', raw) as KnowledgeDocument;
    const service = new AnswerService({ index: new KnowledgeIndex([doc]), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: answerAll });
    expect((await service.ask('what share of flour is organic?')).text).toMatch(/^Year: 2025 · Share of flour that is organic: 63 %/);
  });

  it('is the one that says what a thing is, not a later one that only dates it', async () => {
    // both hold "green" and "wednesday": one sentence is no series of years, and its year is no reason to prefer it
    const raw = `---\ntitle: Loyalty programme\nlang: en\n---\n## Green perks\n- Ten bonus points for every drink served in a reusable cup.\n- Green Wednesday: double points on every drink with plant milk each Wednesday.\n- Members can give points to the food bank.\n\nGreen Wednesday started on 3 September 2025. Before that, members got five bonus points for plant milk every day.\n`;
    const service = serviceOver({ 'en/loyalty.md': raw });
    const { text } = await service.ask('what is green wednesday?');
    expect(text).toContain('Green Wednesday: double points');
    expect(text).not.toContain('started on');
  });

  it('is looked for in every section of the best document, not only the one ranked first', async () => {
    // "Organic flour" holds more of the question; how much there was in 2024 is said in "Figures"
    const a = await bakery().ask('how much organic flour did our bakers choose in 2024?');
    expect(a.citations[0]?.id).toBe('en/report.md#figures');
    expect(a.text).toContain('Year: 2024 · Share of flour that is organic: 58 %');
  });

  it('to how much, in a year named, states another number than that year', async () => {
    const raw = `---\ntitle: Hotel report\nlang: en\n---\n## Food waste\nFood waste at breakfast came to 21.4 tonnes in 2025. Agents may quote the total food waste for 2025 when a guest asks. Guests can see the figures at reception.\n`;
    const service = serviceOver({ 'en/report.md': raw });
    expect((await service.ask('how much food waste was there in total in 2025?')).text).toContain('21.4 tonnes');
  });

  it('to when, states a year or a date', async () => {
    const raw = `---\ntitle: Energy\nlang: en\n---\n## Solar\nSolar panels were fitted in 2021. The Bergen hotel has solar panels on its roof. Guests can see them from the terrace.\n`;
    const service = serviceOver({ 'en/energy.md': raw });
    expect((await service.ask('when did the Bergen hotel get solar panels?')).text).toContain('2021');
  });

  it('to who, names someone the question does not', () => {
    const raw = `---\ntitle: Repairs\nlang: en\n---\n## Bike repairs\nBikes in Oslo are repaired within two days. Customers get a text message when it is ready. Repairs of bikes are done by Sykkelverkstedet AS.\n`;
    const index = new KnowledgeIndex([parseDocument('en/repairs.md', raw) as KnowledgeDocument]);
    const first = (q: string) => {
      const analysis = index.analyse(q, 'en');
      return excerpt(index.search(analysis, 'en').hits[0]!, analysis.concepts, 1, q).sentences[0];
    };
    expect(first('who repairs bikes in Oslo?')).toBe('Repairs of bikes are done by Sykkelverkstedet AS.');
    // asked how long, the sentence that holds most of the question
    expect(first('how long do bike repairs in Oslo take?')).toBe('Bikes in Oslo are repaired within two days.');
  });

  it('comes with the sentence before it, which it leans on', () => {
    const raw = `---\ntitle: Take-back\nlang: en\n---\n## Old appliances\nWhat happens to an old fridge?\nOld appliances go to the municipal recycling centre for free. This also applies to a fridge bought elsewhere, when the customer buys nothing from us.\n`;
    const index = new KnowledgeIndex([parseDocument('en/take-back.md', raw) as KnowledgeDocument]);
    const q = 'can a customer who buys nothing leave a fridge bought elsewhere?';
    const { concepts } = index.analyse(q, 'en');
    const hit = index.search(index.analyse(q, 'en'), 'en').hits[0]!;
    expect(excerpt(hit, concepts, 3, q).sentences).toEqual([
      'Old appliances go to the municipal recycling centre for free.',
      'This also applies to a fridge bought elsewhere, when the customer buys nothing from us.',
    ]);
  });

  it('to a question that says "not" of something, is the sentence that says it too, not the one about the other case', () => {
    const raw = `---\ntitle: Old sofas\nlang: en\n---\n## Taking old sofas away\nWhen a customer buys a new sofa, our drivers take the old sofa away for free. A customer who buys nothing can take the old one to the municipal recycling centre. Sofas we take away are reused where they can be.\n`;
    const index = new KnowledgeIndex([parseDocument('en/sofas.md', raw) as KnowledgeDocument]);
    const best = (q: string) => {
      const analysis = index.analyse(q, 'en');
      return excerpt(index.search(analysis, 'en').hits[0]!, analysis.concepts, 1, q).sentences;
    };
    const otherCase = ['A customer who buys nothing can take the old one to the municipal recycling centre.'];
    expect(best('will the drivers take an old sofa away if the customer does not buy a new one?')).toEqual(otherCase);
    expect(best("can the customer get rid of an old sofa without buying a new one?")).toEqual(otherCase);
    expect(best("what if the customer doesn't buy a new sofa, do we take the old one?")).toEqual(otherCase);
    // said without a "not", the question is about buying
    expect(best('will the drivers take an old sofa away when the customer buys a new one?')).toEqual(['When a customer buys a new sofa, our drivers take the old sofa away for free.']);
  });

  it('holds a compound asked for whole over a section that holds only its part', () => {
    const raw = `---\ntitle: Kassar\nlang: sv\n---\n## Fruktpåsar\nFruktpåsarna är gjorda av återvunnen plast.\n\n## Kassar\nPlastkassen är gjord av återvunnen plast.\n`;
    const index = new KnowledgeIndex([parseDocument('sv/kassar.md', raw) as KnowledgeDocument]);
    const q = 'är plastkassen återvunnen?';
    const { concepts } = index.analyse(q, 'sv');
    const [bags, carriers] = index.passagesOf('sv/kassar.md').map((passage) => answerStrength({ ...index.search(index.analyse(q, 'sv'), 'sv').hits[0]!, passage }, concepts, q));
    expect(carriers).toBeGreaterThan(bags!);
  });

  it('does not end at an abbreviation before a number', () => {
    expect(splitSentences('Bags are sold at art. 4411 in every bakery. Ask at the counter.')).toEqual(['Bags are sold at art. 4411 in every bakery.', 'Ask at the counter.']);
    // a word of four letters and more ends its sentence, whatever follows
    expect(splitSentences('We sold more last year. 2024 was our best.')).toEqual(['We sold more last year.', '2024 was our best.']);
  });
});

describe('the section quoted, by a fitted model', () => {
  it('follows the weights it is given: the section with the figure when numbers weigh, the strongest sentence without a model', async () => {
    const docs = Object.entries(REPORT).map(([path, raw]) => parseDocument(path, raw) as KnowledgeDocument);
    const service = (answering?: Record<string, number>) =>
      new AnswerService({ index: new KnowledgeIndex(docs), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: { ...answerAll, ...(answering ? { answering: answering as never } : {}) } });
    const q = 'do our bakers choose organic flour?';
    expect((await service().ask(q)).citations[0]?.id).toBe('en/report.md#organic-flour');
    const numbersWeigh = { ...Object.fromEntries(ANSWER_FEATURES.map((f) => [f, 0])), strength: 1, number: 5 };
    expect((await service(numbersWeigh).ask(q)).citations[0]?.id).toBe('en/report.md#figures');
  });

  it('counts as the introduction only text under the title before any heading, not a document’s first headed section', () => {
    const opening = (raw: string, q: string) => {
      const index = new KnowledgeIndex([parseDocument('en/report.md', raw) as KnowledgeDocument]);
      const analysis = index.analyse(q, 'en');
      return answeringCandidates(q, analysis, index.search(analysis, 'en').hits, index).map((c) => [c.hit.passage.heading, c.features.opening]);
    };
    const q = 'how much organic flour?';
    expect(opening(REPORT['en/report.md']!, q)).toEqual([['Organic flour', 0], ['Figures', 0]]);
    const withIntro = REPORT['en/report.md']!.replace('## Organic flour', 'We bake with organic flour.\n\n## Organic flour');
    expect(opening(withIntro, q)).toEqual([['Bakery report', 1], ['Organic flour', 0], ['Figures', 0]]);
  });

  it('is fitted from the sections that hold a question’s facts', () => {
    const none = Object.fromEntries(ANSWER_FEATURES.map((f) => [f, 0])) as Record<(typeof ANSWER_FEATURES)[number], number>;
    // the right section is never the strongest, always the one with a number
    const lists = Array.from({ length: 30 }, () => ({ features: [{ ...none, strength: 1 }, { ...none, strength: 0.8, number: 1 }], correct: [false, true] }));
    const w = fitListwise(ANSWER_FEATURES, lists, STRONGEST_SENTENCE);
    expect(w.number).toBeGreaterThan(1);
    expect(w.number * 1 + w.strength * 0.8).toBeGreaterThan(w.strength);
  });
});

/** A made-up roastery's packaging facts, one thing a section, last reviewed long ago. */
const PACKAGING: Record<string, string> = {
  'en/packaging.md': `---
title: Coffee packaging
lang: en
reviewed: 2024-01-10
---
## Foam
In 2023 the roastery stopped using polystyrene foam in its shipping boxes.

## Padding today
Moulded paper fibre now makes up 93 % of the padding in our boxes.

## Bags
Since 2023 our coffee bags can be recycled with soft plastics.

## Questions from customers
Do the shipping boxes still use polystyrene foam from suppliers?

Boxes are reused up to five times.
`,
};

describe('a question that asks two things', () => {
  const roastery = () => {
    const docs = Object.entries(PACKAGING).map(([path, raw]) => parseDocument(path, raw) as KnowledgeDocument);
    return new AnswerService({ index: new KnowledgeIndex(docs), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: answerAll });
  };

  it('is answered from both sections of the document that say them, each cited, the document named once for review', async () => {
    const a = await roastery().ask('did the roastery stop using polystyrene foam, and how much of the padding is paper fibre?');
    expect(a.text).toContain('stopped using polystyrene foam');
    expect(a.text).toContain('93 %');
    expect(a.citations.map((c) => c.id).sort()).toEqual(['en/packaging.md#foam', 'en/packaging.md#padding-today']);
    expect(a.notes.join(' ').match(/Coffee packaging/g)).toHaveLength(1);
  });

  it('keeps the second part when it names the same year as the first', async () => {
    const a = await roastery().ask('did the roastery stop using polystyrene foam, and can the coffee bags be recycled?');
    expect(a.text).toContain('stopped using polystyrene foam');
    expect(a.text).toContain('coffee bags can be recycled');
  });

  it('is not: one thing asked is quoted from one section, and never completed by a question or a sentence sharing one word', async () => {
    const one = await roastery().ask('did the roastery stop using polystyrene foam?');
    expect(one.citations.map((c) => c.id)).toEqual(['en/packaging.md#foam']);
    // the FAQ's question holds "shipping boxes" and "suppliers", which the quote lacks, but states nothing
    const faq = await roastery().ask('did the roastery stop using polystyrene foam from suppliers?');
    expect(faq.text).not.toContain('Do the shipping boxes still use');
    // "reused" alone is all the box sentence shares with the question
    const lone = await roastery().ask('did the roastery stop using polystyrene foam, is it reused?');
    expect(lone.text).not.toContain('Boxes are reused');
  });
});

/** A made-up delivery page: two cities said alike, the rest of the country and a price apart. */
const DELIVERY = `---
title: Home delivery
lang: en
---
## Electric vans in Oslo
In Oslo, home deliveries are made with electric vans.

## Electric vans in Bergen
Since 2025, home deliveries in Bergen are made with electric vans too.

## Outside the cities
Outside the cities, home deliveries are made by our transport partner, and the vehicles vary.

## Delivery prices
A home delivery costs 99 kroner.
`;

describe('two sections the question fits alike', () => {
  const delivery = () => serviceOver({ 'en/delivery.md': DELIVERY }, { ...DEFAULT_CALIBRATION, bias: 10 });

  it('are both quoted when the section model cannot tell them apart, each cited', async () => {
    const a = await delivery().ask('are home deliveries made with electric vans?');
    expect(a.citations.map((c) => c.id).sort()).toEqual(['en/delivery.md#electric-vans-in-bergen', 'en/delivery.md#electric-vans-in-oslo']);
    expect(a.text).toContain('In Oslo');
    expect(a.text).toContain('in Bergen');
  });

  it('is one quote when the question says which: a city it names, or another thing asked', async () => {
    const oslo = await delivery().ask('are home deliveries in Oslo made with electric vans?');
    expect(oslo.citations.map((c) => c.id)).toEqual(['en/delivery.md#electric-vans-in-oslo']);
    const price = await delivery().ask('what does a home delivery cost?');
    expect(price.citations.map((c) => c.id)).toEqual(['en/delivery.md#delivery-prices']);
  });
});

/** A made-up chemicals page: the section that answers names its subject in its heading, its sentence hardly at all. */
const CHEMICALS = `---
title: Chemicals in our products
lang: en
---
## Substances of very high concern
Substances of very high concern are put on the candidate list of the EU chemicals agency, which updates the candidate list twice a year.

## Deadline for questions about the candidate list
Within 45 days the customer gets a reply on whether a product holds such a substance.
`;

describe('a second quote whose heading says what it is about', () => {
  it('is quoted when its heading speaks of the question, though its sentence shares one word with it', async () => {
    const service = serviceOver({ 'en/chemicals.md': CHEMICALS }, { ...DEFAULT_CALIBRATION, bias: 10 });
    const a = await service.ask('deadline for questions about the candidate list of substances of very high concern');
    expect(a.text).toContain('Within 45 days');
    expect(a.citations.map((c) => c.id)).toContain('en/chemicals.md#deadline-for-questions-about-the-candidate-list');
  });

  it('speaks of the question through its heading only when it quotes a sentence', async () => {
    const index = new KnowledgeIndex([parseDocument('en/chemicals.md', CHEMICALS) as KnowledgeDocument]);
    const { hits, analysis } = await retrieve('deadline for questions about the candidate list of substances of very high concern', index, {});
    const section = hits.find((h) => h.passage.heading.startsWith('Deadline'))!;
    const sentence = ['Within 45 days the customer gets a reply on whether a product holds such a substance.'];
    expect(speaksOf({ hit: section, sentences: sentence }, analysis.concepts, true)).toBe(true);
    expect(speaksOf({ hit: section, sentences: sentence }, analysis.concepts)).toBe(false);
    expect(speaksOf({ hit: section, sentences: [] }, analysis.concepts, true)).toBe(false);
  });
});

describe('a quote from a section written as one long line', () => {
  it('is cut to the words that answer, at a word, marked with …, so the answer stays readable in chat', async () => {
    const filler = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i % 7} ledd`).join(' ');
    const line = `${filler(700, 'rapport')} Lysrør sorteres som farlig avfall i butikkenes miljøstasjon ${filler(300, 'vedlegg')}`;
    const docs = [parseDocument('nb/rapport.md', `---\ntitle: Årsrapport\nlang: nb\n---\n## Avfall\n${line}\n`) as KnowledgeDocument];
    const reports = new AnswerService({ index: new KnowledgeIndex(docs), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: answerAll });
    const a = await reports.ask('Hvor sorteres lysrør i butikkene?');
    expect(a.abstained).toBe(false);
    const quote = a.citations[0]!.quote;
    expect(quote.length).toBeLessThanOrEqual(MAX_QUOTED_CHARS);
    expect(quote).toContain('Lysrør sorteres som farlig avfall');
    expect(quote).toMatch(/^…\S/);
    expect(quote).toMatch(/\S…$/);
    // cut between words: every word quoted is a word of the section
    for (const word of quote.replace(/…/g, '').split(' ')) expect(line.split(' ')).toContain(word);
    expect(a.text.length).toBeLessThan(MAX_QUOTED_CHARS + 100);
  });
});

describe('a quote of list items', () => {
  const shop = (raw: string) => new AnswerService({ index: new KnowledgeIndex([parseDocument('en/shop.md', raw) as KnowledgeDocument]), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: answerAll });

  it('sets each item apart from the next, where they would run together as one statement', async () => {
    const raw = `---\ntitle: The shop\nlang: en\n---\n## Opening hours\n- Monday to Friday 9–20\n- Saturday 10–18\n- Sunday closed\n`;
    const answer = await shop(raw).ask('when is the shop open on saturday?');
    expect(answer.text).toContain('Monday to Friday 9–20; Saturday 10–18');
    expect(answer.citations[0]!.quote).toContain('9–20; Saturday');
  });

  it('ends a list led in by a sentence before the sentence after it, and leaves sentences that end as written', async () => {
    const raw = `---\ntitle: Take-back\nlang: en\n---\n## What the stores take back\nEvery store takes back, free of charge:\n\n- mobile phones\n- small kitchen appliances such as kettles\n\nLarge appliances are collected when a new one is delivered. Bring a receipt.\n`;
    const answer = await shop(raw).ask('do the stores take back kettles?');
    expect(answer.text).toContain('such as kettles; Large appliances are collected when a new one is delivered.');
    expect(answer.text).not.toContain('delivered.;');
  });
});
