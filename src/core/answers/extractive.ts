import type { Concept, SearchHit } from '../knowledge/index';
import { cleanInline } from '../knowledge/split';
import { allStems, words } from '../knowledge/text';

export interface Excerpt {
  hit: SearchHit;
  sentences: string[];
}

const MAX_SENTENCES_PER_PASSAGE = 3;

/**
 * The sentences of a passage that best answer the question, in their original order: those
 * holding most of the question's words, by weight; the passage's opening when none does.
 */
export function excerpt(hit: SearchHit, concepts: Concept[], maxSentences = MAX_SENTENCES_PER_PASSAGE): Excerpt {
  const sentences = splitSentences(hit.passage.text);
  const scored = sentences.map((s, i) => ({ s, i, score: sentenceScore(s, concepts) }));
  const best = scored
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, maxSentences)
    .sort((a, b) => a.i - b.i);
  const chosen = best.length > 0 ? best : scored.slice(0, 2);
  return { hit, sentences: chosen.map((x) => x.s) };
}

function sentenceScore(sentence: string, concepts: Concept[]): number {
  const stems = new Set(words(sentence).flatMap((w) => allStems(w)));
  let score = 0;
  for (const c of concepts) {
    const found = c.own.some((t) => stems.has(t) || [...stems].some((s) => t.length >= 5 && s.startsWith(t)));
    if (found) score += c.weight;
    else if (c.equivalents.some((t) => stems.has(t))) score += c.weight * 0.8;
  }
  return score;
}

/** Sentences and list items of a markdown passage, inline markup removed. */
export function splitSentences(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.split(/\n\s*\n/)) {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    const isList = lines.every((l) => /^([-*+]|\d+[.)]|\|)/.test(l));
    const pieces = isList ? lines : [lines.join(' ')];
    for (const piece of pieces) {
      const text = cleanInline(piece.replace(/^([-*+]|\d+[.)])\s+/, '').replace(/^\|(.*)\|$/, '$1').replace(/\s*\|\s*/g, ' · '));
      if (/^[·\s:-]*$/.test(text)) continue;
      const sentences = isList ? [text] : text.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}«"“])/u);
      out.push(...sentences.map((s) => s.trim()).filter((s) => s.length > 1));
    }
  }
  return out;
}
