import { NgramIndex } from '../../../src/core/knowledge/ngram-index';

const texts = [
  ['elsykkelbatteriet', 'må', 'leveres', 'separat'],
  ['sykkelverksted', 'åpent', 'lørdag'],
  ['batterier', 'til', 'mobiltelefoner'],
  ['klimaregnskap', 'for', 'butikkene'],
];

describe('character n-gram ranking', () => {
  const index = new NgramIndex(texts);
  const q = (...ws: string[]) => index.query(ws.map((word) => ({ word, weight: 1 })));

  it('finds a compound from one of its parts, and an inflection, with no word list', () => {
    expect(index.search(q('batteri'), 4)[0]?.id).toBe(2);
    expect(index.search(q('elsykkel', 'batteri'), 4)[0]?.id).toBe(0);
  });

  it('finds a word through a typo and a neighbouring language', () => {
    expect(index.search(q('klimaredovisning', 'butikerna'), 4)[0]?.id).toBe(3);
    expect(index.search(q('verkstad', 'cykel'), 4)[0]?.id).toBe(1);
  });

  it('gives the same cosine for one passage as search does', () => {
    const hits = index.search(q('batteri'), 4);
    // the search skips pieces in more than a quarter of the passages; this small store has none
    for (const h of hits) expect(index.similarity(q('batteri'), h.id)).toBeCloseTo(h.score, 5);
    expect(index.similarity(q('zzzz'), 0)).toBe(0);
  });
});

describe('a question word read again', () => {
  it('weighs as in an index that never read it, at any weight and beside any words', () => {
    const used = new NgramIndex(texts);
    used.query([{ word: 'batteri', weight: 1 }]);
    used.query([{ word: 'sykkel', weight: 2 }]);
    const asked = [{ word: 'batteri', weight: 0.5 }, { word: 'sykkel', weight: 1 }, { word: 'klima', weight: 0.25 }];
    expect(used.query(asked)).toEqual(new NgramIndex(texts).query(asked));
  });
});
