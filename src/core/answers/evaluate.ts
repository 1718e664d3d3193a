import { z } from 'zod';
import { Lang, LANGS } from '../lang';
import { detectLanguage } from '../knowledge/detect-language';
import { asWritten } from './answer';
import type { AnswerService } from './service';

export const EvalQuestion = z.object({
  q: z.string().min(1),
  expect: z.union([z.array(z.string().min(1)).min(1), z.literal('abstain')]),
  lang: Lang.optional(),
  /** Alternative short strings, as written in the documents, any of which in the answer shows the fact asked for is there. */
  facts: z.array(z.string().min(1)).min(1).optional(),
  /** The question asked just before in the same thread, when `q` is a follow-up to it. */
  previous: z.string().min(1).optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestion>;

export interface EvalRow {
  q: string;
  lang: Lang;
  expect: string[] | 'abstain';
  /** Document paths of the answer's citations, in order; empty when it abstained. */
  got: string[];
  /** Document paths in search order (before the abstention decision). */
  ranked: string[];
  abstained: boolean;
  /** Answered as the closest the store has, for the agent to check. */
  tentative: boolean;
  crossLanguage: boolean;
  /** The language Kompis replied in, when the question says which it is written in. */
  repliedIn?: Lang;
  /** Whether the answer holds one of the expected facts; undefined when the question lists none or was not answered. */
  factFound?: boolean;
  /** The decision's score (positive: answer), for calibration. */
  score?: number;
  signals?: Record<string, number>;
}

export interface Metrics {
  questions: number;
  answerable: number;
  recall1: number;
  recall3: number;
  mrr: number;
  /** Answered (not abstained) with a right document cited first. */
  answeredCorrectly: number;
  falseAbstentions: number;
  shouldAbstain: number;
  abstentionPrecision: number;
  abstentionRecall: number;
  /** Of the answered questions that list facts, the share whose answer holds one. */
  factInAnswer: number;
  factQuestions: number;
  /** Of the questions that say which language they are written in, the share Kompis replied in that language. */
  replyLanguage: number;
  replyLanguageQuestions: number;
  /** Of the answers with a right document first, the share answered as tentative; and of the wrong answers (to a question to refuse, or from a wrong document). */
  tentativeRight: number;
  tentativeWrong: number;
}

export interface EvalReport {
  overall: Metrics;
  sameLanguage: Metrics;
  crossLanguage: Metrics;
  byLang: Record<Lang, Metrics>;
  rows: EvalRow[];
}

/** Runs every question through the real answer path and scores search and abstention. */
export async function evaluate(questions: EvalQuestion[], service: AnswerService, docLang: (path: string) => Lang | undefined): Promise<EvalReport> {
  const rows: EvalRow[] = [];
  for (const item of questions) {
    const { answer, ranked, score, signals } = await service.askWithRanking(item.q, item.previous ? { previous: item.previous } : {});
    const lang = item.lang ?? detectLanguage(item.q);
    const expectLangs = item.expect === 'abstain' ? [] : item.expect.map(docLang).filter((l): l is Lang => l !== undefined);
    rows.push({
      q: item.q,
      lang,
      expect: item.expect,
      got: answer.abstained ? [] : unique(answer.citations.map((c) => c.path)),
      ranked: unique(ranked),
      abstained: answer.abstained,
      tentative: answer.tentative === true,
      crossLanguage: item.expect !== 'abstain' && !expectLangs.includes(lang),
      ...(item.lang ? { repliedIn: answer.lang } : {}),
      ...(item.facts && !answer.abstained ? { factFound: holdsFact(answer.text, item.facts) } : {}),
      ...(score !== undefined ? { score } : {}),
      ...(signals ? { signals: { ...signals } } : {}),
    });
  }
  const byLang = Object.fromEntries(LANGS.map((l) => [l, metrics(rows.filter((r) => r.lang === l))])) as Record<Lang, Metrics>;
  return {
    overall: metrics(rows),
    sameLanguage: metrics(rows.filter((r) => !r.crossLanguage)),
    crossLanguage: metrics(rows.filter((r) => r.crossLanguage)),
    byLang,
    rows,
  };
}

export function metrics(rows: EvalRow[]): Metrics {
  const answerable = rows.filter((r) => r.expect !== 'abstain');
  const should = rows.filter((r) => r.expect === 'abstain');
  const abstained = rows.filter((r) => r.abstained);
  const rank = (r: EvalRow) => {
    const i = r.ranked.findIndex((p) => (r.expect as string[]).includes(p));
    return i < 0 ? Infinity : i + 1;
  };
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const withFacts = answerable.filter((r) => r.factFound !== undefined);
  const labelled = rows.filter((r) => r.repliedIn !== undefined);
  const answered = rows.filter((r) => !r.abstained);
  const right = answered.filter((r) => r.expect !== 'abstain' && r.expect.includes(r.got[0] ?? ''));
  const wrong = answered.filter((r) => !right.includes(r));
  const tentative = (rs: EvalRow[]) => (rs.length === 0 ? 0 : rs.filter((r) => r.tentative).length / rs.length);
  return {
    questions: rows.length,
    answerable: answerable.length,
    recall1: ratio(answerable.filter((r) => rank(r) <= 1).length, answerable.length),
    recall3: ratio(answerable.filter((r) => rank(r) <= 3).length, answerable.length),
    mrr: ratio(answerable.reduce((s, r) => s + (rank(r) <= 10 ? 1 / rank(r) : 0), 0), answerable.length),
    answeredCorrectly: ratio(answerable.filter((r) => !r.abstained && (r.expect as string[]).includes(r.got[0] ?? '')).length, answerable.length),
    falseAbstentions: ratio(answerable.filter((r) => r.abstained).length, answerable.length) * (answerable.length === 0 ? 0 : 1),
    shouldAbstain: should.length,
    abstentionPrecision: ratio(abstained.filter((r) => r.expect === 'abstain').length, abstained.length),
    abstentionRecall: ratio(should.filter((r) => r.abstained).length, should.length),
    factInAnswer: ratio(withFacts.filter((r) => r.factFound).length, withFacts.length),
    factQuestions: withFacts.length,
    replyLanguage: ratio(labelled.filter((r) => r.repliedIn === r.lang).length, labelled.length),
    replyLanguageQuestions: labelled.length,
    tentativeRight: tentative(right),
    tentativeWrong: tentative(wrong),
  };
}

/**
 * Case and spacing aside, the answer holds one of the facts. A fact copied from a markdown table row
 * ("Home deliveries | 2,540") is held when one line of the answer (one quote) holds each of its
 * cells, in order: an answer quotes a row with each cell named by its column, not with its pipes.
 */
export function holdsFact(answer: string, facts: string[]): boolean {
  const norm = (x: string) => asWritten(x).normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  const text = norm(answer);
  const lines = answer.split('\n').map(norm);
  return facts.some((f) => {
    const cells = norm(f)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim())
      .filter(Boolean);
    if (cells.length <= 1) return cells.length === 1 && text.includes(cells[0]!);
    return lines.some((line) => {
      let from = 0;
      for (const cell of cells) {
        const at = line.indexOf(cell, from);
        if (at < 0) return false;
        from = at + cell.length;
      }
      return true;
    });
  });
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
