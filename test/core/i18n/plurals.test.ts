import { tGoal } from '../../../src/core/i18n/goal-strings';
import { tPulse } from '../../../src/core/i18n/pulse-strings';
import { translator } from '../../../src/core/i18n/strings';

describe('plurals through each language’s plural rule', () => {
  const vars = { start: '0', current: '10', unit: 'calls' };

  test.each([
    ['en', 1, 'Reached in 1 day,'],
    ['en', 2, 'Reached in 2 days,'],
    ['nb', 1, 'Nådd på 1 dag,'],
    ['nb', 12, 'Nådd på 12 dager,'],
    ['sv', 1, 'Nått på 1 dag,'],
    ['sv', 3, 'Nått på 3 dagar,'],
    ['da', 1, 'Nået på 1 dag,'],
    ['da', 5, 'Nået på 5 dage,'],
  ] as const)('a goal reached in %s after %i day(s)', (lang, days, start) => {
    expect(tGoal(lang, 'tookDays', { days, ...vars })).toMatch(new RegExp(`^${start}`));
  });

  test('the pulse counts answers and members in the right form', () => {
    expect(tPulse('en', 'stored', { n: 1, comment: '' })).toMatch(/^Thanks! Stored: 1 answer, as counts/);
    expect(tPulse('en', 'stored', { n: 4, comment: '' })).toMatch(/^Thanks! Stored: 4 answers, as counts/);
  });

  test('a count that is not a number leaves the phrase as written, so the mistake shows', () => {
    const t = translator({ k: { nb: '{n, plural, one {# ting} other {# ting}}', sv: '', da: '', en: '{n, plural, one {# thing} other {# things}}' } });
    expect(t('en', 'k', { n: 1 })).toBe('1 thing');
    expect(t('en', 'k', { n: 0 })).toBe('0 things');
    expect(t('en', 'k', {})).toBe('{n, plural, one {# thing} other {# things}}');
  });
});
