import { KompisError } from '../errors';
import { type Calibration, evidenceScore, heldToFloors, weightedSum, RANK_FEATURES, RANKING_FLOORS, type RankFeature, type RankWeights, SIGNALS, type Signals } from '../knowledge/calibration';

export interface LabelledSignals {
  signals: Signals;
  /** The store answers the question (its eval lists documents for it). */
  answerable: boolean;
}

const STEPS = 4000;
const LEARNING_RATE = 0.5;
/**
 * How strongly the fit is held to its starting model: a store's few dozen questions move the shipped
 * model only as far as they show, and a signal that separates a small set perfectly does not run off.
 */
const L2 = 0.01;

/**
 * Fits the answer-or-abstain model on a store's own eval questions: logistic regression over the
 * signals, from a starting model (the shipped one) and held near it, each class weighted equally
 * however many questions it has, then the threshold moved to where false abstentions and wrong
 * answers are fewest together (each as a share of its class), among the thresholds that refuse no
 * more of the answerable questions than `maxFalseAbstentions`.
 */
export function fitCalibration(rows: LabelledSignals[], on: string, start?: Calibration, opts: ThresholdOptions = {}): Calibration {
  const yes = rows.filter((r) => r.answerable).length;
  const no = rows.length - yes;
  if (yes === 0 || no === 0) throw new KompisError('calibration_one_kind', `calibrating needs both kinds of question, to answer and to refuse: ${yes} to answer and ${no} to refuse`);
  const prior = Object.fromEntries(SIGNALS.map((s) => [s, start?.weights[s] ?? 0])) as Record<(typeof SIGNALS)[number], number>;
  const w = { ...prior };
  let bias = start?.bias ?? 0;
  for (let step = 0; step < STEPS; step++) {
    const grad = Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Record<(typeof SIGNALS)[number], number>;
    let gradBias = 0;
    for (const r of rows) {
      const p = 1 / (1 + Math.exp(-evidenceScore({ weights: w, bias }, r.signals)));
      const weight = r.answerable ? 0.5 / yes : 0.5 / no;
      const err = (p - (r.answerable ? 1 : 0)) * weight;
      for (const s of SIGNALS) grad[s] += err * r.signals[s];
      gradBias += err;
    }
    for (const s of SIGNALS) w[s] -= LEARNING_RATE * (grad[s] + L2 * (w[s] - prior[s]));
    bias -= LEARNING_RATE * gradBias;
  }
  const scores = rows.map((r) => ({ score: evidenceScore({ weights: w, bias }, r.signals), answerable: r.answerable }));
  const threshold = bestThreshold(scores, yes, no, opts.maxFalseAbstentions ?? 1);
  const model = { weights: w, bias: bias - threshold };
  const answered = (r: LabelledSignals) => evidenceScore(model, r.signals) >= 0;
  const tentativeBelow = tentativeCut(scores.map((s) => ({ ...s, score: s.score - threshold })));
  return {
    ...model,
    ...(tentativeBelow > 0 ? { tentativeBelow } : {}),
    fitted: {
      on,
      questions: rows.length,
      answerable: yes,
      abstain: no,
      falseAbstentions: rows.filter((r) => r.answerable && !answered(r)).length / yes,
      abstentionRecall: rows.filter((r) => !r.answerable && !answered(r)).length / no,
    },
  };
}

/** At most this share of the answerable questions a store answers is called tentative. */
const MOST_TENTATIVE = 0.2;

/**
 * Where the answers a store gives stop being tentative: of the questions it answers (score ≥ 0),
 * the cut that most sets apart the ones it should have refused from the answerable ones (the share
 * of the first below it, less the share of the second), calling at most a fifth of the answerable
 * ones tentative. 0 (none tentative) when it answers none it should refuse.
 */
export function tentativeCut(scores: { score: number; answerable: boolean }[]): number {
  const answered = scores.filter((s) => s.score >= 0);
  const yes = answered.filter((s) => s.answerable).map((s) => s.score);
  const no = answered.filter((s) => !s.answerable).map((s) => s.score);
  if (yes.length === 0 || no.length === 0) return 0;
  let best = 0;
  let bestGap = 0;
  // cuts between neighbouring scores, from the weakest up, as far as the share allows
  const distinct = [...new Set(answered.map((s) => s.score))].sort((a, b) => a - b);
  for (let i = 1; i < distinct.length; i++) {
    const cut = (distinct[i - 1]! + distinct[i]!) / 2;
    const hedged = yes.filter((s) => s < cut).length / yes.length;
    if (hedged > MOST_TENTATIVE) break;
    const gap = no.filter((s) => s < cut).length / no.length - hedged;
    if (gap > bestGap) [best, bestGap] = [cut, gap];
  }
  return best;
}

