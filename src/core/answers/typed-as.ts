import { createHash } from 'node:crypto';
import { plainSpelling } from '../knowledge/text';

/** How an eval can have its questions typed, to see how a store holds up to how agents write. */
export const TYPINGS = ['plain', 'caps', 'typo'] as const;
export type Typing = (typeof TYPINGS)[number];

/**
 * A question as an agent might type it:
 *  - `plain`: without the Nordic letters (å, ä → a; æ → ae; ø, ö → o), as on a keyboard without them;
 *  - `caps`: in capitals throughout;
 *  - `typo`: with one typo (a letter dropped, doubled or swapped with the next) in one of its words
 *    of six letters or more, the same typo every run.
 */
export function typedAs(typing: Typing, question: string): string {
  if (typing === 'caps') return question.toUpperCase();
  if (typing === 'plain') return question.replace(/[åäæøöÅÄÆØÖ]/gu, (c) => (c === c.toLowerCase() ? plainSpelling(c) : plainSpelling(c.toLowerCase()).toUpperCase()));
  const long = [...question.matchAll(/\p{L}{6,}/gu)];
  if (long.length === 0) return question;
  // the question's own hash picks the word, the place and the kind of typo: reproducible, and spread
  const h = createHash('sha256').update(question).digest();
  const word = long[h[0]! % long.length]!;
  const w = word[0];
  const at = 1 + (h[1]! % (w.length - 2));
  const typo = [w.slice(0, at) + w.slice(at + 1), w.slice(0, at) + w[at] + w.slice(at), w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)][h[2]! % 3]!;
  return question.slice(0, word.index) + typo + question.slice(word.index! + w.length);
}
