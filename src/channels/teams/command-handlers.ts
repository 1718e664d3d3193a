import { z } from 'zod';
import { notice } from '../../core/messages';
import { tGoal } from '../../core/i18n/goal-strings';
import { tt } from '../../core/i18n/teams-strings';
import type { Lang } from '../../core/lang';
import type { TeamRecord } from '../../core/storage/records';
import type { Command } from './commands';
import { clip } from './cards';
import { connectorOf, type TeamsDirectory } from './directory';
import { renderGoalForm } from './render-goals';
import { renderPulseSetup } from './render-pulse';
import { langOf, registerTeam, reply, type CommandDeps, type Turn } from './turn';

/** A mention entity in an incoming message: Teams puts the person's Teams user id (29:…) in it. */
const MentionEntity = z.looseObject({ type: z.literal('mention'), text: z.string(), mentioned: z.looseObject({ id: z.string().min(1), name: z.string().optional() }) });
const MemberAccount = z.looseObject({ aadObjectId: z.string().min(1), name: z.string().optional() });

/** The `<at>…</at>` texts of everyone mentioned in the message but Kompis. */
export function otherMentions(turn: Turn): z.infer<typeof MentionEntity>[] {
  const bot = turn.message.recipient.id;
  return (turn.context.activity.entities ?? []).flatMap((e) => {
    const m = MentionEntity.safeParse(e);
    return m.success && m.data.mentioned.id !== bot ? [m.data] : [];
  });
}

/** Runs a typed command. Each says what happened, in the reader's language; nothing fails silently. */
export async function runCommand(command: Command, turn: Turn, deps: CommandDeps, directory: TeamsDirectory): Promise<void> {
  const team = await registerTeam(turn, deps);
  const lang = langOf(turn, team, deps.defaultLang);
  const say = (lines: string[], tone: 'info' | 'warning' | 'success' = 'info') => reply(turn, notice(lang, tone, lines), directory);

  if (command.kind === 'pulse') {
    if (!deps.pulse || !deps.goals) return say([tt(lang, 'pulseOff')]);
    if (!team) return say([tGoal(lang, 'notInTeam')]);
    return runPulse(command.verb, team, turn, lang, deps, directory);
  }
  if (!deps.goals) return say([tt(lang, 'goalsOff')]);
  if (!team) return say([tGoal(lang, 'notInTeam')]);
  switch (command.kind) {
    case 'goals':
      return reply(turn, await deps.goals.list(team, lang), directory);
    case 'goal-new':
      await turn.context.sendActivity(renderGoalForm(lang, turn.user));
      return;
    case 'goal-usage':
      return say([tGoal(lang, 'progressUsage')], 'warning');
    case 'goal-progress': {
      const goal = await deps.goals.resolve(team.id, command.ref);
      if (!goal) return say([tGoal(lang, 'unknownGoal', { ref: clip(command.ref, 60) })], 'warning');
      const result = await deps.goals.progress(goal.id, command.amount, { source: 'teams', actor: turn.user.id }, lang);
      return reply(turn, result.reply, directory);
    }
    case 'kudos-usage':
      return say([tGoal(lang, 'kudosUsage')], 'warning');
    case 'kudos': {
      const to = await mentionedPerson(turn, command.mention, directory);
      if (!to) return say([tGoal(lang, 'kudosUsage')], 'warning');
      return reply(turn, await deps.goals.kudos(team, turn.user, to, command.reason, lang), directory);
    }
  }
}

async function runPulse(verb: Extract<Command, { kind: 'pulse' }>['verb'], team: TeamRecord, turn: Turn, lang: Lang, deps: CommandDeps, directory: TeamsDirectory): Promise<void> {
  const pulse = deps.pulse!;
  switch (verb) {
    case 'setup':
      if (team.leads.length > 0) await directory.resolve(turn.context, team.leads).catch(() => undefined);
      await turn.context.sendActivity(renderPulseSetup(lang, turn.user, team, directory.nameOf));
      return;
    case 'now':
      return reply(turn, await pulse.openNow(team, turn.user.id, lang), directory);
    case 'close':
      return reply(turn, await pulse.closeNow(team, turn.user.id, lang), directory);
    case 'pause':
    case 'resume':
      return reply(turn, await pulse.setPaused(team, turn.user.id, verb === 'pause', lang), directory);
    case 'results':
      return reply(turn, await pulse.results(team, turn.user.id, lang), directory);
  }
}

/**
 * The person behind a mention, by Entra object id: the entity carries only the Teams user id, so
 * the member is looked up in this conversation (GET /v3/conversations/{id}/members/{userId}).
 */
async function mentionedPerson(turn: Turn, text: string, directory: TeamsDirectory): Promise<{ id: string; name?: string } | undefined> {
  const entity = otherMentions(turn).find((m) => m.text === text);
  if (!entity) return undefined;
  try {
    const member = MemberAccount.safeParse(await connectorOf(turn.context).getConversationMember(encodeURIComponent(entity.mentioned.id), encodeURIComponent(turn.conversationId)));
    if (!member.success) return undefined;
    const name = member.data.name ?? entity.mentioned.name;
    directory.remember(member.data.aadObjectId, name);
    return { id: member.data.aadObjectId, ...(name ? { name } : {}) };
  } catch {
    return undefined;
  }
}
