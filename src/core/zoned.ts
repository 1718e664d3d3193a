import { Cron } from 'croner';
import type { Lang } from './lang';
import { isoWeek } from './pulse/iso-week';

/** Time as a team lives it: weeks, weekdays and clock times in the team's own time zone. */

const LOCALES: Record<Lang, string> = { nb: 'nb-NO', sv: 'sv-SE', da: 'da-DK', en: 'en-GB' };

export function locale(lang: Lang): string {
  return LOCALES[lang];
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Monday 00:00 in `tz` of the week that holds `at` (daylight saving included). */
export function weekStart(tz: string, at: Date): Date {
  const runs = new Cron('0 0 * * 1', { timezone: tz, paused: true }).previousRuns(1, new Date(at.getTime() + 1000));
  return runs[0]!;
}

/** Monday 00:00 in `tz` of the week after the one that holds `at`. */
export function nextWeekStart(tz: string, at: Date): Date {
  return new Cron('0 0 * * 1', { timezone: tz, paused: true }).nextRun(at)!;
}

/** The week's occurrence of an ISO weekday (1 Monday … 7 Sunday) and HH:MM in `tz`, for the week holding `at`. */
export function occurrenceInWeek(tz: string, day: number, time: string, at: Date): Date {
  const [hh, mm] = time.split(':');
  const cronDay = day % 7;
  const start = weekStart(tz, at);
  return new Cron(`${Number(mm)} ${Number(hh)} * * ${cronDay}`, { timezone: tz, paused: true }).nextRun(new Date(start.getTime() - 1000))!;
}

/** The calendar date in `tz`, as YYYY-MM-DD. */
export function localDate(tz: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The ISO week of the date in `tz`, as 2026-W48. */
export function weekIn(tz: string, at: Date): string {
  return isoWeek(new Date(`${localDate(tz, at)}T12:00:00Z`));
}

/**
 * The day with this year, month (1–12) and day of the month, at 00:00 UTC; undefined when the
 * calendar has no such day (2026-02-29, 2026-04-31, month 13): a Date would roll it into the next.
 */
export function calendarDay(year: number, month: number, day: number): Date | undefined {
  const date = new Date(0);
  // not Date.UTC, which reads a year below 100 as one in the 1900s
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

/** A day written exactly YYYY-MM-DD, at 00:00 UTC; undefined for any other writing of it, or a day the calendar lacks. */
export function isoDay(text: string): Date | undefined {
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return ymd ? calendarDay(Number(ymd[1]), Number(ymd[2]), Number(ymd[3])) : undefined;
}

export function formatDate(lang: Lang, isoDate: string, tz = 'UTC'): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? new Date(`${isoDate}T12:00:00Z`) : new Date(isoDate);
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? 'UTC' : tz }).format(d);
}

export function formatDateTime(lang: Lang, iso: string, tz: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(iso));
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(lang: Lang, n: number, digits = 2): string {
  // a formatter costs far more to make than to use: a summary formats dozens of numbers
  const key = `${lang} ${digits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits })));
  return format.format(n);
}

/** The name of an ISO weekday (1 Monday … 7 Sunday) in the reader's language. */
export function weekdayName(lang: Lang, day: number): string {
  // 4 January 2026 is a Sunday, so 4 + day lands on the wanted weekday
  return new Intl.DateTimeFormat(LOCALES[lang], { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + day)));
}
