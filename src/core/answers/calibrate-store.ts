import type { Lang } from '../lang';
import type { Calibration, Signals } from '../knowledge/calibration';
import type { KnowledgeIndex } from '../knowledge/index';
import { silentLogger, systemClock } from '../ports';
import { fitCalibration, fitRanking, type LabelledSignals, type RankingList } from './calibrate';
import { evaluate, type EvalQuestion, type EvalReport } from './evaluate';
import { rankingCandidates } from './retrieve';
import { DEFAULT_CALIBRATION } from './default-calibration';
import { AnswerService } from './service';

/** One store and its eval questions, as a calibration reads them. */
export interface CalibrationSet {
  index: KnowledgeIndex;
  questions: EvalQuestion[];
  docLang: (path: string) => Lang | undefined;
}

/**
 * Fits a store's (or several stores') model in two steps: first the ordering of the leading
 * passages on the answerable questions, then, with that ordering in place, the answer-or-abstain
 * decision on every question. Both start from `start` and are held near it.
 */
export async function calibrateOn(sets: CalibrationSet[], on: string, start?: Calibration): Promise<Calibration> {
  const lists: RankingList[] = sets.flatMap(({ index, questions }) =>
    questions.flatMap((q) => {
      if (q.expect === 'abstain') return [];
      const expected = q.expect;
      const { paths, features } = rankingCandidates(q.q, index);
      return [{ features, correct: paths.map((p) => expected.includes(p)) }];
    }),
  );
  const ranking = fitRanking(lists, start?.ranking);
  const rows: LabelledSignals[] = [];
  for (const { index, questions, docLang } of sets) {
    const service = new AnswerService({ index, clock: systemClock, logger: silentLogger, calibration: { ...(start ?? DEFAULT_CALIBRATION), ranking } });
    rows.push(...labelled(await evaluate(questions, service, docLang)));
  }
  return { ...fitCalibration(rows, on, start), ranking };
}

/** The questions that reached the decision (not refused before it, as an injection or an empty one is), with what they should get. */
export function labelled(report: EvalReport): LabelledSignals[] {
  return report.rows.flatMap((r) => (r.signals ? [{ signals: r.signals as Signals, answerable: r.expect !== 'abstain' }] : []));
}
