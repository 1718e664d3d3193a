import { z } from 'zod';
import { parseProgress } from '../goals/progress';
import { GOAL_TEXT_LIMITS, validateGoal } from '../goals/smart';
import { tGoal } from '../i18n/goal-strings';
import { tPulse } from '../i18n/pulse-strings';
import type { Lang } from '../lang';
import type { Person } from '../messages';
import type { ProgressInput } from '../storage/ports';
import type { NewGoal } from '../storage/records';
import { errorsOf, type FieldKind, type FormDescription, type FormResult, type FormValues } from './model';
import { oneValue } from './read';

/** The goal form's fields, named after the SMART fields they fill. */
export const GOAL_FIELDS = { title: 'text', metric: 'text', start: 'number', target: 'number', unit: 'text', direction: 'choice', due: 'date', owner: 'person', why: 'long-text' } as const satisfies Record<string, FieldKind>;
export const PROGRESS_FIELDS = { value: 'text' } as const satisfies Record<string, FieldKind>;
/** How long a progress value may be typed: a number with a sign and decimals. */
const PROGRESS_MAX = 30;

/** `goal new`: every field of a SMART goal, the asker as its owner until someone else is picked. */
export function goalForm(lang: Lang, owner: Person, data: Record<string, string> = {}): FormDescription {
  const g = (key: Parameters<typeof tGoal>[1]) => tGoal(lang, key);
  return {
    id: 'goal-new',
    lang,
    title: g('newGoalTitle'),
    submitLabel: g('create'),
    cancelLabel: tPulse(lang, 'cancel'),
    data,
    fields: [
      { id: 'title', kind: GOAL_FIELDS.title, label: g('fieldTitle'), required: true, missing: g('missingTitle'), maxLength: GOAL_TEXT_LIMITS.title },
      { id: 'metric', kind: GOAL_FIELDS.metric, label: g('fieldMetric'), required: true, missing: g('missingMetric'), maxLength: GOAL_TEXT_LIMITS.metric },
      { id: 'start', kind: GOAL_FIELDS.start, label: g('fieldStart'), required: true, missing: g('missingStart'), integer: false },
      { id: 'target', kind: GOAL_FIELDS.target, label: g('fieldTarget'), required: true, missing: g('missingTarget'), integer: false },
      { id: 'unit', kind: GOAL_FIELDS.unit, label: g('fieldUnit'), required: false, maxLength: GOAL_TEXT_LIMITS.unit },
      { id: 'direction', kind: GOAL_FIELDS.direction, label: g('fieldDirection'), required: true, choices: [{ value: 'higher', label: g('higher') }, { value: 'lower', label: g('lower') }], initial: ['higher'] },
      { id: 'due', kind: GOAL_FIELDS.due, label: g('fieldDue'), required: true, missing: g('missingDue') },
      { id: 'owner', kind: GOAL_FIELDS.owner, label: g('fieldOwner'), required: true, missing: g('missingOwner'), initial: [owner] },
      { id: 'why', kind: GOAL_FIELDS.why, label: g('fieldWhy'), required: false, maxLength: GOAL_TEXT_LIMITS.why },
    ],
  };
}

const GoalValues = z.object(Object.fromEntries(Object.keys(GOAL_FIELDS).map((id) => [id, oneValue])) as Record<keyof typeof GOAL_FIELDS, typeof oneValue>);

/**
 * Reads a sent goal form by the SMART rules (validateGoal): the goal, or what is wrong on each
 * field. Numbers are read as typed ("4,4"), so a text that is not one is named on its field; an
 * owner left empty is the asker.
 */
export function readGoalForm(values: FormValues, lang: Lang, ctx: { team: string; today: Date; asker: string }): FormResult<NewGoal> {
  const v = GoalValues.parse(values);
  const checked = validateGoal({ ...v, team: ctx.team, unit: v.unit ?? '', direction: v.direction === 'lower' ? 'lower' : 'higher', owner: v.owner ?? ctx.asker }, lang, ctx.today);
  return checked.ok ? { ok: true, value: checked.goal } : { ok: false, errors: errorsOf(checked.problems) };
}

/** The "log progress" form of one goal: a value, or a change with + or -. */
export function progressForm(lang: Lang, goal: { id: string; title: string }, data: Record<string, string> = {}): FormDescription {
  return {
    id: 'goal-progress',
    lang,
    title: tGoal(lang, 'logProgress'),
    intro: goal.title,
    submitLabel: tPulse(lang, 'save'),
    cancelLabel: tPulse(lang, 'cancel'),
    data: { ...data, goalId: goal.id },
    fields: [{ id: 'value', kind: PROGRESS_FIELDS.value, label: tGoal(lang, 'fieldValue'), hint: tGoal(lang, 'progressUsage'), placeholder: tGoal(lang, 'progressHint'), required: true, maxLength: PROGRESS_MAX }],
  };
}

export function readProgressForm(values: FormValues, lang: Lang): FormResult<ProgressInput> {
  const text = oneValue.parse(values.value);
  const amount = text && text.length <= PROGRESS_MAX ? parseProgress(text) : undefined;
  return amount ? { ok: true, value: amount } : { ok: false, errors: { value: tGoal(lang, 'badNumber') } };
}
