import { z } from 'zod';

/**
 * The general signals the answer-or-abstain decision weighs, each between 0 and 1 and free of any
 * store's scale, so one set of weights can serve stores of any size and language mix.
 */
export const SIGNALS = [
  /** Share of the question's weight (idf) the best passage and its title hold. */
  'coverage',
  /** The same share over the passage's whole document. */
  'docCoverage',
  /** The same share in the passage's single best sentence: an answer is usually said in one place. */
  'sentence',
  /** The question asks how many or how much, and that sentence holds no number. */
  'noQuantity',
  /** Share of the question's weight in words the store has never seen. */
  'unseen',
  /** Character n-gram cosine between the question and the best passage. */
  'ngram',
  /** Share of the rankers whose first document is the fused first document. */
  'agreement',
  /** The heaviest question word the passage's document lacks, by idf, against the rarest word's. */
  'heaviestMissing',
  /** The question holds a number the passage does not. */
  'missingNumber',
  /** The question names something (a capitalised or mixed-case word, a code) the store has never seen. */
  'unseenName',
  /** The question has a single content word, so coverage says little. */
  'single',
  /** Share of the question's weight in the best sentence that holds every number the question names, with its heading. */
  'constrained',
  /** Of neighbouring question words the passage holds, the share it never holds near each other. */
  'phraseApart',
  /** Coverage of the words the store knows: a question's chatter the store never uses does not count against it. */
  'knownCoverage',
  /**
   * Cosine of the question's embedding with the best passage's, where an embeddings model is
   * configured; 0 without one. A model reads meaning across wording and language, as no word match
   * does: a store calibrated with its embeddings weighs it, and the shipped model (fitted without) does not.
   */
  'dense',
] as const;
export type Signal = (typeof SIGNALS)[number];
export type Signals = Record<Signal, number>;

/**
 * What the final ordering of the leading passages weighs, each free of any store's scale. The
 * rankers before it match words as written, which favours the asker's language; these read what a
 * passage holds across languages, and whether it is written for the country the question names.
 */
export const RANK_FEATURES = [
  /** The fused score against the first passage's. */
  'fused',
  /** 1 / place in the fused order. */
  'place',
  /** Share of the question's weight the passage (and its title) holds. */
  'coverage',
  /** The same over its whole document. */
  'docCoverage',
  /** Character n-gram cosine with the question. */
  'ngram',
  /** Share in its best sentence that holds the question's numbers. */
  'constrained',
  /** Neighbouring question words it holds only apart. */
  'phraseApart',
  /** Share of the rankers whose first document is its document. */
  'first',
  /** Written in the asker's language. */
  'askersLanguage',
  /** Written for the country the question names. */
  'marketNamed',
  /** Written for another country than the one the question names. */
  'otherMarket',
] as const;
export type RankFeature = (typeof RANK_FEATURES)[number];
export type RankWeights = Record<RankFeature, number>;

/**
 * What the ordering holds to whatever an eval set's mix of questions: the asker's language never
 * counts against a passage. An eval set asks across languages far more often than agents do, to
 * test it; fitted freely on such a set, the model would learn to push the asker's language down.
 * A store's model is held to it when fitted and when read.
 */
export const RANKING_FLOORS: Partial<RankWeights> = { askersLanguage: 0 };

/** Weights held to their floors: each at least what `floors` gives it. */
export function heldToFloors<F extends string>(weights: Record<F, number>, floors: Partial<Record<F, number>>): Record<F, number> {
  const out = { ...weights };
  for (const f of Object.keys(out) as F[]) out[f] = Math.max(floors[f] ?? -Infinity, out[f]);
  return out;
}

/**
 * What choosing the section of the best document to quote from weighs, for each of its sections:
 * the ranking finds the document, but the figure asked for is often in another section.
 */
export const ANSWER_FEATURES = [
  /** Its best sentence's share of the question (with the heading), times how likely it states an answer, against the document's best. */
  'strength',
  /** It is the passage the ranking put first. */
  'ranked',
  /** 1 / its place among the passages the ranking returned; 0 when it is not among them. */
  'place',
  /** Its fused score against the first passage's; 0 when it is not among them. */
  'fused',
  /** Share of the question's weight in its best sentence that holds the question's numbers. */
  'constrained',
  /** Neighbouring question words it holds only apart. */
  'phraseApart',
  /** It is the document's introduction: the text under its title before the first heading (a first section with a heading of its own is none). */
  'opening',
  /** It holds a number. */
  'number',
  /** It holds a number and the question asks how many or how much. */
  'quantity',
] as const;
export type AnswerFeature = (typeof ANSWER_FEATURES)[number];
export type AnswerWeights = Record<AnswerFeature, number>;

/**
 * One weight a name. A name added after a store was calibrated weighs nothing in its model until it
 * is calibrated again.
 */
function weightsFor<N extends string>(names: readonly N[]) {
  return z.object(Object.fromEntries(names.map((n) => [n, z.number().finite().default(0)])) as Record<N, z.ZodDefault<z.ZodNumber>>);
}

/** Σ weight × value over the names: the score of every linear model here. */
export function weightedSum<N extends string>(names: readonly N[], weights: Record<N, number>, values: Record<N, number>): number {
  let sum = 0;
  for (const n of names) sum += weights[n] * values[n];
  return sum;
}

/** A logistic model over the signals: answer when bias + Σ weight × signal ≥ 0. */
export const Calibration = z.object({
  weights: weightsFor(SIGNALS),
  bias: z.number().finite(),
  /** How the leading passages are ordered (a listwise model over RANK_FEATURES); without it, the fused order stands. */
  ranking: weightsFor(RANK_FEATURES)
    .transform((w) => heldToFloors(w, RANKING_FLOORS))
    .optional(),
  /** Which section of the best document the extractive answer quotes (a listwise model over ANSWER_FEATURES); without it, the strongest sentence's. */
  answering: weightsFor(ANSWER_FEATURES).optional(),
  /**
   * Below this score (and at or above 0) an answer is tentative: the store's closest passage, which
   * the agent is asked to check answers the question. Without it, no answer is.
   */
  tentativeBelow: z.number().finite().min(0).optional(),
  /** What it was fitted on, for the curators: how many questions, and how it scored there. */
  fitted: z
    .object({
      on: z.string(),
      questions: z.number().int().nonnegative(),
      answerable: z.number().int().nonnegative(),
      abstain: z.number().int().nonnegative(),
      falseAbstentions: z.number().min(0).max(1),
      abstentionRecall: z.number().min(0).max(1),
    })
    .optional(),
});
export type Calibration = z.infer<typeof Calibration>;

/** The score of a question's evidence: positive means answer. */
export function evidenceScore(c: Pick<Calibration, 'weights' | 'bias'>, s: Signals): number {
  return c.bias + weightedSum(SIGNALS, c.weights, s);
}
