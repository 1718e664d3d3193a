import { ANSWER_FEATURES, type AnswerFeature, type AnswerWeights, weightedSum } from '../knowledge/calibration';
import type { KnowledgeIndex, QueryAnalysis, SearchHit } from '../knowledge/index';
import { asksForQuantity } from '../knowledge/text';
import { answerStrength } from './extractive';
import { sentenceEvidence } from './sentence-evidence';

/** Without a fitted model: the section whose best sentence holds most of the question. */
export const STRONGEST_SENTENCE: AnswerWeights = Object.fromEntries(ANSWER_FEATURES.map((f) => [f, f === 'strength' ? 1 : 0])) as AnswerWeights;

/** Every section of a hit's document, in order, each as a hit (with the ranked hit's scores: only the passage differs). */
export function sectionsOf(top: SearchHit, index: Pick<KnowledgeIndex, 'passagesOf'>): SearchHit[] {
  return index.passagesOf(top.passage.path).map((passage) => ({ ...top, passage }));
}

/** The sections of the first hit's document, each as a hit, with what choosing among them weighs. */
export function answeringCandidates(question: string, analysis: QueryAnalysis, hits: SearchHit[], index: Pick<KnowledgeIndex, 'passagesOf'>): { hit: SearchHit; features: Record<AnswerFeature, number> }[] {
  const top = hits[0]!;
  const quantity = asksForQuantity(question);
  const sections = sectionsOf(top, index).map((hit) => ({ hit, strength: answerStrength(hit, analysis.concepts, question) }));
  const strongest = Math.max(...sections.map((s) => s.strength)) || 1;
  return sections.map(({ hit, strength }) => {
    const at = hits.findIndex((h) => h.passage === hit.passage);
    const evidence = sentenceEvidence(question, hit, analysis.concepts, analysis.numbers);
    const number = /\p{N}/u.test(hit.passage.text) ? 1 : 0;
    return {
      hit: at >= 0 ? hits[at]! : hit,
      features: {
        strength: strength / strongest,
        ranked: hit.passage === top.passage ? 1 : 0,
        place: at >= 0 ? 1 / (at + 1) : 0,
        fused: at >= 0 && top.score > 0 ? hits[at]!.score / top.score : 0,
        constrained: evidence.constrained,
        phraseApart: evidence.phraseApart,
        opening: hit.passage.introduction ? 1 : 0,
        number,
        quantity: quantity ? number : 0,
      },
    };
  });
}

/**
 * The sections of the best document by how likely the weights make each to hold the answer (a
 * softmax over the document's sections, as the model was fitted), most likely first; of equals, the
 * ranked first, then the earliest.
 */
export function answeringSections(question: string, analysis: QueryAnalysis, hits: SearchHit[], index: Pick<KnowledgeIndex, 'passagesOf'>, weights: AnswerWeights): { hit: SearchHit; likelihood: number }[] {
  // the ranked first goes first, so it keeps its place against an equal
  const candidates = answeringCandidates(question, analysis, hits, index).sort((a, b) => b.features.ranked - a.features.ranked);
  const scores = candidates.map((c) => weightedSum(ANSWER_FEATURES, weights, c.features));
  const max = Math.max(...scores);
  const odds = scores.map((s) => Math.exp(s - max));
  const sum = odds.reduce((a, b) => a + b, 0);
  return candidates.map((c, i) => ({ hit: c.hit, likelihood: odds[i]! / sum })).sort((a, b) => b.likelihood - a.likelihood);
}
