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
export type Matcher = {
  byTerm: Map<string, Concept[]>;
  concepts: Concept[];
  seen: Map<string, Map<Concept, number[]>>;
  graded: Map<string, Map<Concept, number>>;
};

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
  const m = { byTerm, concepts, seen: new Map(), graded: new Map() };
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
      if (s.length < 7) continue;
      for (const c of m.concepts) if (c.forms.some((t) => inCompound(s, t))) add(c, i);
    }
  });
  m.seen.set(text, out);
  return out;
}

/** The concepts a piece of text holds. */
export function conceptsIn(text: string, m: Matcher): Set<Concept> {
  return new Set(found(text, m).keys());
}

/**
 * How much of each concept a piece of text names: 1 where a word holds it whole (as written, a
 * stem, an equivalent, or inside a longer compound), and where it holds only a part of a compound
 * the question wrote, that part's share of the word: "Påslakan" names less of "badlakan" than
 * "Badlakan" does. The map returned is shared: read it, do not change it.
 */
export function gradesIn(text: string, m: Matcher): Map<Concept, number> {
  const known = m.graded.get(text);
  if (known) return known;
  const grades = new Map<Concept, number>();
  const held = found(text, m);
  if (held.size > 0) {
    const tokens = tokensOf(text);
    for (const [c, at] of held) {
      if (c.parts.size === 0) {
        grades.set(c, 1);
        continue;
      }
      let best = 0;
      for (const i of at) {
        best = Math.max(best, tokenGrade(tokens[i]!, c, m));
        if (best === 1) break;
      }
      grades.set(c, best);
    }
  }
  m.graded.set(text, grades);
  return grades;
}

/** How much of the concept one word names: the largest share of what it is held through. */
function tokenGrade({ word, stems }: { word: string; stems: string[] }, c: Concept, m: Matcher): number {
  if (word === c.word) return 1;
  const share = (t: string) => c.parts.get(t) ?? 1;
  let best = 0;
  for (const s of stems) {
    if ((m.byTerm.get(s) ?? []).includes(c)) best = Math.max(best, share(s));
    for (const t of c.forms) if (inCompound(s, t)) best = Math.max(best, share(t));
  }
  return best;
}

/** A compound holds its parts: "papirposen" holds "pose". */
function inCompound(stem: string, term: string): boolean {
  return stem.length >= 7 && term.length >= 4 && stem.length > term.length + 2 && (stem.startsWith(term) || stem.endsWith(term));
}
