import { z } from 'zod';
import { Lang } from '../lang';
import { calendarDay } from '../zoned';

/**
 * Codes curators also write for the four languages: Norwegian's ISO 639-1 code (and Nynorsk's, read
 * as Norwegian) and the three-letter ones; and the languages' names, in their own words and in English.
 */
const LANG_ALIASES: Record<string, Lang> = {
  no: 'nb', nn: 'nb', nob: 'nb', nor: 'nb', swe: 'sv', dan: 'da', eng: 'en',
  norsk: 'nb', bokmål: 'nb', bokmal: 'nb', nynorsk: 'nb', norwegian: 'nb', svenska: 'sv', svensk: 'sv', swedish: 'sv', dansk: 'da', danish: 'da', english: 'en', engelsk: 'en', engelska: 'en',
};

/** The language a code or name names, as a folder or front matter writes it: "nb", "NO", "sv-SE", "eng", "Norsk", "Svenska". */
export function langOfCode(code: string): Lang | undefined {
  const base = code.trim().toLowerCase().split(/[-_\s]/)[0]!;
  const lang = LANG_ALIASES[base] ?? base;
  return Lang.safeParse(lang).success ? (lang as Lang) : undefined;
}

/** A line written without a value (`title:`) is a line left out. */
const leftOut = (v: unknown) => (v === null ? undefined : v);

/** A title YAML reads as a number (`title: 2030`) is the text written. */
const asText = (v: unknown) => (typeof v === 'number' ? String(v) : leftOut(v));

/** A list as curators write it: a YAML list, or words between commas on one line (`tags: pant, flasker`). */
const asList = (v: unknown) => (typeof v === 'string' ? v.split(',').map((w) => w.trim()).filter(Boolean) : leftOut(v));

const TAGS = 'tags must be a list of words, [word, word] or word, word';

/** Who keeps a document true: one name, or several (`owner: [kari@…, ola@…]`). */
const asOwner = (v: unknown) => (Array.isArray(v) && v.every((o) => typeof o === 'string') ? v.join(', ') : leftOut(v));

/**
 * Front matter of a knowledge document, as curators write it. Every field may be left out: a
 * document without a title is titled by its first `#` heading or its file name, and one without a
 * language is read as the language its folder is named for (`nb/`, `sv/`, `no/`, `en-GB/` …) or,
 * with none, as the language its text is written in.
 */
export const WrittenFrontMatter = z.object({
  title: z.preprocess(asText, z.string().trim().min(1, 'title is empty: write one or leave the line out').optional()),
  lang: z.preprocess((v) => (typeof v === 'string' ? (langOfCode(v) ?? v) : leftOut(v)), Lang.optional()),
  source: z.preprocess(leftOut, z.string().url('source must be a web address that starts with https://').optional()),
  owner: z.preprocess(asOwner, z.string().trim().min(1).optional()),
  /** Read by `reviewedDate` first: a date written another way is a problem of its own, not the document's. */
  reviewed: z.date().optional(),
  tags: z.preprocess(asList, z.array(z.union([z.string(), z.number()], TAGS).transform(String), TAGS).default([])),
});

/**
 * The fields that describe a document without being its text or settling how it is read: one
 * written wrong is named, and the document published without it (its text still answers).
 */
export const DESCRIPTIVE_FIELDS = ['source', 'owner', 'tags'] as const;
export type WrittenFrontMatter = z.infer<typeof WrittenFrontMatter>;

/** A document's front matter with its title and language settled, written or found. */
export type FrontMatter = WrittenFrontMatter & { title: string; lang: Lang };

export interface KnowledgeDocument {
  /** Path relative to the knowledge folder, with forward slashes: the document's id. */
  path: string;
  meta: FrontMatter;
  passages: Passage[];
}

/** A section of a document under one heading: what search returns and answers cite. */
export interface Passage {
  /** `relative/path.md#heading-slug` */
  id: string;
  path: string;
  title: string;
  heading: string;
  text: string;
  lang: Lang;
  tags: string[];
  source?: string;
  reviewed?: Date;
  /** The document's introduction: its text under the title before the first heading. */
  introduction?: true;
}

/**
 * The longest source URL Kompis is sure to link in every channel. Slack takes a source's number, name and
 * link as one text of at most 3,000 characters, names up to 300 (more once escaped): a longer
 * address may leave the source named there without its link.
 */
export const LINKED_SOURCE_CHARS = 2000;

/** A field a curator left out and the loader filled in, so the curator can check it. */
export interface Inferred {
  path: string;
  field: 'title' | 'lang';
  value: string;
  /** Where the value came from: the first `#` heading, the file name, the folder, the text. */
  from: 'heading' | 'file name' | 'folder' | 'text';
}

export interface LoadProblem {
  path: string;
  field: string;
  message: string;
  /** The document is published all the same, without the field at fault. */
  published?: true;
}

/** What `reviewed` asks for, in the problem a curator reads. */
const REVIEWED_FORMAT = 'reviewed must be a date such as 2026-03-14 (or 14.03.2026)';

/** The earliest `reviewed` day taken: an earlier one is a mistyped year (0024 for 2024), never a review. */
const FIRST_REVIEWED = calendarDay(1900, 1, 1)!;

/**
 * A `reviewed` date as curators write it: ISO (2026-03-14, a YAML date, with a time too) or the
 * Nordic day.month.year (14.03.2026, 14.3.2026), read as that day. Anything else is a problem, never a guess: "2026",
 * "20260314" or "12/01/2025" (January or December?) would date an answer wrong. So is a day before
 * 1900 or more than a year after `today`: a year mistyped (0024, 2207) would mark every answer from
 * the document as due for review, or none ever.
 */
export function reviewedDate(value: unknown, today: Date): Date | { problem: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { problem: REVIEWED_FORMAT } : inRange(value, value.toISOString().slice(0, 10), today);
  if (typeof value !== 'string') return { problem: `${REVIEWED_FORMAT}, not ${JSON.stringify(value)}` };
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const nordic = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : nordic ? [nordic[3], nordic[2], nordic[1]] : [];
  if (year === undefined) return { problem: `${REVIEWED_FORMAT}, not "${text}"` };
  const date = calendarDay(Number(year), Number(month), Number(day));
  return date ? inRange(date, text, today) : { problem: `reviewed is no such day: "${text}"` };
}

/** The day, or the problem naming the days a `reviewed` date may be: from 1900 to a year after `today`. */
function inRange(date: Date, text: string, today: Date): Date | { problem: string } {
  // today's day a year on (29 February's is 1 March)
  const last = calendarDay(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate())!;
  last.setUTCFullYear(last.getUTCFullYear() + 1);
  if (date >= FIRST_REVIEWED && date <= last) return date;
  return { problem: `reviewed must be a date from 1900-01-01 to ${last.toISOString().slice(0, 10)} (a year from today), not "${text}"` };
}
