import type { Concept } from '../knowledge/index';
import { allStems, storeWords } from '../knowledge/text';

/** A text's words with their stems in every language, kept for the texts read most: stemming is the costly part. */
const tokensCache = new Map<string, { word: string; stems: string[] }[]>();
const TOKENS_CACHE_LIMIT = 50_000;

export function tokensOf(text: string): { word: string; stems: string[] }[] {
  let tokens = tokensCache.get(text);
  if (!tokens) {
    tokens = storeWords(text).map((word) => ({ word, stems: allStems(word) }));
    if (tokensCache.size >= TOKENS_CACHE_LIMIT) tokensCache.clear();
    tokensCache.set(text, tokens);
  }
  return tokens;
}

/**
 * The index terms that stand for each concept, looked up by stem, with what it found in each text:
 * one question reads the same passages' sentences in the ranking, the decision and the quote.
 */
export type Matcher = { byTerm: Map<string, Concept[]>; concepts: Concept[]; seen: Map<string, Map<Concept, number[]>> };

/** One matcher a question's concepts (the same array), for as long as the question is alive. */
const matchers = new WeakMap<Concept[], Matcher>();

export function matcherOf(concepts: Concept[]): Matcher {
  const known = matchers.get(concepts);
  if (known) return known;
  const byTerm = new Map<string, Concept[]>();
  for (const c of concepts) {
    for (const t of [...c.forms, ...c.equivalents]) {
      const list = byTerm.get(t);
      if (!list) byTerm.set(t, [c]);
      else if (!list.includes(c)) list.push(c);
    }
  }
  const m = { byTerm, concepts, seen: new Map() };
  matchers.set(concepts, m);
  return m;
}

/** Where in a piece of text each concept is found, by word position. The map returned is shared: read it, do not change it. */
export function found(text: string, m: Matcher): Map<Concept, number[]> {
  const seen = m.seen.get(text);
  if (seen) return seen;
  const out = new Map<Concept, number[]>();
  const add = (c: Concept, i: number) => {
    const at = out.get(c);
    if (!at) out.set(c, [i]);
    else if (at.at(-1) !== i) at.push(i);
  };
  tokensOf(text).forEach(({ word, stems }, i) => {
    for (const c of m.concepts) if (word === c.word) add(c, i);
    for (const s of stems) {
      for (const c of m.byTerm.get(s) ?? []) add(c, i);
      // a compound holds its parts: "papirposen" holds "pose"
      if (s.length < 7) continue;
      for (const c of m.concepts) if (c.forms.some((t) => t.length >= 4 && s.length > t.length + 2 && (s.startsWith(t) || s.endsWith(t)))) add(c, i);
    }
  });
  m.seen.set(text, out);
  return out;
}

/** The concepts a piece of text holds. */
export function conceptsIn(text: string, m: Matcher): Set<Concept> {
  return new Set(found(text, m).keys());
}
