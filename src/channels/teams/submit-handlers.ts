import { z } from 'zod';
import { parseProgress } from '../../core/goals/service';
import { notice } from '../../core/messages';
import { tCommand } from '../../core/i18n/command-strings';
import { tGoal } from '../../core/i18n/goal-strings';
import { tt } from './strings';
import { Lang } from '../../core/lang';
import { clip } from './cards';
import type { TeamsDirectory } from './directory';
import { GOAL_INPUTS, PROGRESS_INPUT } from './render-goals';
import { renderNotice, renderNoticeCard } from './render-notice';
import { COMMENT_INPUT, SETUP_INPUTS, SUBMIT } from './render-pulse';
import { knownTeam, langOf, registerTeam, reply, type CommandDeps, type Turn } from './turn';

/**
 * What Kompis's cards send back. Teams delivers an Action.Submit as a message whose `value` is the
 * action's data merged with the card's inputs, every input as a string (a multi-select as
 * "a,b,c"); an empty input may be missing or "".
 */
const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).optional();
const list = text.transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));

export const PulseAnswerSubmit = z.looseObject({ kompis: z.literal(SUBMIT.pulseAnswer), roundId: z.string().min(1), [COMMENT_INPUT]: text });
export const PulseSetupSubmit = z.looseObject({
  kompis: z.literal(SUBMIT.pulseSetup),
  [SETUP_INPUTS.leads]: list,
  [SETUP_INPUTS.day]: text,
  [SETUP_INPUTS.time]: text,
  [SETUP_INPUTS.tz]: text,
  [SETUP_INPUTS.lang]: text,
  [SETUP_INPUTS.questions]: list,
  [SETUP_INPUTS.k]: text,
  [SETUP_INPUTS.commentK]: text,
  [SETUP_INPUTS.hours]: text,
});
export const GoalNewSubmit = z.looseObject({
  kompis: z.literal(SUBMIT.goalNew),
  [GOAL_INPUTS.title]: text,
  [GOAL_INPUTS.metric]: text,
  [GOAL_INPUTS.start]: text,
  [GOAL_INPUTS.target]: text,
  [GOAL_INPUTS.unit]: text,
  [GOAL_INPUTS.direction]: text,
  [GOAL_INPUTS.due]: text,
  [GOAL_INPUTS.owner]: text,
  [GOAL_INPUTS.why]: text,
});
export const GoalProgressSubmit = z.looseObject({ kompis: z.literal(SUBMIT.goalProgress), goalId: z.string().min(1), [PROGRESS_INPUT]: text });
export const CardSubmit = z.discriminatedUnion('kompis', [PulseAnswerSubmit, PulseSetupSubmit, GoalNewSubmit, GoalProgressSubmit]);
export type CardSubmit = z.infer<typeof CardSubmit>;

const FIELD_LABEL = { title: 'fieldTitle', metric: 'fieldMetric', start: 'fieldStart', target: 'fieldTarget', unit: 'fieldUnit', due: 'fieldDue', owner: 'fieldOwner', why: 'fieldWhy' } as const;

/** Whether this message is one of our cards' submits (its value names a Kompis form). */
export function isCardSubmit(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { kompis?: unknown }).kompis === 'string';
}

