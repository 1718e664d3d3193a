import { FUSED_ORDER, fitRanking, type RankingList } from '../../../src/core/answers/calibrate';
import { retrieve } from '../../../src/core/answers/retrieve';
import { rankScore } from '../../../src/core/answers/rerank';
import { Calibration, RANK_FEATURES, SIGNALS, type RankFeature, type Signals } from '../../../src/core/knowledge/calibration';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { Thesaurus } from '../../../src/core/knowledge/thesaurus';
import { documentsOf } from '../../helpers';

const none = Object.fromEntries(RANK_FEATURES.map((f) => [f, 0])) as Record<RankFeature, number>;

describe('fitting the order of the leading passages', () => {
  it('learns what the right passages have in common, whatever their place in the fused order', () => {
    // the right passage is always second in the fused order and written for the country named
    const lists: RankingList[] = Array.from({ length: 30 }, (_, i) => ({
      features: [
        { ...none, place: 1, coverage: 0.5 + (i % 3) * 0.1 },
        { ...none, place: 1 / 2, coverage: 0.5 + (i % 2) * 0.1, marketNamed: 1 },
        { ...none, place: 1 / 3, coverage: 0.4 },
      ],
      correct: [false, true, false],
    }));
    const w = fitRanking(lists);
    expect(w.marketNamed).toBeGreaterThan(1);
    const [first, second] = lists[0]!.features;
    expect(rankScore(w, second!)).toBeGreaterThan(rankScore(w, first!));
  });

  it('never learns to count the asker’s language against a passage, however often a set asks across languages', () => {
    // every right passage is in another language than the question's: a set written to test asking across languages
    const lists: RankingList[] = Array.from({ length: 30 }, () => ({
      features: [
        { ...none, place: 1, askersLanguage: 1, coverage: 0.6 },
        { ...none, place: 1 / 2, coverage: 0.6 },
      ],
      correct: [false, true],
    }));
    const w = fitRanking(lists);
    expect(w.askersLanguage).toBe(0);
    // what else tells the right passage apart is still learned
    expect(w.place).toBeLessThan(FUSED_ORDER.place);
    // and a store's model fitted before the floor is held to it when read
    expect(Calibration.parse({ weights: {}, bias: 0, ranking: { askersLanguage: -0.3, place: 2 } }).ranking).toMatchObject({ askersLanguage: 0, place: 2 });
  });

  it('keeps the fused order when the questions teach nothing about ordering', () => {
    const allRight: RankingList = { features: [{ ...none, place: 1 }, { ...none, place: 0.5 }], correct: [true, true] };
    const allWrong: RankingList = { features: [{ ...none, place: 1 }, { ...none, place: 0.5 }], correct: [false, false] };
    expect(fitRanking([allRight, allWrong])).toEqual(FUSED_ORDER);
  });
});

/** A made-up shop: a general English page, and the Swedish page for Sweden that holds the figure. */
const FILES: Record<string, string> = {
  'en/recycling.md': `---
title: Recycling old clothes
lang: en
---
## Collection
We collect old clothes in our stores and recycle what cannot be worn again. Customers get a voucher.
`,
  'sv/insamling.md': `---
title: Insamling av kläder i Sverige
lang: sv
---
## Kupong
Kunden får en kupong på 50 kr per påse kläder i våra butiker i Sverige.
`,
};

function store(): KnowledgeIndex {
  const thesaurus = new Thesaurus([['clothes', 'kläder'], ['voucher', 'kupong']], { sv: ['sweden', 'sverige', 'swedish'] });
  return new KnowledgeIndex(documentsOf(FILES), thesaurus);
}

describe('the order a calibration gives', () => {
  const answerAll = { weights: Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Signals, bias: 1 };
  const q = 'what voucher do customers get for old clothes in sweden?';

  it('is the fused order without a ranking model, and the model’s order with one', async () => {
    const fused = await retrieve(q, store(), { calibration: answerAll });
    expect(fused.hits[0]?.passage.path).toBe('en/recycling.md');
    const ranked = await retrieve(q, store(), { calibration: { ...answerAll, ranking: { ...FUSED_ORDER, marketNamed: 5 } } });
    expect(ranked.hits[0]?.passage.path).toBe('sv/insamling.md');
  });
});

describe('the country a question is about', () => {
  const files: Record<string, string> = {
    'nb/innlevering.md': `---
title: Innlevering av klær
lang: nb
---
## Butikkene
Kunden kan levere klær i butikken på Torgallmenningen i Bergen. I 2024 samlet vi inn 12 tonn.
Butikken der heter Klær & Sko, og Klær & Sko gir kupongen i appen GO.
`,
    'en/recycling.md': `---
title: Recycling old clothes
lang: en
---
## Collection
We collect old clothes in our stores, Bergen among them. In 2023 we recycled more than before.
`,
  };
  const index = () =>
    new KnowledgeIndex(
      documentsOf(files),
      new Thesaurus([['clothes', 'klær']], { nb: ['norway', 'norge'] }),
    );

  it('is named by a place the store writes only in that country’s documents, and in those written for no country', () => {
    expect(index().analyse('Customer in Bergen wants to drop off old clothes', 'en').markets).toEqual(['nb']);
    // as agents type it: the store writes it as a name
    expect(index().analyse('customer in bergen wants to drop off old clothes', 'en').markets).toEqual(['nb']);
  });

  it('is not named by a word the lexicon knows, nor by two letters, though the store writes them as names', () => {
    expect(index().analyse('where can customers hand in klær', 'en').markets).toEqual([]);
    expect(index().analyse('can the customer go to any store', 'en').markets).toEqual([]);
  });

  it('is not named by a year, nor by a word the store writes for more than one country', () => {
    expect(index().analyse('what did we collect in 2024?', 'en').markets).toEqual([]);
    expect(index().analyse('Do our stores take old Clothes?', 'en').markets).toEqual([]);
  });
});
