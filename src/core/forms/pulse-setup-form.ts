import { z } from 'zod';
import { tPulse } from '../i18n/pulse-strings';
import { Lang, LANG_NAMES, LANGS } from '../lang';
import type { Person } from '../messages';
import { commentThreshold, DEFAULT_QUESTION_IDS, PULSE_QUESTIONS } from '../pulse/questions';
import { checkSetup, type PulseSetupInput, type SetupField } from '../pulse/service';
import type { TeamRecord } from '../storage/records';
import { weekdayName } from '../zoned';
import { errorsOf, type FieldKind, type FormDescription, type FormResult, type FormValues } from './model';
import { listValue, oneValue } from './read';

export const PULSE_SETUP_FIELDS = { channel: 'conversation', leads: 'people', day: 'choice', time: 'time', tz: 'choice', lang: 'choice', questions: 'choices', k: 'number', commentK: 'number', hours: 'number' } as const satisfies Record<string, FieldKind>;

/** Time zones offered: the Nordics first, then a few neighbours. */
export const TIME_ZONES = ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Copenhagen', 'Europe/Helsinki', 'Atlantic/Reykjavik', 'Atlantic/Faroe', 'Europe/London', 'Europe/Berlin', 'UTC'];
const MAX_QUESTIONS = 6;

/**
 * `pulse setup`: the team's channel, its leads (the asker by default), weekday, time, time zone,
 * language, 3–6 questions from the bank, K and how long a round stays open; the team's setup, or
 * the defaults, filled in.
 */
export function pulseSetupForm(lang: Lang, ctx: { asker: Person; channel?: string; team?: TeamRecord }): FormDescription {
  const { team, asker } = ctx;
  const pulse = team?.pulse;
  const tz = team?.tz && TIME_ZONES.includes(team.tz) ? team.tz : 'Europe/Oslo';
  const leads = team?.leads.length ? team.leads.map((id) => (id === asker.id ? asker : { id })) : [asker];
  const p = (key: Parameters<typeof tPulse>[1]) => tPulse(lang, key);
  const teamLang = team?.lang ?? lang;
  return {
    id: 'pulse-setup',
    lang,
    title: p('setupTitle'),
    submitLabel: p('save'),
    cancelLabel: p('cancel'),
    data: {},
    fields: [
      { id: 'channel', kind: PULSE_SETUP_FIELDS.channel, label: p('fieldChannel'), required: true, missing: p('missingChannel'), ...(ctx.channel ? { initial: ctx.channel } : {}) },
      { id: 'leads', kind: PULSE_SETUP_FIELDS.leads, label: p('fieldLeads'), required: true, missing: p('noLeads'), initial: leads },
      { id: 'day', kind: PULSE_SETUP_FIELDS.day, label: p('fieldDay'), required: true, compact: true, choices: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayName(lang, d) })), initial: [String(pulse?.day ?? 5)] },
      { id: 'time', kind: PULSE_SETUP_FIELDS.time, label: p('fieldTime'), required: true, initial: pulse?.time ?? '13:00' },
      { id: 'tz', kind: PULSE_SETUP_FIELDS.tz, label: p('fieldTz'), required: true, compact: true, choices: TIME_ZONES.map((z) => ({ value: z, label: z })), initial: [tz] },
      { id: 'lang', kind: PULSE_SETUP_FIELDS.lang, label: p('fieldLang'), required: true, compact: true, choices: LANGS.map((l) => ({ value: l, label: LANG_NAMES[l][l] })), initial: [teamLang] },
      {
        id: 'questions',
        kind: PULSE_SETUP_FIELDS.questions,
        label: p('fieldQuestions'),
        required: true,
        choices: PULSE_QUESTIONS.map((q) => ({ value: q.id, label: q.label[lang] })),
        initial: [...(pulse?.questionIds ?? DEFAULT_QUESTION_IDS)],
        maxSelected: MAX_QUESTIONS,
      },
      { id: 'k', kind: PULSE_SETUP_FIELDS.k, label: p('fieldK'), required: true, integer: true, min: 3, initial: pulse?.k ?? 5 },
      { id: 'commentK', kind: PULSE_SETUP_FIELDS.commentK, label: p('fieldCommentK'), required: false, integer: true, min: 3, initial: commentThreshold({ k: pulse?.k ?? 5, commentK: pulse?.commentK }) },
      { id: 'hours', kind: PULSE_SETUP_FIELDS.hours, label: p('fieldHours'), required: true, integer: true, min: 1, max: 168, initial: pulse?.openHours ?? 72 },
    ],
  };
}

/** The form's field of each of the setup's rules. */
const FIELD_OF: Record<SetupField, keyof typeof PULSE_SETUP_FIELDS> = { time: 'time', tz: 'tz', questionIds: 'questions', k: 'k', commentK: 'commentK', openHours: 'hours' };

const SetupValues = z.object({ channel: oneValue, leads: listValue, day: oneValue, time: oneValue, tz: oneValue, lang: oneValue, questions: listValue, k: oneValue, commentK: oneValue, hours: oneValue });

/** A sent setup: the channel it is for, the team's language if one was picked, and the setup. */
export interface PulseSetupFields {
  channel: string;
  lang?: Lang;
  setup: PulseSetupInput;
}

/**
 * Reads a sent setup form by the setup's rules (checkSetup): a field left empty takes its default,
 * a number must be whole, and what is wrong is said on its field.
 */
export function readPulseSetupForm(values: FormValues, lang: Lang): FormResult<PulseSetupFields> {
  const v = SetupValues.parse(values);
  const problems: { field: string; message: string }[] = [];
  if (!v.channel) problems.push({ field: 'channel', message: tPulse(lang, 'missingChannel') });
  const whole = (field: 'day' | 'k' | 'commentK' | 'hours'): number | undefined => {
    const text = v[field];
    if (text === undefined) return undefined;
    if (/^[+-]?\d{1,9}$/.test(text)) return Number(text);
    problems.push({ field, message: tPulse(lang, 'badWholeNumber') });
    return undefined;
  };
  const day = whole('day');
  const picked = Lang.safeParse(v.lang);
  const setup: PulseSetupInput = {
    leads: v.leads,
    ...(day !== undefined && day >= 1 && day <= 7 ? { day } : {}),
    ...(v.time ? { time: v.time } : {}),
    ...(v.tz ? { tz: v.tz } : {}),
    ...(picked.success ? { lang: picked.data } : {}),
    ...(v.questions.length ? { questionIds: v.questions } : {}),
  };
  for (const [field, key] of [['k', 'k'], ['commentK', 'commentK'], ['hours', 'openHours']] as const) {
    const n = whole(field);
    if (n !== undefined) setup[key] = n;
  }
  if (problems.length === 0) {
    const checked = checkSetup(setup, lang);
    if (!checked.ok) problems.push(...checked.problems.map((p) => ({ field: FIELD_OF[p.field], message: p.message })));
  }
  if (problems.length > 0 || !v.channel) return { ok: false, errors: errorsOf(problems) };
  return { ok: true, value: { channel: v.channel, ...(picked.success ? { lang: picked.data } : {}), setup } };
}
