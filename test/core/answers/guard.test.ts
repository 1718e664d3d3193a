import { normaliseQuestion } from '../../../src/core/answers/guard';
import { words } from '../../../src/core/knowledge/text';
import type { Answer } from '../../../src/core/answers/answer';
import { AnswerService } from '../../../src/core/answers/service';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import { silentLogger } from '../../../src/core/ports';
import { fixedClock, SAMPLE_PACK } from '../../helpers';

describe('a question as it is searched', () => {
  it('drops invisible format characters and reads compatibility forms as what they stand for', () => {
    expect(normaliseQuestion('Hvor kan kunder le\u200bvere gamle mo\u00adbiler?\u200e')).toBe('Hvor kan kunder levere gamle mobiler?');
    expect(normaliseQuestion('Hva er klimaavtrykket til Norda Book １４?')).toBe('Hva er klimaavtrykket til Norda Book 14?');
    expect(normaliseQuestion('\ufeffHur mycket ﬁber\u2060 finns det?')).toBe('Hur mycket fiber finns det?');
  });

  it('keeps the Nordic letters, and writes a decomposed one as the letter', () => {
    const nordic = 'Blåbær, øl og ærlig; Åre, Ängelholm, Örebro, Æbeltoft, Østerbro, Malmö';
    expect(normaliseQuestion(nordic)).toBe(nordic);
    expect(normaliseQuestion('bla\u030abær og \u212Bre')).toBe('blåbær og Åre');
  });

  it('matches a unit written with a superscript to the same unit typed plainly', () => {
    expect(words('120 kWh/m²')).toEqual(words('120 kWh/m2'));
  });

  it('answers a question pasted with a zero-width space, or with full-width digits, as the question typed plainly', async () => {
    const k = await openKnowledge(SAMPLE_PACK);
    const service = new AnswerService({ index: k.index, clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger });
    for (const [typed, plain] of [
      ['Hvor kan kunder le\u200bvere gamle mobiler?', 'Hvor kan kunder levere gamle mobiler?'],
      ['Hva er klimaavtrykket til Norda Book １４?', 'Hva er klimaavtrykket til Norda Book 14?'],
    ] as const) {
      const read = (a: Answer) => ({ abstained: a.abstained, cited: a.citations.map((c) => c.id), text: a.text });
      expect({ typed, ...read(await service.ask(typed)) }).toEqual({ typed, ...read(await service.ask(plain)) });
    }
  });
});