export interface ThresholdOptions {
  /**
   * The largest share of the answerable questions the threshold may refuse: below it, false
   * abstentions and wrong answers are fewest together; without it, anywhere.
   */
  maxFalseAbstentions?: number;
}

/**
 * The score to answer from: fewest errors, each class's share counted alike, among the cuts that
 * refuse at most `maxFalseAbstentions` of the answerable; of equals, the one with fewer false abstentions.
 */
function bestThreshold(scores: { score: number; answerable: boolean }[], yes: number, no: number, maxFalseAbstentions: number): number {
  const sorted = [...new Set(scores.map((s) => s.score))].sort((a, b) => a - b);
  const cuts = [sorted[0]! - 1, ...sorted.slice(1).map((s, i) => (s + sorted[i]!) / 2), sorted.at(-1)! + 1];
  // the lowest cut refuses none, so some cut always keeps within the bound
  let best = cuts[0]!;
  let bestCost = Infinity;
  for (const cut of cuts) {
    const falseAbstain = scores.filter((s) => s.answerable && s.score < cut).length / yes;
    if (falseAbstain > maxFalseAbstentions) continue;
    const wrongAnswer = scores.filter((s) => !s.answerable && s.score >= cut).length / no;
    const cost = falseAbstain + wrongAnswer + falseAbstain * 1e-6;
    if (cost < bestCost) [best, bestCost] = [cut, cost];
  }
  return best;
}

/** One question's candidates (passages): what a listwise model weighs of each, and which are right. */
export interface Listed<F extends string> {
  features: Record<F, number>[];
  correct: boolean[];
}
export type RankingList = Listed<RankFeature>;

/** The fused order as it is: only the place counts. */
export const FUSED_ORDER: RankWeights = Object.fromEntries(RANK_FEATURES.map((f) => [f, f === 'place' ? 1 : 0])) as RankWeights;

/**
 * Fits the ordering of the leading passages: a listwise model (softmax over each question's
 * passages) that makes the right ones likely, from the fused order and held near it, so a store's
 * few questions move it only as far as they show. Questions with no right passage among the leading
 * ones teach nothing about ordering and are left out.
 */
export function fitRanking(lists: RankingList[], start: RankWeights = FUSED_ORDER): RankWeights {
  return fitListwise(RANK_FEATURES, lists, start, RANKING_FLOORS);
}

/** A softmax over each list's candidates, fitted to make the right ones likely, held near `start`. */
export function fitListwise<F extends string>(names: readonly F[], lists: Listed<F>[], start: Record<F, number>, floors: Partial<Record<F, number>> = {}): Record<F, number> {
  const useful = lists.filter((l) => l.correct.some(Boolean) && l.correct.some((c) => !c));
  const w = heldToFloors(start, floors);
  if (useful.length === 0) return w;
  const score = (x: Record<F, number>) => weightedSum(names, w, x);
  for (let step = 0; step < STEPS; step++) {
    const grad = Object.fromEntries(names.map((f) => [f, 0])) as Record<F, number>;
    for (const { features, correct } of useful) {
      const scores = features.map(score);
      const max = Math.max(...scores);
      const p = scores.map((s) => Math.exp(s - max));
      const sum = p.reduce((a, b) => a + b, 0);
      const right = p.reduce((a, b, i) => a + (correct[i] ? b : 0), 0);
      features.forEach((x, i) => {
        // d(-log P(right)) / dw = E_all[x] - E_right[x]
        const share = p[i]! / sum - (correct[i] ? p[i]! / right : 0);
        for (const f of names) grad[f] += (share * x[f]) / useful.length;
      });
    }
    for (const f of names) w[f] = Math.max(floors[f] ?? -Infinity, w[f] - LEARNING_RATE * (grad[f] + L2 * (w[f] - start[f])));
  }
  return w;
}
