import { keepGrounded } from '../../../src/core/answers/grounded';

describe('keepGrounded', () => {
  const retrieved = new Set(['a.md#x', 'b.md#y']);

  it('renumbers markers in reading order and merges repeated citations of one passage', () => {
    const g = keepGrounded(
      { abstain: false, answer: 'One [3]. Two [1]. Three [3].', citations: [{ marker: 3, passage_id: 'b.md#y' }, { marker: 1, passage_id: 'a.md#x' }] },
      retrieved,
    );
    expect(g).toEqual({ text: 'One [1]. Two [2]. Three [1].', cited: ['b.md#y', 'a.md#x'] });
  });

  it('reads a short abbreviation before a number as inside its sentence, and a marker after the full stop as the sentence\'s', () => {
    const g = keepGrounded({ abstain: false, answer: 'Det koster ca. 5 kroner [1]. Det er 20 % mer enn i fjor. [1] Ja.', citations: [{ marker: 1, passage_id: 'a.md#x' }] }, retrieved);
    expect(g).toEqual({ text: 'Det koster ca. 5 kroner [1]. Det er 20 % mer enn i fjor. [1]', cited: ['a.md#x'] });
  });

  it('returns nothing when the answer cites no retrieved passage', () => {
    expect(keepGrounded({ abstain: false, answer: 'Claim [1].', citations: [{ marker: 1, passage_id: 'z.md#q' }] }, retrieved)).toBeUndefined();
    expect(keepGrounded({ abstain: false, answer: 'Claim without markers.', citations: [{ marker: 1, passage_id: 'a.md#x' }] }, retrieved)).toBeUndefined();
  });
});
