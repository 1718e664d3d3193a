import { LANGS } from '../../../src/core/lang';
import {
  commentPrompt,
  DEFAULT_QUESTION_IDS,
  PULSE_QUESTION_IDS,
  PULSE_QUESTIONS,
  pulseQuestion,
  scaleLabels,
  scaleValues,
} from '../../../src/core/pulse/questions';

describe('pulse question bank', () => {
  it('holds 6–10 questions with unique ids, every one listed as a stable id', () => {
    const ids = PULSE_QUESTIONS.map((q) => q.id);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(ids.length).toBeLessThanOrEqual(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...PULSE_QUESTION_IDS].sort());
  });

  it('keeps the stored ids of the six themes', () => {
    for (const id of ['expectations', 'support', 'results', 'recognition', 'workload', 'enps']) {
      expect(pulseQuestion(id)?.id).toBe(id);
    }
  });

  it.each(PULSE_QUESTIONS.map((q) => [q.id, q] as const))('%s has text and a short label in every language', (_, q) => {
    for (const lang of LANGS) {
      expect(q.text[lang].trim()).not.toBe('');
      expect(q.label[lang].trim()).not.toBe('');
      expect(q.label[lang].length).toBeLessThanOrEqual(28);
      if (q.scale === 'agree5') expect(q.text[lang].length).toBeLessThanOrEqual(90);
    }
    // written per language: no two languages share one text
    expect(new Set(LANGS.map((lang) => q.text[lang])).size).toBe(LANGS.length);
  });

  it('asks eNPS on 0–10 and everything else on the five-point agree scale', () => {
    expect(pulseQuestion('enps')?.scale).toBe('nps11');
    expect(pulseQuestion('enps')?.text.en).toBe('How likely is it that you would recommend this team as a place to work?');
    for (const q of PULSE_QUESTIONS.filter((q) => q.id !== 'enps')) {
      expect(q.scale).toBe('agree5');
      expect(q.text.en.endsWith('?')).toBe(false);
    }
  });

  it('defaults to the six themes, all in the bank, leaving some to choose from', () => {
    expect(DEFAULT_QUESTION_IDS).toEqual(['expectations', 'support', 'results', 'recognition', 'workload', 'enps']);
    for (const id of DEFAULT_QUESTION_IDS) expect(pulseQuestion(id)).toBeDefined();
    const optional = PULSE_QUESTIONS.filter((q) => !DEFAULT_QUESTION_IDS.includes(q.id));
    expect(optional.length).toBeGreaterThanOrEqual(2);
    expect(optional.length).toBeLessThanOrEqual(4);
  });

  it('finds nothing for an unknown id', () => {
    expect(pulseQuestion('nope')).toBeUndefined();
    expect(pulseQuestion('')).toBeUndefined();
    expect(pulseQuestion('toString')).toBeUndefined();
  });
});

describe('scales', () => {
  it('gives the values low to high', () => {
    expect(scaleValues('agree5')).toEqual([1, 2, 3, 4, 5]);
    expect(scaleValues('nps11')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('gives a fresh array each call', () => {
    const values = scaleValues('agree5');
    values.push(6);
    expect(scaleValues('agree5')).toEqual([1, 2, 3, 4, 5]);
  });

  it('names both ends in every language', () => {
    expect(scaleLabels('agree5', 'en')).toEqual({ low: 'Strongly disagree', high: 'Strongly agree' });
    expect(scaleLabels('nps11', 'en')).toEqual({ low: 'Not at all likely', high: 'Extremely likely' });
    expect(scaleLabels('agree5', 'nb')).toEqual({ low: 'Helt uenig', high: 'Helt enig' });
    expect(scaleLabels('nps11', 'da').low).toBe('Slet ikke sandsynligt');
    for (const scale of ['agree5', 'nps11'] as const) {
      for (const lang of LANGS) {
        const { low, high } = scaleLabels(scale, lang);
        expect(low.trim()).not.toBe('');
        expect(high.trim()).not.toBe('');
        expect(low).not.toBe(high);
      }
    }
  });
});

describe('comment prompt', () => {
  it('is in every language and says what is removed', () => {
    expect(commentPrompt.nb).toMatch(/Navn/);
    expect(commentPrompt.sv).toMatch(/Namn/);
    expect(commentPrompt.da).toMatch(/Navne/);
    expect(commentPrompt.en).toMatch(/Names/);
    for (const lang of LANGS) expect(commentPrompt[lang]).toMatch(/\((valgfritt|valfritt|valgfrit|optional)\)/);
  });
});
