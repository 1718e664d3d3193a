import type { Lang } from '../lang';
import type { QueryAnalysis, SearchHit } from '../knowledge/index';
import { RANK_FEATURES, type RankFeature, type RankWeights, weightedSum } from '../knowledge/calibration';
import { sentenceEvidence } from './sentence-evidence';

/** How many of the fused order's first passages the ordering reads again. */
export const RERANK_DEPTH = 6;

export interface RankContext {
  question: string;
  analysis: QueryAnalysis;
  lang: Lang;
  /** The first document of each ranker. */
  firsts: string[];
  /** Whether the store writes documents in this language for one country (not for all). */
  isMarketLanguage: (lang: Lang) => boolean;
}

export function rankFeatures(ctx: RankContext, hits: SearchHit[]): Record<RankFeature, number>[] {
  const top = hits[0];
  if (!top) return [];
  const markets = new Set(ctx.analysis.markets);
  return hits.slice(0, RERANK_DEPTH).map((hit, i) => {
    const evidence = sentenceEvidence(ctx.question, hit, ctx.analysis.concepts, ctx.analysis.numbers);
    const lang = hit.passage.lang;
    return {
      fused: top.score > 0 ? hit.score / top.score : 0,
      place: 1 / (i + 1),
      coverage: hit.coverage,
      docCoverage: hit.docCoverage,
      ngram: Number.isNaN(hit.ngram) ? 0 : hit.ngram,
      constrained: evidence.constrained,
      phraseApart: evidence.phraseApart,
      first: ctx.firsts.length === 0 ? 0 : ctx.firsts.filter((f) => f === hit.passage.path).length / ctx.firsts.length,
      askersLanguage: lang === ctx.lang ? 1 : 0,
      marketNamed: markets.has(lang) ? 1 : 0,
      otherMarket: markets.size > 0 && !markets.has(lang) && ctx.isMarketLanguage(lang) ? 1 : 0,
    };
  });
}

export function rankScore(weights: RankWeights, features: Record<RankFeature, number>): number {
  return weightedSum(RANK_FEATURES, weights, features);
}

/** The leading passages in the order the weights give them (a stable sort: equals keep the fused order); the rest as they were. */
export function rerank(ctx: RankContext, hits: SearchHit[], weights: RankWeights): SearchHit[] {
  const features = rankFeatures(ctx, hits);
  const head = features.map((f, i) => ({ hit: hits[i]!, score: rankScore(weights, f), i })).sort((a, b) => b.score - a.score || a.i - b.i);
  return [...head.map((h) => h.hit), ...hits.slice(features.length)];
}
