import { keepGrounded, numbersOfPassage, type Retrieved } from '../../../src/core/answers/grounded';
import type { Lang } from '../../../src/core/lang';

const passage = (id: string, text: string, lang: Lang = 'nb', title = 'Tittel', heading = 'Overskrift'): Retrieved => ({ id, title, heading, text, lang });

describe('keepGrounded', () => {
  const retrieved = [passage('a.md#x', 'Det koster 5 kroner, 20 % mer enn i fjor.'), passage('b.md#y', 'Ingen tall her.')];
  const cite = (answer: string, lang: Lang = 'nb', passages = retrieved) =>
    keepGrounded({ abstain: false, answer, citations: passages.map((p, i) => ({ marker: i + 1, passage_id: p.id })) }, passages, lang);

  it('renumbers markers in reading order and merges repeated citations of one passage', () => {
    const g = keepGrounded(
      { abstain: false, answer: 'First [3]. Second [1]. Third [3].', citations: [{ marker: 3, passage_id: 'b.md#y' }, { marker: 1, passage_id: 'a.md#x' }] },
      retrieved,
      'en',
    );
    expect(g).toEqual({ text: 'First [1]. Second [2]. Third [1].', cited: ['b.md#y', 'a.md#x'] });
  });

  it('reads a short abbreviation before a number as inside its sentence, and a marker after the full stop as the sentence\'s', () => {
    const g = keepGrounded({ abstain: false, answer: 'Det koster ca. 5 kroner [1]. Det er 20 % mer enn i fjor. [1] Ja.', citations: [{ marker: 1, passage_id: 'a.md#x' }] }, retrieved, 'nb');
    expect(g).toEqual({ text: 'Det koster ca. 5 kroner [1]. Det er 20 % mer enn i fjor. [1]', cited: ['a.md#x'] });
  });

  it('returns nothing when the answer cites no retrieved passage', () => {
    expect(keepGrounded({ abstain: false, answer: 'Claim [1].', citations: [{ marker: 1, passage_id: 'z.md#q' }] }, retrieved, 'en')).toBeUndefined();
    expect(keepGrounded({ abstain: false, answer: 'Claim without markers.', citations: [{ marker: 1, passage_id: 'a.md#x' }] }, retrieved, 'en')).toBeUndefined();
  });

  it('drops a sentence stating a number none of the passages it cites holds, however either writes it', () => {
    const deadline = [passage('frist.md#x', 'Norda skal svare senest tre uker etter at forespørselen er mottatt. Boten er 50 000 kroner, eller 2,5 % av omsetningen.', 'nb', 'Åpenhetsloven')];
    const kept = (answer: string, lang: Lang = 'nb') => cite(answer, lang, deadline)?.text;
    expect(kept('Norda skal svare senest fem virkedager etter at forespørselen er mottatt [1].')).toBeUndefined();
    expect(kept('Norda skal svare innen 5 dager [1].')).toBeUndefined();
    expect(kept('Svaret kommer innen tre uker [1]. Boten er 60 000 kroner [1].')).toBe('Svaret kommer innen tre uker [1].');
    // the same figures, written otherwise: digits for a word, another thousands separator, a decimal point, no space before %
    expect(kept('Norda svarer innen 3 uker [1]. Boten er 50000 kroner [1]. Den kan også være 2.5% av omsetningen [1].')).toBe(
      'Norda svarer innen 3 uker [1]. Boten er 50000 kroner [1]. Den kan også være 2.5% av omsetningen [1].',
    );
    expect(kept('Norda must answer within three weeks, and the fine is 50,000 kroner [1].', 'en')).toBe('Norda must answer within three weeks, and the fine is 50,000 kroner [1].');
    expect(kept('Boten er 50.000 kroner [1].', 'da')).toBe('Boten er 50.000 kroner [1].');
    // a number in the passage's title is the passage's: a code of letters and digits is compared as written
    const phone = [passage('s24.md#x', 'Batteriet holder i 600 ladesykluser.', 'nb', 'Norda S24')];
    expect(cite('Batteriet i Norda S24 holder i 600 ladesykluser [1].', 'nb', phone)?.text).toBe('Batteriet i Norda S24 holder i 600 ladesykluser [1].');
    expect(cite('Batteriet i Norda S25 holder i 600 ladesykluser [1].', 'nb', phone)).toBeUndefined();
  });

  it('takes a figure from any of the passages a sentence cites', () => {
    const two = [passage('a.md#x', 'Pantet er 5 kroner.'), passage('b.md#y', 'Rørene sendes til et anlegg i 2025.')];
    expect(cite('Pantet er 5 kroner, og fra 2025 sendes rørene til et anlegg [1][2].', 'nb', two)?.text).toBe('Pantet er 5 kroner, og fra 2025 sendes rørene til et anlegg [1][2].');
    expect(cite('Pantet er 5 kroner fra 2025 [1].', 'nb', two)).toBeUndefined();
  });

  it("reads a passage's numbers once for question after question, and a passage loaded again with other text anew", () => {
    const before = passage('frist.md#x', 'Svaret kommer innen tre uker.');
    expect(numbersOfPassage(before)).toBe(numbersOfPassage(before));
    expect(cite('Svaret kommer innen 3 uker [1].', 'nb', [before])?.text).toBe('Svaret kommer innen 3 uker [1].');
    expect(cite('Svaret kommer innen 3 uker [1].', 'nb', [before])?.text).toBe('Svaret kommer innen 3 uker [1].');
    // the same id, its text edited: what the old text held is no ground for an answer now
    const edited = passage('frist.md#x', 'Svaret kommer innen fem dager.');
    expect(cite('Svaret kommer innen 3 uker [1].', 'nb', [edited])).toBeUndefined();
    expect(cite('Svaret kommer innen 5 dager [1].', 'nb', [edited])?.text).toBe('Svaret kommer innen 5 dager [1].');
    expect([...numbersOfPassage(edited)].sort()).toEqual(['5']);
  });
});
