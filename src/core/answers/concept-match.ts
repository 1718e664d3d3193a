import type { Concept } from '../knowledge/index';
import { allStems, storeWords } from '../knowledge/text';
import { type Phrase, phraseAt } from '../knowledge/thesaurus';

/** A text's words with their stems in every language, kept for the texts read most: stemming is the costly part. */
const tokensCache = new Map<string, { word: string; stems: readonly string[] }[]>();
const TOKENS_CACHE_LIMIT = 50_000;

export function tokensOf(text: string): { word: string; stems: readonly string[] }[] {
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
  /** The concepts with phrases among their equivalents. */
  phrased: Concept[];
  seen: Map<string, Held>;
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
  const m = { byTerm, concepts, phrased: concepts.filter((c) => c.phrases.length > 0), seen: new Map() };
  matchers.set(concepts, m);
  return m;
}

/** What a piece of text holds of the question: where each concept is, by word position, and how much of it (see `gradesIn`). */
interface Held {
  at: Map<Concept, number[]>;
  grades: Map<Concept, number>;
}

/**
 * Reads a text once for every concept: a word holds a concept as written, through a stem or an
 * equivalent (the terms of `byTerm`), or inside a longer compound ("papirposen" holds "pose"). Held
 * through a part of a compound the question wrote, it holds that part's share of the concept.
 */
function read(text: string, m: Matcher): Held {
  const known = m.seen.get(text);
  if (known) return known;
  let held: Held | undefined;
  const add = (c: Concept, i: number, term?: string) => {
    held ??= { at: new Map(), grades: new Map() };
    const list = held.at.get(c);
    if (!list) held.at.set(c, [i]);
    else if (list.at(-1) !== i) list.push(i);
    const grade = term === undefined ? 1 : (c.parts.get(term) ?? 1);
    if (grade > (held.grades.get(c) ?? 0)) held.grades.set(c, grade);
  };
  const tokens = tokensOf(text);
  const words = m.phrased.length > 0 ? tokens.map((t) => t.word) : [];
  for (let i = 0; i < tokens.length; i++) {
    const { word, stems } = tokens[i]!;
    for (const c of m.concepts) if (word === c.word) add(c, i);
    // a phrase the concept stands for, written in words: "palm oil" for "palmeolie"
    for (const c of m.phrased) if (anyPhraseAt(c.phrases, words, i)) add(c, i);
    for (const s of stems) {
      const standing = m.byTerm.get(s);
      if (standing) for (const c of standing) add(c, i, s);
      if (s.length < 7) continue; // too short to be a compound: saves looking
      for (const c of m.concepts) for (const t of c.forms) if (inCompound(s, t)) add(c, i, t);
    }
  }
  // most texts a question reads hold none of it: they share one empty reading
  const result = held ?? NOTHING;
  m.seen.set(text, result);
  return result;
}

function anyPhraseAt(phrases: readonly Phrase[], words: readonly string[], i: number): boolean {
  for (const p of phrases) if (phraseAt(p, words, i)) return true;
  return false;
}

const NOTHING: Held = { at: new Map(), grades: new Map() };

/** Where in a piece of text each concept is found, by word position. The map returned is shared: read it, do not change it. */
export function found(text: string, m: Matcher): Map<Concept, number[]> {
  return read(text, m).at;
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
  return read(text, m).grades;
}

/** A compound holds its parts: "papirposen" holds "pose". */
function inCompound(stem: string, term: string): boolean {
  return stem.length >= 7 && term.length >= 4 && stem.length > term.length + 2 && (stem.startsWith(term) || stem.endsWith(term));
}
