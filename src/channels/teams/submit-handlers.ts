import { z } from 'zod';
import { errorLines, fillIn, FORM_FIELDS, goalForm, isList, progressForm, pulseSetupForm, readProgressForm, readPulseSetupForm, type FieldErrors, type FormDescription, type FormId, type FormValues } from '../../core/forms';
import { notice } from '../../core/messages';
import { tCommand } from '../../core/i18n/command-strings';
import { tGoal } from '../../core/i18n/goal-strings';
import { tt } from './strings';
import { Lang } from '../../core/lang';
import { clip } from './cards';
import type { TeamsDirectory } from './directory';
import { renderFormCard } from './render-form';
import { renderNotice, renderNoticeCard } from './render-notice';
import { COMMENT_INPUT, SUBMIT } from './render-pulse';
import { knownTeam, langOf, registerTeam, reply, type CommandDeps, type Turn } from './turn';

/**
 * What Kompis's cards send back. Teams delivers an Action.Submit as a message whose `value` is the
 * action's data merged with the card's inputs, every input as a string (a multi-select as
 * "a,b,c"); an empty input may be missing or "".
 */
const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).optional();

export const PulseAnswerSubmit = z.looseObject({ kompis: z.literal(SUBMIT.pulseAnswer), roundId: z.string().min(1), [COMMENT_INPUT]: text });
const FormSubmit = z.looseObject({ kompis: z.enum([SUBMIT.goalNew, SUBMIT.goalProgress, SUBMIT.pulseSetup]), goalId: z.string().min(1).optional() });
export const CardSubmit = z.union([PulseAnswerSubmit, FormSubmit]);

/** A form's inputs as core reads them: each field's text, a multi-select's picks one by one. */
function formValues(form: FormId, raw: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [field, kind] of Object.entries(FORM_FIELDS[form])) {
    const read = text.safeParse(raw[field]);
    if (!read.success || read.data === undefined) continue;
    // a person picker submits one Entra object id; a list, ids joined by commas
    values[field] = isList(kind) ? read.data.split(',') : kind === 'person' ? read.data.split(',')[0]! : read.data;
  }
  return values;
}

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

  const values = formValues(submit.kompis, value as Record<string, unknown>);
  const refuse = async (form: FormDescription, errors: FieldErrors) => {
    await reply(turn, notice(lang, 'warning', errorLines(form, errors)), directory);
    await markErrors(turn, fillIn(form, values), errors, directory);
  };
  switch (submit.kompis) {
    case SUBMIT.goalNew: {
      // the service posts the goal's card in the team's channel itself
      const created = await deps.goals.createFromForm(team, values, turn.user.id, lang);
      return created.ok ? reply(turn, created.reply, directory) : refuse(goalForm(lang, turn.user), created.errors);
    }
    case SUBMIT.goalProgress: {
      const goal = submit.goalId ? await deps.goals.resolve(team.id, submit.goalId) : undefined;
      if (!goal) return reply(turn, notice(lang, 'warning', [tGoal(lang, 'unknownGoal', { ref: clip(submit.goalId ?? '', 60) })]), directory);
      const amount = readProgressForm(values, lang);
      if (!amount.ok) return refuse(progressForm(lang, goal), amount.errors);
      const result = await deps.goals.progress(goal.id, amount.value, { source: 'teams', actor: turn.user.id }, lang);
      return reply(turn, result.reply, directory);
    }
    case SUBMIT.pulseSetup: {
      // the team is the conversation the card was sent in
      const read = readPulseSetupForm({ ...values, channel: team.channel }, lang);
      if (!read.ok) return refuse(pulseSetupForm(lang, { asker: turn.user, team }), read.errors);
      return reply(turn, await deps.pulse!.setup(team, turn.user.id, read.value.setup, lang), directory);
    }
  }
}

/**
 * The sent form again, with what was typed and each problem under its field. The reply before it
 * names every field with its problem, so a card that cannot be replaced loses nothing.
 */
async function markErrors(turn: Turn, form: FormDescription, errors: FieldErrors, directory: TeamsDirectory): Promise<void> {
  const cardId = turn.context.activity.replyToId;
  if (!cardId) return;
  const card = renderFormCard(form, directory.nameOf, errors);
  card.id = cardId;
  await turn.context.updateActivity(card).catch(() => undefined);
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
