import { typedAs } from '../../../src/core/answers/typed-as';
import { oneTypoAway } from '../../../src/core/knowledge/vocabulary';

describe('a question as an agent might type it', () => {
  it('without the Nordic letters, keeping the case', () => {
    expect(typedAs('plain', 'Får Ærøs butikker mål? Hvad med køleskabe i Malmö?')).toBe('Far AEros butikker mal? Hvad med koleskabe i Malmo?');
  });

  it('in capitals', () => {
    expect(typedAs('caps', 'hvor mye pant er det?')).toBe('HVOR MYE PANT ER DET?');
  });

  it('with one typo in a word of six letters or more, the same every run', () => {
    const question = 'Hvor kan kunder levere gamle mobiler?';
    const typed = typedAs('typo', question);
    expect(typedAs('typo', question)).toBe(typed);
    const [before, after] = [question.split(' '), typed.split(' ')];
    const changed = before.flatMap((w, i) => (w === after[i] ? [] : [[w, after[i]!]]));
    expect(changed).toHaveLength(1);
    const [[was, now]] = changed as [[string, string]];
    expect(was.replace('?', '').length).toBeGreaterThanOrEqual(6);
    expect(oneTypoAway(was.toLowerCase()).has(now.toLowerCase())).toBe(true);
    // nothing to mistype in short words
    expect(typedAs('typo', 'hva er pant?')).toBe('hva er pant?');
  });
});
