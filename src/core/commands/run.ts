import type { GoalService } from '../goals/service';
import { tCommand } from '../i18n/command-strings';
import { tGoal } from '../i18n/goal-strings';
import { tPulse } from '../i18n/pulse-strings';
import type { Lang } from '../lang';
import { notice, type GoalListMessage, type NoticeMessage, type Person, type PulseSummaryMessage } from '../messages';
import { leadRefusal } from '../pulse/leads';
import type { PulseService } from '../pulse/service';
import type { CuratorsList } from './lists';
import type { TeamRecord } from '../storage/records';
import { personRef, type Command, type PulseVerb } from './grammar';
import { help, unanswered } from './lists';

/** What a command needs to know about where it was run: the channel answers these. */
export interface CommandContext {
  /** Who asked, by the channel's id for them. */
  user: Person;
  /** The asker's language. */
  lang: Lang;
  /** The channel's name, kept with the progress a command logs. */
  source: string;
  /** How a command is written in this channel, for the help ("/kompis "). */
  prefix: string;
  /** The team the command is about, made known on first use; undefined outside a team's channel. */
  team(): Promise<TeamRecord | undefined>;
  /** The person behind a `{@ref}` in the command's words; undefined when the channel cannot tell. */
  person(ref: string): Promise<Person | undefined>;
  /**
   * True when the channel shows `{@id}` in the text it posts as a mention of that person, by the id
   * `person` gives (Slack writes `<@U…>`, which it shows as the person's current name): a kudos reason
   * then keeps the people it names as mentions rather than as a name or a bare id.
   */
  mentionsInText?: boolean;
  /** False where others see the reply too (a Teams channel or group chat): a reply that holds other people's words is not given there. */
  privately?: boolean;
}

/** The services commands act on; each left out says it is not configured here. */
export interface CommandServices {
  goals?: GoalService;
  pulse?: PulseService;
  curation?: CuratorsList;
}

/** A form the channel opens in its own way: a modal, a card. `team` is absent where the channel lets the form pick it. */
export interface FormRequest {
  kind: 'form';
  form: 'goal-new' | 'pulse-setup';
  lang: Lang;
  team?: TeamRecord;
}

/** What a command answers, to the asker only. */
export type CommandReply = NoticeMessage | GoalListMessage | PulseSummaryMessage | FormRequest;

/** How much of a goal reference someone typed is said back. */
const MAX_ECHO = 60;

/** Runs a command. Each reply says what happened, in the asker's language; nothing fails silently. */
export async function runCommand(command: Command, ctx: CommandContext, services: CommandServices): Promise<CommandReply> {
  const { lang } = ctx;
  const say = (tone: NoticeMessage['tone'], line: string) => notice(lang, tone, [line]);
  switch (command.kind) {
    case 'help':
      return help(ctx, services);
    case 'unknown':
      return help(ctx, services, tCommand(lang, 'unknownCommand', { name: clip(command.name) }));
    case 'unanswered':
      if (!services.curation) return say('info', tCommand(lang, 'curationOff'));
      // the list holds what people asked privately, and what customers told them: for the curators, where only they see it
      if (ctx.privately === false) return say('info', tCommand(lang, 'unansweredPrivately'));
      if (services.curation.mayRead && !(await services.curation.mayRead(ctx.user.id))) return say('info', tCommand(lang, 'unansweredForCurators'));
      return unanswered(lang, services.curation);
    case 'usage':
      return say('warning', usage(command.of, lang));
    case 'too-long':
      return say('warning', tGoal(lang, 'kudosTooLong', { length: command.length, max: command.max }));
    case 'pulse':
      return pulse(command.verb, ctx, services);
    default:
      return goals(command, ctx, services);
  }
}

function usage(of: Extract<Command, { kind: 'usage' }>['of'], lang: Lang): string {
  if (of === 'pulse') return tPulse(lang, 'usage');
  if (of === 'kudos') return tGoal(lang, 'kudosUsage');
  return tGoal(lang, of === 'goal' ? 'goalUsage' : 'progressUsage');
}

async function goals(command: Extract<Command, { kind: 'goals' | 'goal-new' | 'goal-progress' | 'kudos' }>, ctx: CommandContext, services: CommandServices): Promise<CommandReply> {
  const { lang } = ctx;
  if (!services.goals) return notice(lang, 'info', [tCommand(lang, 'goalsOff')]);
  const team = await ctx.team();
  if (!team) return notice(lang, 'info', [tGoal(lang, 'notInTeam')]);
  switch (command.kind) {
    case 'goals':
      return services.goals.list(team, lang);
    case 'goal-new':
      return { kind: 'form', form: 'goal-new', lang, team };
    case 'goal-progress': {
      const goal = await services.goals.resolve(team.id, command.ref);
      if (!goal) return notice(lang, 'warning', [tGoal(lang, 'unknownGoal', { ref: clip(command.ref) })]);
      return (await services.goals.progress(goal.id, command.amount, { source: ctx.source, actor: ctx.user.id }, lang)).reply;
    }
    case 'kudos': {
      const to = await ctx.person(command.to);
      if (!to) return notice(lang, 'warning', [tGoal(lang, 'kudosUsage')]);
      return services.goals.kudos(team, ctx.user, to, await namesOf(command.reason, ctx), lang, command.goalRef);
    }
  }
}

/**
 * Other people a kudos reason mentions: as mentions where the channel shows them in posted text, else
 * by name, since the reason is kept and shown as text, where a channel's reference would mean nothing.
 */
async function namesOf(text: string, ctx: CommandContext): Promise<string> {
  let out = text;
  for (const [ref, id] of text.matchAll(/\{@([^{}\s]{1,200})\}/g)) {
    const person = await ctx.person(id!);
    out = out.replace(ref, person && ctx.mentionsInText ? personRef(person.id) : `@${person?.name ?? id}`);
  }
  return out;
}

async function pulse(verb: PulseVerb, ctx: CommandContext, services: CommandServices): Promise<CommandReply> {
  const { lang, user } = ctx;
  const service = services.pulse;
  if (!service || !services.goals) return notice(lang, 'info', [tCommand(lang, 'pulseOff')]);
  const team = await ctx.team();
  if (verb === 'setup') {
    const refused = team && leadRefusal(team, user.id, 'setup', lang);
    return refused ?? { kind: 'form', form: 'pulse-setup', lang, ...(team ? { team } : {}) };
  }
  if (!team) return notice(lang, 'info', [tGoal(lang, 'notInTeam')]);
  switch (verb) {
    case 'now':
      return service.openNow(team, user.id, lang);
    case 'close':
      return service.closeNow(team, user.id, lang);
    case 'pause':
    case 'resume':
      return service.setPaused(team, user.id, verb === 'pause', lang);
    case 'results':
      return service.results(team, user.id, lang);
  }
}

function clip(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO - 1)}…` : text;
}
