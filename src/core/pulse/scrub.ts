import { randomInt } from 'node:crypto';
import type { Lang } from '../lang';

const PLACEHOLDER: Record<'name' | 'email' | 'phone', Record<Lang, string>> = {
  name: { nb: '[navn]', sv: '[namn]', da: '[navn]', en: '[name]' },
  email: { nb: '[e-post]', sv: '[e-post]', da: '[e-mail]', en: '[e-mail]' },
  phone: { nb: '[telefon]', sv: '[telefon]', da: '[telefon]', en: '[phone]' },
};
const MAX = 1000;
const LETTER = 'A-Za-zÀ-ÖØ-öø-ÿ';

/**
 * A comment as a lead may read it: e-mail addresses, phone numbers, mentions and the team's own
 * names replaced by a placeholder in the reader's language, capped at 1,000 characters.
 */
export function scrubComment(text: string, knownNames: readonly string[], lang: Lang): string {
  let out = text.slice(0, 20_000);
  out = out.replace(/[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g, PLACEHOLDER.email[lang]);
  out = out.replace(/<@[A-Z0-9]+(?:\|[^>]{0,80})?>|<at>[^<]{0,80}<\/at>|(?<![\w.])@[\p{L}\d._-]{2,40}/gu, PLACEHOLDER.name[lang]);
  // phone numbers: 8+ digits with optional +country, spaces, dashes, parentheses
  out = out.replace(/(?<![\w\d-])(?:\(?\+\d{1,3}\)?[\s-]?)?\d(?:[\s-]?\d){7,13}(?![\w\d])/g, (m) => (looksLikeDate(m) ? m : PLACEHOLDER.phone[lang]));
  const words = new Set<string>();
  for (const name of knownNames) for (const part of name.split(/[\s.]+/)) if (part.length >= 2) words.add(part.toLowerCase());
  if (words.size > 0) {
    const alternatives = [...words].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    out = out.replace(new RegExp(`(?<![${LETTER}])(?:${alternatives})(?:'s|s)?(?![${LETTER}])`, 'giu'), PLACEHOLDER.name[lang]);
  }
  out = out.trim();
  return out.length > MAX ? `${out.slice(0, MAX - 1)}…` : out;
}

function looksLikeDate(m: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(m);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fisher–Yates with a cryptographic source unless one is given (tests). */
export function shuffle<T>(items: readonly T[], random?: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random ? Math.floor(random() * (i + 1)) : randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
