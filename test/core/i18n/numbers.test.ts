import { tGoal } from '../../../src/core/i18n/goal-strings';
import { tPulse } from '../../../src/core/i18n/pulse-strings';
import { t } from '../../../src/core/i18n/strings';

describe("numbers in the bot's words, as the reader's language writes them", () => {
  test.each([
    ['nb', 'Spørsmålet er for langt (12\u00a0345 tegn). Kort det ned til under 2\u00a0000 tegn, så svarer jeg.'],
    ['sv', 'Frågan är för lång (12\u00a0345 tecken). Korta ner den till under 2\u00a0000 tecken, så svarar jag.'],
    ['da', 'Spørgsmålet er for langt (12.345 tegn). Gør det kortere end 2.000 tegn, så svarer jeg.'],
    ['en', 'The question is too long (12,345 characters). Shorten it to under 2,000 characters and I will answer.'],
  ] as const)('a length and a limit in %s', (lang, text) => {
    expect(t(lang, 'tooLong', { length: 12345, max: 2000 })).toBe(text);
  });

  test('a count in a plural form, and a limit inside a sentence', () => {
    expect(tGoal('nb', 'tookDays', { days: 1200, start: '0', current: '10', unit: 'samtaler' })).toMatch(/^Nådd på 1\u00a0200 dager,/);
    expect(tPulse('en', 'storedCommentCut', { max: 1000 })).toBe(' and the first 1,000 characters of your comment (the rest was not stored)');
    expect(tGoal('nb', 'tooLong', { max: 1000 })).toBe('For langt: høyst 1\u00a0000 tegn.');
  });

  test('what only looks like a number is given as text and kept as written: a goal number, a week, a year', () => {
    expect(tGoal('nb', 'kudosUnknownGoal', { ref: '1234' })).toContain('#1234');
    expect(tGoal('en', 'digestTitle', { week: '48' })).toBe('Wins of week 48');
    expect(tGoal('en', 'progressSaved', { title: 'Plan 2026', current: '2026', unit: 'calls', target: '3000' })).toBe('Plan 2026: now 2026 calls of 3000.');
  });
});
