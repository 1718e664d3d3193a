import { tCommand } from '../i18n/command-strings';
import { asText } from '../i18n/strings';
import { tGoal } from '../i18n/goal-strings';
import { tPulse } from '../i18n/pulse-strings';
import type { Lang } from '../lang';
import { notice, type NoticeMessage } from '../messages';
import type { CurationStore } from '../storage/ports';
import type { CommandContext, CommandServices } from './run';

/** How many open questions `unanswered` shows, newest first; and how many it counts at most. */
const SHOWN = 20;
const COUNTED = 1000;
const QUESTION_CHARS = 280;

/** What Kompis does and every command this deployment has, one line each. `first` goes above (an unknown command). */
export function help(ctx: Pick<CommandContext, 'lang' | 'prefix'>, services: CommandServices, first?: string): NoticeMessage {
  const { lang, prefix } = ctx;
  const commands: [string, string][] = [['help', tCommand(lang, 'cmdHelp')]];
  if (services.goals) commands.push(['goals', tGoal(lang, 'cmdGoals')], ['goal', tGoal(lang, 'cmdGoal')], ['kudos', tCommand(lang, 'cmdKudos')]);
  if (services.goals && services.pulse) commands.push(['pulse', tPulse(lang, 'cmdPulse')]);
  if (services.curation) commands.push(['unanswered', tCommand(lang, 'cmdUnanswered')]);
  const lines = commands.map(([name, line]) => `• ${prefix}${name} — ${line}`);
  return notice(lang, first ? 'warning' : 'info', [...(first ? [first] : []), tCommand(lang, 'helpTitle'), ...lines]);
}

/** The questions the knowledge store could not answer, newest first, for the curators. */
export async function unanswered(lang: Lang, curation: Pick<CurationStore, 'listOpenUnanswered'>): Promise<NoticeMessage> {
  const open = (await curation.listOpenUnanswered(COUNTED)).reverse();
  if (open.length === 0) return notice(lang, 'info', [tCommand(lang, 'unansweredNone')]);
  const lines = open.slice(0, SHOWN).map((q) => `• ${asText(clip(q.question.replace(/\s+/g, ' ')))} — ${q.askedAt.slice(0, 10)} (${q.lang})`);
  if (open.length > SHOWN) lines.push(tCommand(lang, 'unansweredMore', { count: open.length - SHOWN }));
  return notice(lang, 'info', lines, tCommand(lang, 'unansweredTitle', { count: open.length }));
}

function clip(text: string): string {
  return text.length > QUESTION_CHARS ? `${text.slice(0, QUESTION_CHARS - 1)}…` : text;
}
