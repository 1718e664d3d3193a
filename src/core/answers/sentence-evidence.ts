import type { Passage } from '../knowledge/document';
import { type Concept, type SearchHit, weightOf } from '../knowledge/index';
import { perQuestion } from '../knowledge/kept';
import { storeWords } from '../knowledge/text';
import { found, matcherOf } from './concept-match';
import { splitSentences } from './extractive';

/**
 * Two words next to each other in a question name one thing ("Odense station", "scope 3"): a
 * passage speaks of that thing when it holds them this close, not when one is in one place and the
 * other somewhere else.
 */
const PHRASE_WINDOW = 3;

/**
 * How a passage holds the question where an answer is said, one sentence (a table row, a list item)
 * at a time, with the passage's heading and title that every sentence under them speaks of.
 */
export interface SentenceEvidence {
  /**
   * Share of the question's weight (idf) in the best sentence that also holds every number `required`
   * (the question's years and codes for the decision, all its numbers for the ordering): "how many in
   * 2023" is answered where 2023 is said, not where 2024 is.
   */
  constrained: number;
  /** That sentence, or '' when no sentence holds those numbers. */
  sentence: string;
  /**
   * Of the pairs of neighbouring question words the passage holds, the share it never holds near
   * each other in one sentence, table cell or heading.
   */
  phraseApart: number;
}

/** Kept while the question is alive: the ordering, the decision and the choice of the section read the same passages. */
const evidenceOf = perQuestion((concepts: Concept[], key: string, passage: Passage) => {
  const [question, required] = JSON.parse(key) as [string, string[]];
  return readEvidence(question, passage, concepts, required);
});

export function sentenceEvidence(question: string, hit: SearchHit, concepts: Concept[], required: readonly string[]): SentenceEvidence {
  return evidenceOf(concepts, JSON.stringify([question, required]), hit.passage);
}

function readEvidence(question: string, passage: Passage, concepts: Concept[], required: readonly string[]): SentenceEvidence {
  const total = weightOf(concepts) || 1;
  const context = [passage.heading, passage.title].filter(Boolean).join(' ');
  const contextWords = new Set(storeWords(context));
  const m = matcherOf(concepts);
  const contextHeld = found(context, m);
  let best = { weight: 0, sentence: '' };
  const units: Map<Concept, number[]>[] = [contextHeld];
  for (const sentence of splitSentences(passage.text)) {
    const tokens = storeWords(sentence);
    const held = found(sentence, m);
    if (required.every((n) => tokens.includes(n) || contextWords.has(n))) {
      let weight = 0;
      for (const c of concepts) if (held.has(c) || contextHeld.has(c)) weight += c.idf;
      if (weight > best.weight) best = { weight, sentence };
    }
    if (!sentence.includes(' · ')) units.push(held);
    else for (const cell of sentence.split(' · ')) units.push(found(cell, m));
  }
  return { constrained: best.weight / total, sentence: best.sentence, phraseApart: phraseApart(question, concepts, units) };
}

function phraseApart(question: string, concepts: Concept[], units: Map<Concept, number[]>[]): number {
  const byWord = new Map(concepts.map((c) => [c.word, c]));
  const asked = storeWords(question).map((w) => byWord.get(w));
  let held = 0;
  let apart = 0;
  for (let i = 0; i + 1 < asked.length; i++) {
    const [a, b] = [asked[i], asked[i + 1]];
    if (!a || !b || a === b) continue;
    if (!heldIn(units, a) || !heldIn(units, b)) continue;
    held++;
    if (!nearIn(units, a, b)) apart++;
  }
  return held === 0 ? 0 : apart / held;
}

function heldIn(units: Map<Concept, number[]>[], c: Concept): boolean {
  for (const u of units) if (u.has(c)) return true;
  return false;
}

/** Whether one unit holds the two within the phrase window of each other. */
function nearIn(units: Map<Concept, number[]>[], a: Concept, b: Concept): boolean {
  for (const u of units) {
    const at = u.get(a);
    const bt = u.get(b);
    if (at && bt) for (const p of at) for (const q of bt) if (Math.abs(p - q) <= PHRASE_WINDOW) return true;
  }
  return false;
}
