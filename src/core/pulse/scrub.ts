import { randomInt } from 'node:crypto';
import type { Lang } from '../lang';
import type { TextMarkup } from '../messages';

/**
 * Scrubs a pulse comment before a lead reads it. Each finding becomes a one-character marker first
 * (a private-use code point, never a letter or a digit), so a later pass cannot match inside an
 * earlier placeholder, and the placeholders in the reader's language are put in only at the end.
 *
 * URLs are removed, not kept: their paths and queries carry names and ids (LinkedIn profiles,
 * SharePoint personal sites, ticket and chat permalinks that lead back to the writer), and a lead
 * reading anonymous comments needs the point, not the link.
 *
 * Every pattern has bounded repetition or consumes without backtracking, so the work stays linear
 * in the input's length whatever it holds.
 */

type Kind = 'name' | 'email' | 'phone' | 'link';

const PLACEHOLDER = {
  name: { nb: '[navn]', sv: '[namn]', da: '[navn]', en: '[name]' },
  email: { nb: '[e-post]', sv: '[e-post]', da: '[e-mail]', en: '[e-mail]' },
  phone: { nb: '[telefon]', sv: '[telefon]', da: '[telefon]', en: '[phone]' },
  link: { nb: '[lenke]', sv: '[länk]', da: '[link]', en: '[link]' },
} satisfies Record<Kind, Record<Lang, string>>;

const MARK: Record<Kind, string> = { name: '\uE001', email: '\uE002', phone: '\uE003', link: '\uE004' };
const KIND_OF_MARK = new Map(Object.entries(MARK).map(([kind, mark]) => [mark, kind as Kind]));
const MARKS = /([\uE001-\uE004])/u;
const PRIVATE_USE = /[\uE000-\uF8FF]/gu;

/** The longest comment a lead is shown, placeholders included: a longer one is cut. */
export const COMMENT_MAX = 1000;

/** A character that continues a word: a name must not start or end next to one. */
const WORD = String.raw`[\p{L}\p{M}\p{N}_]`;


const URL = new RegExp(
  String.raw`(?<![\p{L}\p{N}@._-])(?:(?:https?|ftp):\/\/|www\.)[^\s<>"]+` +
    // a bare domain with a path: sharepoint.com/personal/kari_nordmann, linkedin.com/in/kari
    String.raw`|(?<![\p{L}\p{N}@._-])[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,7}\.\p{L}{2,24}\/[^\s<>"]*`,
  'giu',
);
/** What ends a sentence rather than a URL: given back to the text. */
const URL_TAIL = /[.,;:!?'"»”)\]}]+$/u;

const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])(?:mailto:)?[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}`,
  'giu',
);

// @kari, @kari.nordmann; a dot or hyphen only inside the handle, not as the sentence's full stop.
const AT_MENTION = new RegExp(String.raw`(?<![\p{L}\p{N}._%+-])@[\p{L}\p{N}](?:[\p{L}\p{N}_]|[.-](?=[\p{L}\p{N}])){0,79}`, 'gu');

// A day, a month and a year as dates write them, and a time's hour and minute: "12.34.56" is no
// date and "25.30" no time, so a phone number they start is not kept for one.
const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])`;
const MONTH = String.raw`(?:0?[1-9]|1[0-2])`;
const YEAR = String.raw`(?:19|20)\d{2}`;
const HOUR = String.raw`(?:[01]?\d|2[0-3])`;
const MINUTE = String.raw`[0-5]\d`;

// Numbers that look like a phone number's digits but are not one: kept as they are. A date or a
// time is one only on its own: "12.34" that goes on ".56.78" is the start of a phone number.
const KEEP_NUMBERS = new RegExp(
  [
    // dates: 2026-11-23, 23.11.2026, 23.11.26, 23/11/26, 23-11-2026 (not 20-12-34, a Danish number in pairs)
    String.raw`(?<!\p{N}-?)(?:${YEAR}-${MONTH}-${DAY}|${DAY}-${MONTH}-${YEAR})(?!-?\p{N})`,
    String.raw`(?<!\p{N}[./]?)(?:${DAY}\.${MONTH}\.(?:${YEAR}|\d{2})|\d{1,2}\/\d{1,2}\/(?:\d{4}|\d{2}))(?![./]?\p{N})`,
    // year ranges: 2025–2026, 2025 - 2026
    String.raw`(?<!\p{N})${YEAR} ?[-–/] ?${YEAR}(?!\p{N})`,
    // times: 13:00, 13.00, 08:30:15
    String.raw`(?<!\p{N}[:.]?)${HOUR}[:.]${MINUTE}(?::${MINUTE})?(?![:.]?\p{N})`,
    // amounts with a currency or unit: kr 1 299, 1 299 kr, 12 500,50 NOK, 45 %, 299,-
    String.raw`(?<![\p{L}\p{N}])(?:kr\.?|NOK|SEK|DKK|EUR|USD|GBP|€|\$|£) ?(?:\d{1,3}(?:[ \u00a0.]\d{3}){1,5}(?:,\d{1,2})?|\d{1,16}(?:[.,]\d{1,2})?)(?!\p{N})`,
    String.raw`(?<!\p{N})(?:\d{1,3}(?:[ \u00a0.]\d{3}){1,5}(?:,\d{1,2})?|\d{1,16}(?:[.,]\d{1,2})?) ?(?:kr\.?|kroner|kronor|NOK|SEK|DKK|EUR|USD|GBP|€|\$|£|%|‰|,-|:-|\.-)(?![\p{L}\p{N}])`,
  ].join('|'),
  'giu',
);