/** Handles a card submit; a value that does not parse gets a reply saying the form was not understood. */
export async function runSubmit(value: unknown, turn: Turn, deps: CommandDeps, directory: TeamsDirectory): Promise<void> {
  const parsed = CardSubmit.safeParse(value);
  if (!parsed.success) {
    const team = await knownTeam(turn, deps);
    await reply(turn, notice(langOf(turn, team, deps.defaultLang), 'warning', [tt(langOf(turn, team, deps.defaultLang), 'formNotUnderstood')]), directory);
    return;
  }
  const submit = parsed.data;
  if (submit.kompis === SUBMIT.pulseAnswer) return pulseAnswer(submit, value as Record<string, unknown>, turn, deps);
  const team = await registerTeam(turn, deps);
  const lang = langOf(turn, team, deps.defaultLang);
  if (!deps.goals || (submit.kompis === SUBMIT.pulseSetup && !deps.pulse)) return reply(turn, notice(lang, 'info', [tCommand(lang, deps.goals ? 'pulseOff' : 'goalsOff')]), directory);
  if (!team) return reply(turn, notice(lang, 'info', [tGoal(lang, 'notInTeam')]), directory);

  switch (submit.kompis) {
    case SUBMIT.goalNew: {
      const draft = {
        title: submit.title || undefined,
        metric: submit.metric || undefined,
        // as typed: core reads the number and names the field when it is not one a goal can hold
        start: submit.start,
        target: submit.target,
        unit: submit.unit ?? '',
        direction: submit.direction === 'lower' ? ('lower' as const) : ('higher' as const),
        due: submit.due || undefined,
        // the people picker submits one Entra object id; the sender owns the goal when it was cleared
        owner: submit.owner?.split(',')[0] || turn.user.id,
        why: submit.why || undefined,
      };
      // the service posts the goal's card in the team's channel itself
      const created = await deps.goals.create(team, draft, lang);
      // a card cannot mark its own fields from the bot's side: each problem is said with its field's name
      if (!created.ok) return reply(turn, notice(lang, 'warning', created.problems.map((p) => `${tGoal(lang, FIELD_LABEL[p.field])}: ${p.message}`)), directory);
      return reply(turn, created.reply, directory);
    }
    case SUBMIT.goalProgress: {
      const amount = submit.value ? parseProgress(submit.value) : undefined;
      if (!amount) return reply(turn, notice(lang, 'warning', [tGoal(lang, 'badNumber')]), directory);
      const goal = await deps.goals.resolve(team.id, submit.goalId);
      if (!goal) return reply(turn, notice(lang, 'warning', [tGoal(lang, 'unknownGoal', { ref: clip(submit.goalId, 60) })]), directory);
      const result = await deps.goals.progress(goal.id, amount, { source: 'teams', actor: turn.user.id }, lang);
      return reply(turn, result.reply, directory);
    }
    case SUBMIT.pulseSetup: {
      const setLang = Lang.safeParse(submit.lang);
      const input = {
        leads: submit.leads,
        ...(submit.day ? { day: submit.day } : {}),
        ...(submit.time ? { time: submit.time } : {}),
        ...(submit.tz ? { tz: submit.tz } : {}),
        ...(setLang.success ? { lang: setLang.data } : {}),
        ...(submit.questions.length ? { questionIds: submit.questions } : {}),
        ...(submit.k ? { k: submit.k } : {}),
        ...(submit.commentK ? { commentK: submit.commentK } : {}),
        ...(submit.hours ? { openHours: submit.hours } : {}),
      };
      return reply(turn, await deps.pulse!.setup(team, turn.user.id, input, lang), directory);
    }
  }
}

/**
 * A member's check-in. The scores go to core and nowhere else: not into a log line, not back into
 * a card. The check-in card is replaced by what was stored, so it cannot be sent twice by mistake;
 * an incomplete one stays, with a note on what is missing.
 */
async function pulseAnswer(submit: z.infer<typeof PulseAnswerSubmit>, raw: Record<string, unknown>, turn: Turn, deps: CommandDeps): Promise<void> {
  const lang = turn.localeLang ?? (await roundLang(submit.roundId, deps)) ?? deps.defaultLang;
  if (!deps.pulse) {
    await turn.context.sendActivity(renderNotice(notice(lang, 'info', [tCommand(lang, 'pulseOff')])));
    return;
  }
  const scores: Record<string, number> = {};
  for (const [key, val] of Object.entries(raw)) {
    if (!key.startsWith('q_')) continue;
    const n = Number(typeof val === 'string' || typeof val === 'number' ? String(val).trim() : NaN);
    if (String(val).trim() !== '' && Number.isInteger(n)) scores[key.slice(2)] = n;
  }
  const outcome = await deps.pulse.answer(submit.roundId, { platform: 'teams', user: turn.user.id }, scores, submit.comment || undefined, lang);
  const cardId = turn.context.activity.replyToId;
  if (outcome.tone === 'warning' || !cardId) {
    await turn.context.sendActivity(renderNotice(outcome));
    return;
  }
  const update = renderNoticeCard(outcome);
  update.id = cardId;
  try {
    await turn.context.updateActivity(update);
  } catch {
    // the answer is stored; if the card cannot be replaced, the member still reads what happened
    await turn.context.sendActivity(renderNotice(outcome));
  }
}

async function roundLang(roundId: string, deps: CommandDeps): Promise<Lang | undefined> {
  const round = await deps.pulse?.round(roundId);
  return round && deps.goals ? (await deps.goals.team(round.team))?.lang : undefined;
}
