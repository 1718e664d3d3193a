/**
 * ISO 8601 week of a date in UTC, as `2026-W47`: the finest time a pulse answer is ever tied to.
 * The year has four digits (`0493-W37`), so weeks written here sort as text in time order; a date
 * outside the years 0–9999 has no such week and is refused.
 */
export function isoWeek(date: Date): string {
  // Date.UTC would read a year below 100 as 19xx
  const d = new Date(0);
  d.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`no ISO week of four digits holds ${Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString()}`);
  const yearStart = new Date(0);
  yearStart.setUTCFullYear(year, 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/**
 * `2026-W07` → 202607: a week as a number that orders weeks in time, however its year is written
 * (`493-W37` is before `2026-W49`, which text comparison gets wrong); undefined for what is no week.
 */
export function weekOrder(week: string): number | undefined {
  const m = /^(\d{1,6})-W(\d{2})$/.exec(week);
  return m ? Number(m[1]) * 100 + Number(m[2]) : undefined;
}

/** `2026-W07` → `7`: the week as people say it. */
export function weekNumber(week: string): string {
  return String(Number(week.slice(-2)));
}
