import { z } from 'zod';
import type { Lang } from '../lang';
import { tGoal, type GoalStringKey } from '../i18n/goal-strings';
import type { NewGoal } from '../storage/records';
import { isoDay } from '../zoned';
import { isGoalNumber } from './progress';

/**
 * A number field as a form sends it: a number, a text ("4,4", "abc", 401 digits) or nothing. It is
 * read here, never refused here: what is wrong with it is said on the field by validateGoal.
 */
const DraftNumber = z.unknown().transform((v): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  return Number(v.trim().replace(',', '.'));
});

/** The longest each text of a goal may be: what its forms allow, and what every card and Block Kit section shows whole. */
export const GOAL_TEXT_LIMITS = { title: 150, metric: 100, unit: 40, why: 1000 } as const;

/** A goal as a lead fills it in: every field may be missing or wrong until validated. */
export const GoalDraft = z.object({
  team: z.string().min(1),
  title: z.string().trim().optional(),
  metric: z.string().trim().optional(),
  start: DraftNumber.optional(),
  target: DraftNumber.optional(),
  unit: z.string().trim().default(''),
  direction: z.enum(['higher', 'lower']).default('higher'),
  due: z.string().trim().optional(),
  owner: z.string().trim().optional(),
  why: z.string().trim().optional(),
});
export type GoalDraft = z.input<typeof GoalDraft>;

export interface SmartProblem {
  field: 'title' | 'metric' | 'start' | 'target' | 'unit' | 'due' | 'owner' | 'why';
  message: string;
}

/**
 * Checks a draft against SMART: specific (a title), measurable (a metric, where it starts and a
 * target), realistic enough to need an effort (the target is not already met), time-bound (a day
 * in the calendar, ahead), and owned. Problems are said in the lead's language, each naming what is missing.
 */
export function validateGoal(input: GoalDraft, lang: Lang, today: Date): { ok: true; goal: NewGoal } | { ok: false; problems: SmartProblem[] } {
  const d = GoalDraft.parse(input);
  const problems: SmartProblem[] = [];
  const add = (field: SmartProblem['field'], key: GoalStringKey, vars?: Record<string, number>) => problems.push({ field, message: tGoal(lang, key, vars) });
  for (const field of ['title', 'metric', 'unit', 'why'] as const) {
    const max = GOAL_TEXT_LIMITS[field];
    if ((d[field]?.length ?? 0) > max) add(field, 'tooLong', { max });
  }
  if (!d.title) add('title', 'missingTitle');
  if (!d.metric) add('metric', 'missingMetric');
  // required, whatever a form says on the client: a start taken as 0 can already be past the target
  const start = isGoalNumber(d.start) ? d.start : undefined;
  if (d.start === undefined) add('start', 'missingStart');
  else if (start === undefined) add('start', 'badNumber');
  if (d.target === undefined) add('target', 'missingTarget');
  else if (!isGoalNumber(d.target)) add('target', 'badNumber');
  else if (start !== undefined && (d.direction === 'higher' ? start >= d.target : start <= d.target)) add('target', 'targetBehindStart');
  const due = d.due ? endOfDay(d.due) : undefined;
  if (!d.due) add('due', 'missingDue');
  else if (!due) add('due', 'noSuchDate');
  else if (due.getTime() < today.getTime()) add('due', 'dueInPast');
  if (!d.owner) add('owner', 'missingOwner');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    goal: {
      team: d.team,
      title: d.title!,
      metric: d.metric!,
      start: start!,
      target: d.target!,
      unit: d.unit,
      direction: d.direction,
      due: d.due!,
      owner: d.owner!,
      ...(d.why ? { why: d.why } : {}),
    },
  };
}

/** 23:59:59 after midnight. */
const LAST_SECOND_MS = (24 * 3600 - 1) * 1000;

/** The end of a day written YYYY-MM-DD (23:59:59 UTC), or undefined when the calendar has no such day. */
function endOfDay(date: string): Date | undefined {
  const start = isoDay(date);
  return start ? new Date(start.getTime() + LAST_SECOND_MS) : undefined;
}
