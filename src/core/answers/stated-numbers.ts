import type { Lang } from '../lang';
import { words } from '../knowledge/text';

/**
 * The numbers a text states, each as the values it can be read as, so that a figure in a model's
 * sentence can be looked for in the passages it cites whatever way either writes it:
 * - digits, with a space, a dot or a comma grouping thousands or marking decimals: "1 000", "1000",
 *   "1.000" and "1,000" are a thousand (the last two also one: the same figure is 1 in one language
 *   and 1000 in another, and either reading is held); "2,5" and "2.5" are two and a half; "25 %" and
 *   "25%" are 25. A run of more separators is thousands ("1.000.000"), thousands and decimals
 *   ("1.000,5"), or else a date's or a version's parts, each a number ("01.01.2025" holds 1 and 2025);
 * - a name or a code of letters and digits ("S24", "CO2", "m²"), as it is written;
 * - a number written as a word in the text's language, two to twelve and twenty ("tre uker",
 *   "five working days"). One is left out: each language's word for it is also its article or a
 *   pronoun. "Hundred", "thousand" and "million" multiply the number before them and stand for none.
 */
export function numbersIn(text: string, lang: Lang): string[][] {
  const plain = text.normalize('NFKC');
  const found: string[][] = [];
  for (const m of plain.matchAll(NUMBER)) found.push(readingsOf(m[0]));
  for (const m of plain.matchAll(CODE)) found.push([`code:${m[0].toLowerCase()}`]);
  const spelled = SPELLED[lang];
  for (const w of words(plain, false)) {
    const n = spelled[w];
    if (n !== undefined) found.push([String(n)]);
  }
  return found;
}

/** Every value the numbers of these texts can be read as. */
export function numbersHeld(texts: { text: string; lang: Lang }[]): Set<string> {
  return new Set(texts.flatMap((t) => numbersIn(t.text, t.lang).flat()));
}

/** Digits not inside a word, with their separators: a space only before a group of three ("50 000", not "2024 500"). */
const NUMBER = /(?<![\p{L}\p{N}.,])\d+(?:(?:[.,]|[ \u00A0\u202F](?=\d{3}(?!\d)))\d+)*/gu;
/** A word of letters then digits: a model name, a code, a unit ("S24", "CO2", "m2"). */
const CODE = /(?<![\p{L}\p{N}])\p{L}+\p{N}[\p{L}\p{N}]*/gu;
const SPACE = /[ \u00A0\u202F]/;

const value = (digits: string): string => String(Number(digits));

function readingsOf(token: string): string[] {
  const groups = token.split(SPACE);
  if (groups.length > 1) {
    const last = groups.length - 1;
    const thousands = /^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g, i) => /^\d{3}$/.test(g) || (i + 1 === last && /^\d{3}[.,]\d+$/.test(g)));
    return thousands ? readingsOf(groups.join('')) : groups.flatMap(readingsOf);
  }
  const parts = token.split(/[.,]/);
  if (parts.length === 1) return [value(token)];
  const [whole, fraction] = parts as [string, string];
  if (parts.length === 2) return fraction.length === 3 ? [value(whole + fraction), value(`${whole}.${fraction}`)] : [value(`${whole}.${fraction}`)];
  const separators = token.replace(/\d/g, '');
  const grouped = (ps: string[]) => ps.every((p) => p.length === 3);
  if (new Set(separators).size === 1 && grouped(parts.slice(1))) return [value(parts.join(''))];
  if (new Set(separators.slice(0, -1)).size === 1 && separators.at(-1) !== separators[0] && grouped(parts.slice(1, -1))) {
    return [value(`${parts.slice(0, -1).join('')}.${parts.at(-1)!}`)];
  }
  return parts.map(value);
}

/** The number words of `NUMBER_WORDS` (knowledge/text) that name one number. */
const SPELLED: Record<Lang, Record<string, number>> = {
  nb: { to: 2, tre: 3, fire: 4, fem: 5, seks: 6, sju: 7, syv: 7, åtte: 8, ni: 9, ti: 10, elleve: 11, tolv: 12, tjue: 20 },
  sv: { två: 2, tre: 3, fyra: 4, fem: 5, sex: 6, sju: 7, åtta: 8, nio: 9, tio: 10, elva: 11, tolv: 12, tjugo: 20 },
  da: { to: 2, tre: 3, fire: 4, fem: 5, seks: 6, syv: 7, otte: 8, ni: 9, ti: 10, elleve: 11, tolv: 12, tyve: 20 },
  en: { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, twenty: 20 },
};