// A separator inside a phone number: a space, or a hyphen or dash with optional spaces.
const PHONE_SEP = String.raw`(?: ?[-–] ?|[ \u00a0])`;
// A dot separates groups too (12.34.56.78, 912.34.567), of two to four digits: more after a dot is
// a decimal (3.14159265).
const PHONE_DOT_GROUP = String.raw`\.\d{2,4}(?!\p{N})`;
// Optional +47 / (+45) / (45); then digit groups, every group after the first at least two digits
// long, so a run of small numbers ("1 2 3 4 5 6 7 8") is not read as a phone number.
const PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_+])(?<!\p{N}[:.,/])(?:\(\+?\d{1,4}\) ?|\+ ?)?\d{1,15}(?:${PHONE_SEP}\d{2,15}|${PHONE_DOT_GROUP}){0,7}(?![\p{L}\p{N}_])`,
  'gu',
);
// Norwegian and Danish numbers have eight digits, Swedish ones seven to ten with the leading 0.
// More than E.164's 15 is scrubbed too: two numbers in a row, or an account or card number, are no
// better to show. Seven digits are a number only with the leading 0 and grouped, as a Swedish
// number is written ("08-123 45"): a case or order number is one run ("1234567", "0123456").
const PHONE_MIN_DIGITS = 8;
const isPhone = (m: string) => {
  const digits = m.replace(/\D/g, '').length;
  return digits >= PHONE_MIN_DIGITS || (digits === PHONE_MIN_DIGITS - 1 && m.startsWith('0') && /\D/.test(m));
};

// two mentions in a row ("@Kari @Nordmann") are one person as far as the reader can tell.
const NAME_RUN = new RegExp(`${MARK.name}(?:[ \\u00a0]{1,3}${MARK.name})+`, 'gu');

/** Held numbers during the phone pass: \uE000, the index in private-use digits, \uE00F. */
const HELD = /\uE000([\uE100-\uE1FF]+)\uE00F/gu;

/**
 * A pulse comment as a lead may read it: e-mail addresses, phone numbers, links, mentions (the
 * chat platforms' own `markup` first, as each channel describes it) and the team's own names (also
 * written without their Nordic letters) replaced by a placeholder in the reader's language, trimmed,
 * and capped at 1,000 characters.
 */
export function scrubComment(text: string, knownNames: readonly string[], lang: Lang, markup: readonly TextMarkup[] = []): string {
  return scrubAndCut(text, knownNames, lang, markup).text;
}

/** As `scrubComment`, and whether it was cut at COMMENT_MAX: the writer is told what of it was kept. */
export function scrubAndCut(text: string, knownNames: readonly string[], lang: Lang, markup: readonly TextMarkup[] = [], max = COMMENT_MAX): { text: string; cut: boolean } {
  let out = text.normalize('NFC').replace(PRIVATE_USE, '');
  for (const m of markup) out = out.replace(m.pattern, (match) => MARK[typeof m.kind === 'function' ? m.kind(match) : m.kind]);
  out = out.replace(URL, (url) => {
    const tail = URL_TAIL.exec(url)?.[0] ?? '';
    return MARK.link + tail;
  });
  out = out.replace(EMAIL, MARK.email);
  out = out.replace(AT_MENTION, MARK.name);
  out = scrubPhones(out);
  out = scrubNames(out, knownNames);
  out = out.replace(NAME_RUN, MARK.name);
  return render(out.trim(), lang, max);
}

/**
 * A question as the curators' list keeps it: a customer's e-mail address, phone number or link an
 * agent pasted into it replaced as in a comment, and nothing cut (a question has its own limit).
 */
export function scrubQuestion(text: string, lang: Lang): string {
  return scrubAndCut(text, [], lang, [], Infinity).text;
}

function scrubPhones(text: string): string {
  const kept: string[] = [];
  const held = text.replace(KEEP_NUMBERS, (m) => {
    kept.push(m);
    return `\uE000${encodeIndex(kept.length - 1)}\uE00F`;
  });
  const scrubbed = held.replace(PHONE, (m) => (isPhone(m) ? MARK.phone : m));
  return scrubbed.replace(HELD, (_, code: string) => kept[decodeIndex(code)] ?? '');
}

function encodeIndex(i: number): string {
  let code = '';
  let n = i;
  do {
    code = String.fromCharCode(0xe100 + (n % 256)) + code;
    n = Math.floor(n / 256);
  } while (n > 0);
  return code;
}

function decodeIndex(code: string): number {
  let n = 0;
  for (const ch of code) n = n * 256 + (ch.charCodeAt(0) - 0xe100);
  return n;
}

function scrubNames(text: string, knownNames: readonly string[]): string {
  const words = nameWords(knownNames);
  if (words.length === 0) return text;
  // Possessive and genitive: Kari's, Kari’s, Karis, Lars'.
  const pattern = new RegExp(`(?<!${WORD})(?:${words.map(spellings).join('|')})(?:['’]s|['’]|s)?(?!${WORD})`, 'giu');
  return text.replace(pattern, MARK.name);
}

/**
 * Each part of each known name (first, middle, last), longest first. A full name in the text then
 * becomes one placeholder per part, which NAME_RUN folds into one. Parts with fewer than two letters
 * (initials) are left out, as is anything in brackets ("Kari (support)").
 */
function nameWords(knownNames: readonly string[]): string[] {
  const words = new Map<string, string>();
  for (const raw of knownNames) {
    const parts = raw
      .normalize('NFC')
      .replace(PRIVATE_USE, '')
      .replace(/\([^)]*\)|\[[^\]]*\]/gu, ' ')
      .split(/[\s._@]+/u)
      .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
      .filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) >= 2);
    for (const part of parts) words.set(part.toLowerCase(), part);
  }
  return [...words.values()].sort((a, b) => b.length - a.length);
}

/**
 * How a Nordic letter is written without it, on a keyboard or in a name that lacks it: Jørgen as
 * Jorgen or Joergen, Åsa as Asa or Aasa, and the neighbour language's letter (Jörgen, Bäk).
 */
const WRITTEN_AS: Readonly<Record<string, readonly string[]>> = {
  å: ['aa', 'a'],
  æ: ['ae', 'ä'],
  ä: ['ae', 'æ', 'a'],
  ø: ['oe', 'ö', 'o'],
  ö: ['oe', 'ø', 'o'],
};
/** A part shorter than this matches only as written: "Ås" and "Bø" without their letters are everyday words. */
const MIN_FOLDED = 3;

/** A name part as a pattern that also matches it written without its Nordic or accented letters. */
function spellings(word: string): string {
  if ([...word].length < MIN_FOLDED) return escapeRegExp(word);
  return [...word.toLowerCase()]
    .map((ch) => {
      const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
      const other = WRITTEN_AS[ch] ?? (plain !== ch ? [plain] : []);
      return other.length > 0 ? `(?:${[ch, ...other].map(escapeRegExp).join('|')})` : escapeRegExp(ch);
    })
    .join('');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Markers to placeholders, cut at `max` characters without splitting a placeholder or a surrogate pair. */
function render(marked: string, lang: Lang, max: number): { text: string; cut: boolean } {
  const parts = marked.split(MARKS).map((part) => {
    const kind = KIND_OF_MARK.get(part);
    return kind ? { text: PLACEHOLDER[kind][lang], atomic: true } : { text: part, atomic: false };
  });
  const full = parts.map((p) => p.text).join('');
  if (full.length <= max) return { text: full, cut: false };

  const room = max - 1;
  let out = '';
  for (const part of parts) {
    if (out.length + part.text.length <= room) {
      out += part.text;
      continue;
    }
    if (!part.atomic) {
      let piece = part.text.slice(0, room - out.length);
      const last = piece.charCodeAt(piece.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) piece = piece.slice(0, -1);
      out += piece;
    }
    break;
  }
  return { text: `${out.trimEnd()}…`, cut: true };
}

/** Fisher–Yates. Comments are shown in an order that says nothing about who wrote when. */
export function shuffle<T>(items: readonly T[], random?: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random ? Math.min(i, Math.floor(random() * (i + 1))) : randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
