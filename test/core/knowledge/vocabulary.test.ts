import { oneTypoAway } from '../../../src/core/knowledge/vocabulary';

describe('spellings one typo away', () => {
  it('are a letter dropped, added, changed, or two neighbours swapped, with the Nordic letters; not two typos, nor the word itself', () => {
    const near = oneTypoAway('bttet');
    for (const meant of ['byttet', 'btet', 'btter', 'tbtet', 'bøttet']) expect([meant, near.has(meant)]).toEqual([meant, true]);
    for (const other of ['byttes', 'bytter', 'bttet']) expect([other, near.has(other)]).toEqual([other, false]);
  });
});
