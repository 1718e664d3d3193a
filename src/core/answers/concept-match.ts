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

/** The index terms that stand for each concept, looked up by stem. */
export type Matcher = { byTerm: Map<string, Concept[]>; concepts: Concept[] };

export function matcherOf(concepts: Concept[]): Matcher {
  const byTerm = new Map<string, Concept[]>();
  for (const c of concepts) {
    for (const t of [...c.forms, ...c.equivalents]) {
      const list = byTerm.get(t);
      if (!list) byTerm.set(t, [c]);
      else if (!list.includes(c)) list.push(c);
    }
  }
  return { byTerm, concepts };
}

/** Where in a piece of text each concept is found, by word position. */
export function found(text: string, m: Matcher): Map<Concept, number[]> {
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
  return out;
}

/** The concepts a piece of text holds. */
export function conceptsIn(text: string, m: Matcher): Set<Concept> {
  return new Set(found(text, m).keys());
}
