import { tPulse } from '../i18n/pulse-strings';
import type { Lang } from '../lang';
import type { PulseSummaryMessage, SummaryQuestion } from '../messages';
import type { PulseResults, PulseRound } from '../storage/records';
import { formatNumber } from '../zoned';
import { weekNumber } from './iso-week';
import { commentThreshold, pulseQuestion, scaleValues } from './questions';
import { shuffle } from './scrub';

/** A drop in a question's mean worth flagging to the lead, per scale. */
const DROP = { agree5: 0.3, nps11: 1 } as const;
const TREND_ROUNDS = 8;

export interface ClosedRound {
  round: PulseRound;
  results: PulseResults;
}

export interface SummaryInput {
  current: ClosedRound;
  /** Earlier closed rounds of the team that met their K, newest first. */
  previous: ClosedRound[];
  lang: Lang;
  teamName: string;
  themes?: string;
  random?: () => number;
}

/** True when a closed round may be shown at all: K respondents or more. */
export function meetsK(c: ClosedRound): boolean {
  return c.round.state === 'closed' && c.results.respondents >= c.round.k;
}

/**
 * The lead's summary of a closed round that met K: response rate, each question's mean and
 * distribution, change from the last round and the trend over eight, eNPS, the largest drops,
 * and the comments (scrubbed by the caller) shuffled. Refuses a round below K: nothing of it may leak.
 */
export function summarize(input: SummaryInput): PulseSummaryMessage {
  const { current, previous, lang } = input;
  if (!meetsK(current)) throw new Error('a round below K or still open is never summarised');
  const shown = previous.filter(meetsK).slice(0, TREND_ROUNDS);
  const questions: SummaryQuestion[] = current.round.questionIds.map((id) => {
    const q = pulseQuestion(id);
    const values = q ? scaleValues(q.scale) : Object.keys(current.results.counts[id] ?? {}).map(Number).sort((a, b) => a - b);
    const counts = current.results.counts[id] ?? {};
    const distribution = values.map((value) => ({ value, count: counts[String(value)] ?? 0 }));
    const m = mean(counts);
    const history = shown.map((p) => mean(p.results.counts[id] ?? {}));
    const last = history[0];
    const change = m !== undefined && last !== undefined ? round1(m - last) : undefined;
    const threshold = q ? DROP[q.scale] : DROP.agree5;
    return {
      id,
      label: q?.label[lang] ?? id,
      ...(m !== undefined ? { mean: m } : {}),
      distribution,
      ...(change !== undefined ? { change } : {}),
      trend: [...history.filter((h): h is number => h !== undefined).reverse(), ...(m !== undefined ? [m] : [])],
      flagged: change !== undefined && change <= -threshold,
    };
  });

  const flagged = questions.filter((q) => q.flagged).sort((a, b) => (a.change ?? 0) - (b.change ?? 0));
  const enpsCounts = current.round.questionIds.includes('enps') ? current.results.counts.enps : undefined;
  const enps = enpsCounts ? enpsOf(enpsCounts) : undefined;
  const { respondents } = current.results;
  const invited = current.round.invited;
  const comments = shuffle(current.results.comments, input.random);
  return {
    kind: 'pulse-summary',
    lang,
    title: tPulse(lang, 'summaryTitle', { team: input.teamName, week: weekNumber(current.round.week) }),
    responseLine: participationLine(lang, respondents, invited),
    questions,
    ...(enps
      ? { enps: { score: enps.score, line: tPulse(lang, 'enpsLine', { score: formatNumber(lang, enps.score, 0), promoters: enps.promoters, detractors: enps.detractors }) } }
      : {}),
    ...(flagged.length ? { flaggedLine: tPulse(lang, 'flagged', { labels: flagged.map((q) => `${q.label} (${formatNumber(lang, q.change!, 1)})`).join(', ') }) } : {}),
    comments,
    commentsTitle: tPulse(lang, 'commentsTitle'),
    ...(input.themes ? { themes: input.themes } : {}),
    footer: [
      ...(current.results.commentsWithheld ? [tPulse(lang, 'commentsWithheld', { n: commentThreshold(current.round) })] : []),
      tPulse(lang, 'summaryFooter', { k: current.round.k }),
    ].join(' '),
  };
}

/**
 * How many of those asked answered, for the summary of a round that met K: the only place a lead
 * is told a number of answers. The rule: how many answered is told only with the scores, at K
 * answers or more; below K the lead learns that fewer than K answered and not how many (`notEnough`).
 * A number below K names people: "0 of 1" or "1 of 1" says whether the one person asked answered,
 * and "1 of 4" whether the one a lead thinks keen did. From K answers up the count tells the lead,
 * of each person asked, no more than of any other: every one is as likely to be among those who
 * answered. It says the same of everyone when everyone answered, whose answers are then K or more
 * alike; and it says who did not answer only to a lead who already knows who was away ("9 of 10"
 * with one on leave: the other nine answered), which a lead knows without Kompis. Week after week,
 * a count that moves says someone began or stopped answering, not who, but to a lead who knows who
 * came back or went away; a round below K adds nothing to the weeks around it.
 */
export function participationLine(lang: Lang, respondents: number, invited: number | undefined): string {
  return invited && invited > 0
    ? tPulse(lang, 'responseLine', { n: respondents, invited, rate: Math.round((100 * respondents) / invited) })
    : tPulse(lang, 'responseLineNoInvited', { n: respondents });
}

/** Mean of a score → count map, one decimal; undefined when empty. */
export function mean(counts: Record<string, number>): number | undefined {
  let n = 0;
  let sum = 0;
  for (const [score, count] of Object.entries(counts)) {
    n += count;
    sum += Number(score) * count;
  }
  return n === 0 ? undefined : round1(sum / n);
}

/** eNPS: the share of 9–10 minus the share of 0–6, in percentage points. */
export function enpsOf(counts: Record<string, number>): { score: number; promoters: number; detractors: number } | undefined {
  let n = 0;
  let promoters = 0;
  let detractors = 0;
  for (const [score, count] of Object.entries(counts)) {
    n += count;
    if (Number(score) >= 9) promoters += count;
    else if (Number(score) <= 6) detractors += count;
  }
  if (n === 0) return undefined;
  const p = Math.round((100 * promoters) / n);
  const d = Math.round((100 * detractors) / n);
  return { score: p - d, promoters: p, detractors: d };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
