import { validateGoal } from '../../../src/core/goals/smart';

const today = new Date('2026-11-22T12:00:00Z');

describe('SMART goal validation', () => {
  it('accepts a complete goal, lower-is-better included', () => {
    const r = validateGoal({ team: 'T', title: 'Faster answers', metric: 'handle time', start: 420, target: 360, unit: 's', direction: 'lower', due: '2027-01-31', owner: 'U1', why: 'Customers wait less' }, 'en', today);
    expect(r).toEqual({ ok: true, goal: { team: 'T', title: 'Faster answers', metric: 'handle time', start: 420, target: 360, unit: 's', direction: 'lower', due: '2027-01-31', owner: 'U1', why: 'Customers wait less' } });
  });

  it('says what is missing in SMART terms, in the lead language', () => {
    const r = validateGoal({ team: 'T', title: 'Bedre CSAT', target: 4.5 }, 'nb', today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(['metric', 'start', 'due', 'owner']);
    expect(r.problems.find((p) => p.field === 'due')!.message).toBe('Ingen frist: når skal dette være nådd?');
  });

  it('refuses a due date in the past and a target already met', () => {
    const r = validateGoal({ team: 'T', title: 'x', metric: 'CSAT', start: 4.6, target: 4.5, due: '2026-01-01', owner: 'U' }, 'sv', today);
    expect(r.ok || r.problems.map((p) => p.field)).toEqual(['target', 'due']);
  });

  // the forms mark the start value required, but a payload can leave it out: counted from 0, a
  // lower-is-better goal of 10 would be saved already met, and its first update celebrated
  it.each([
    ['nb', 'Mangler startverdi: hvor står dere i dag?'],
    ['sv', 'Startvärde saknas: var står ni i dag?'],
    ['da', 'Startværdi mangler: hvor står I i dag?'],
    ['en', 'No start value: where do you stand today?'],
  ] as const)('refuses a goal with no start value, in %s', (lang, message) => {
    const r = validateGoal({ team: 'T', title: 'Færre klager', metric: 'klager', target: 10, direction: 'lower', due: '2026-12-31', owner: 'U1' }, lang, today);
    expect(r).toEqual({ ok: false, problems: [{ field: 'start', message }] });
  });

  it.each([
    ['nb', 'Den datoen finnes ikke: velg en dag i kalenderen.'],
    ['sv', 'Det datumet finns inte: välj en dag i kalendern.'],
    ['da', 'Den dato findes ikke: vælg en dag i kalenderen.'],
    ['en', 'That date does not exist: pick a day from the calendar.'],
  ] as const)('refuses a due date that is not in the calendar, in %s', (lang, message) => {
    for (const due of ['2027-02-30', '2027-02-29', '2027-04-31', '2027-13-01', '2027-00-10', '2027-01-00', '31.01.2027']) {
      const r = validateGoal({ team: 'T', title: 'x', metric: 'CSAT', start: 4, target: 4.5, due, owner: 'U' }, lang, today);
      expect(r).toEqual({ ok: false, problems: [{ field: 'due', message }] });
    }
  });

  it('accepts the last day of a month, 29 February in a leap year included', () => {
    for (const due of ['2027-01-31', '2027-02-28', '2028-02-29', '2027-04-30', '2027-12-31']) {
      expect(validateGoal({ team: 'T', title: 'x', metric: 'CSAT', start: 4, target: 4.5, due, owner: 'U' }, 'en', today).ok).toBe(true);
    }
  });
});
