import { calendarDay, isoDay } from '../../src/core/zoned';

const iso = (d: Date | undefined) => d?.toISOString();

describe('a day in the calendar', () => {
  it('is read from YYYY-MM-DD as its midnight UTC, leap days where the calendar has them', () => {
    for (const [text, at] of [
      ['2026-03-14', '2026-03-14T00:00:00.000Z'],
      ['2028-02-29', '2028-02-29T00:00:00.000Z'],
      ['2000-02-29', '2000-02-29T00:00:00.000Z'],
      ['2026-12-31', '2026-12-31T00:00:00.000Z'],
      ['2026-01-01', '2026-01-01T00:00:00.000Z'],
      ['2026-04-30', '2026-04-30T00:00:00.000Z'],
    ] as const) {
      expect({ text, at: iso(isoDay(text)) }).toEqual({ text, at });
    }
  });

  it('is no day when the calendar lacks it, rather than the day a Date rolls it into', () => {
    for (const text of ['2026-02-29', '1900-02-29', '2100-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32']) {
      expect({ text, at: iso(isoDay(text)) }).toEqual({ text, at: undefined });
    }
  });

  it('is read only as written exactly: no spaces around it, no time, no other order or width', () => {
    for (const text of [' 2026-03-14', '2026-03-14 ', '\t2028-02-29\n', '2026-3-14', '2026-03-14T09:30:00Z', '14.03.2026', '2026/03/14', '+02026-03-14', '26-03-14', '']) {
      expect({ text, at: iso(isoDay(text)) }).toEqual({ text, at: undefined });
    }
  });

  it('keeps a year below 100 as written: Date.UTC would read 0050 as 1950', () => {
    expect(iso(calendarDay(50, 3, 1))).toBe('0050-03-01T00:00:00.000Z');
    expect(iso(isoDay('0004-02-29'))).toBe('0004-02-29T00:00:00.000Z');
    expect(calendarDay(1900, 2, 29)).toBeUndefined();
  });

  it('is the same day from numbers as from its writing', () => {
    expect(iso(calendarDay(2028, 2, 29))).toBe(iso(isoDay('2028-02-29')));
    expect(calendarDay(2026, 2, 29)).toBeUndefined();
    expect(calendarDay(2026, 13, 1)).toBeUndefined();
  });
});
