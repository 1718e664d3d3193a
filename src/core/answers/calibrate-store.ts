import type { Lang } from '../lang';
import { ANSWER_FEATURES, type AnswerFeature, type Calibration, type Signals } from '../knowledge/calibration';
import type { KnowledgeIndex } from '../knowledge/index';
import type { NearestPassages } from '../knowledge/vector-index';
import { silentLogger, systemClock } from '../ports';
import { fitCalibration, fitListwise, fitRanking, type LabelledSignals, type Listed, type RankingList, type ThresholdOptions } from './calibrate';
import { answeringCandidates, STRONGEST_SENTENCE } from './answering-section';
import { evaluate, holdsFact, metrics, type EvalQuestion, type EvalReport, type EvalRow, type Metrics } from './evaluate';
import { rankingCandidates, retrieve } from './retrieve';
import { DEFAULT_CALIBRATION } from './default-calibration';
import { AnswerService } from './service';

/** One store and its eval questions, as a calibration reads them. */
export interface CalibrationSet {
  index: KnowledgeIndex;
  questions: EvalQuestion[];
  docLang: (path: string) => Lang | undefined;
  /** The store's embeddings, when configured: the fit searches as a live question does. */
  vectors?: NearestPassages;
}

/**
 * Fits a store's (or several stores') model in three steps: the ordering of the leading passages on
 * the answerable questions; with that ordering, which section of the best document to quote, on the
 * questions whose facts are given; then the answer-or-abstain decision on every question. Each
 * starts from `start` and is held near it.
 */
export async function calibrateOn(sets: CalibrationSet[], on: string, start?: Calibration, opts: ThresholdOptions = {}): Promise<Calibration> {
  const lists: RankingList[] = [];
  for (const { index, questions, vectors } of sets) {
    for (const q of questions) {
      if (q.expect === 'abstain') continue;
      const expected = q.expect;
      const { paths, features } = await rankingCandidates(q.q, index, vectors ? { vectors } : {});
      lists.push({ features, correct: paths.map((p) => expected.includes(p)) });
    }
  }
  const ranking = fitRanking(lists, start?.ranking);
  const ranked = { ...(start ?? DEFAULT_CALIBRATION), ranking };
  const answering = fitListwise(ANSWER_FEATURES, await answeringLists(sets, ranked), start?.answering ?? STRONGEST_SENTENCE);
  const rows: LabelledSignals[] = [];
  for (const { index, questions, docLang, vectors } of sets) {
    const service = new AnswerService({ index, clock: systemClock, logger: silentLogger, calibration: { ...ranked, answering }, ...(vectors ? { vectors } : {}) });
    rows.push(...labelled(await evaluate(questions, service, docLang)));
  }
  return { ...fitCalibration(rows, on, start, opts), ranking, answering };
}

/**
 * The fewest questions of each kind, to answer and to refuse, a store's model is fitted on without a
 * warning. With fewer, one question moves its kind's figure (false abstentions, abstention recall) by
 * more than ten points, and the measure on questions it was not fitted on, in five parts, holds out
 * fewer than two of that kind in a part: the model is still fitted, from the shipped one and held
 * near it, but what it and its figures show rests on a handful of questions.
 */
export const FEWEST_OF_A_KIND = 10;

/** How many more questions of each kind a fit on these needs to reach FEWEST_OF_A_KIND; undefined when it has enough of both. */
export function questionsShort(answerable: number, refuse: number): { answerable: number; refuse: number } | undefined {
  const short = { answerable: Math.max(0, FEWEST_OF_A_KIND - answerable), refuse: Math.max(0, FEWEST_OF_A_KIND - refuse) };
  return short.answerable > 0 || short.refuse > 0 ? short : undefined;
}

/** A store's own model on questions it was not fitted on, beside the shipped model on the same questions. */
export interface CrossValidation {
  folds: number;
  fitted: Metrics;
  shipped: Metrics;
}

/**
 * A store's model measured on questions it was not fitted on: its questions in parts, each with its
 * share of the questions to refuse, and each part answered by a model fitted on the others; beside
 * the model it starts from (the shipped one) on the same questions. Measured on the questions it was
 * fitted on, a model looks better than it will do on the next ones. Undefined when either kind of
 * question is too few to split: fewer than two that reach the decision.
 */
export async function crossValidate(set: CalibrationSet, on: string, start: Calibration, opts: ThresholdOptions = {}, folds = 5): Promise<CrossValidation | undefined> {
  const shipped = await evaluate(set.questions, serviceOf(set, start), set.docLang);
  // a question refused before the decision (a greeting, no word the store searches for) teaches a
  // model nothing (see labelled): each kind is dealt into the parts with those that reach the
  // decision first, so that every part leaves the others some of both kinds to be fitted on
  const decides = new Set(set.questions.filter((_, i) => shipped.rows[i]!.signals !== undefined));
  const deciding = (qs: EvalQuestion[]) => qs.filter((q) => decides.has(q));
  const dealt = (qs: EvalQuestion[]) => [...deciding(qs), ...qs.filter((q) => !decides.has(q))];
  const answerable = dealt(set.questions.filter((q) => q.expect !== 'abstain'));
  const refuse = dealt(set.questions.filter((q) => q.expect === 'abstain'));
  if (Math.min(folds, deciding(answerable).length, deciding(refuse).length) < 2) return undefined;
  const k = Math.min(folds, answerable.length, refuse.length);
  const part = (f: number) => (_: EvalQuestion, i: number) => i % k === f;
  const parts = Array.from({ length: k }, (_, f) => [...answerable.filter(part(f)), ...refuse.filter(part(f))]);
  const rows: EvalRow[] = [];
  for (let f = 0; f < k; f++) {
    const model = await calibrateOn([{ ...set, questions: parts.flatMap((p, i) => (i === f ? [] : p)) }], on, start, opts);
    rows.push(...(await evaluate(parts[f]!, serviceOf(set, model), set.docLang)).rows);
  }
  return { folds: k, fitted: metrics(rows), shipped: shipped.overall };
}

function serviceOf(set: CalibrationSet, calibration: Calibration): AnswerService {
  return new AnswerService({ index: set.index, clock: systemClock, logger: silentLogger, calibration, ...(set.vectors ? { vectors: set.vectors } : {}) });
}

/**
 * For each answerable question with facts whose best document is right: that document's sections,
 * the right ones those that hold a fact as written. What choosing the section to quote is fitted on.
 */
async function answeringLists(sets: CalibrationSet[], calibration: Calibration): Promise<Listed<AnswerFeature>[]> {
  const lists: Listed<AnswerFeature>[] = [];
  for (const { index, questions, vectors } of sets) {
    for (const q of questions) {
      if (q.expect === 'abstain' || !q.facts?.length) continue;
      const { hits, analysis } = await retrieve(q.q, index, { calibration, ...(vectors ? { vectors } : {}) });
      if (!hits[0] || !q.expect.includes(hits[0].passage.path)) continue;
      const candidates = answeringCandidates(q.q, analysis, hits, index);
      lists.push({ features: candidates.map((c) => c.features), correct: candidates.map((c) => holdsFact(c.hit.passage.text, q.facts!)) });
    }
  }
  return lists;
}

/** The questions that reached the decision (not refused before it, as an injection or an empty one is), with what they should get. */
export function labelled(report: EvalReport): LabelledSignals[] {
  return report.rows.flatMap((r) => (r.signals ? [{ signals: r.signals as Signals, answerable: r.expect !== 'abstain' }] : []));
}
