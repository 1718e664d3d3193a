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
    expect(r.problems.map((p) => p.field)).toEqual(['metric', 'due', 'owner']);
    expect(r.problems.find((p) => p.field === 'due')!.message).toBe('Ingen frist: når skal dette være nådd?');
  });

  it('refuses a due date in the past and a target already met', () => {
    const r = validateGoal({ team: 'T', title: 'x', metric: 'CSAT', start: 4.6, target: 4.5, due: '2026-01-01', owner: 'U' }, 'sv', today);
    expect(r.ok || r.problems.map((p) => p.field)).toEqual(['target', 'due']);
  });
});
