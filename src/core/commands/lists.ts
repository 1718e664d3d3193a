import { tCommand } from '../i18n/command-strings';
import { asText } from '../i18n/strings';
import { tGoal } from '../i18n/goal-strings';
import { tPulse } from '../i18n/pulse-strings';
import type { Lang } from '../lang';
import { notice, type NoticeMessage } from '../messages';
import type { UnansweredQuestion } from '../storage/records';
import type { CommandContext, CommandServices } from './run';

/** How many open questions `unanswered` shows, newest first. */
const SHOWN = 20;
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

/** The curators' list: the newest open questions, and how many there are. */
export interface CuratorsList {
  unanswered(limit: number): Promise<{ items: UnansweredQuestion[]; total: number }>;
  /** Whether this person may read the list (a curator or a team lead); every one may where it is left out. */
  mayRead?(user: string): Promise<boolean>;
}

/** The questions the knowledge store could not answer or only came close to, newest first, with why, for the curators. */
export async function unanswered(lang: Lang, curation: CuratorsList): Promise<NoticeMessage> {
  const { items, total } = await curation.unanswered(SHOWN);
  if (total === 0) return notice(lang, 'info', [tCommand(lang, 'unansweredNone')]);
  const lines = items.map((q) => `• ${asText(clip(q.question.replace(/\s+/g, ' ')))} — ${q.askedAt.slice(0, 10)} (${q.lang})${q.why ? ` — ${asText(clip(q.why))}` : ''}`);
  if (total > items.length) lines.push(tCommand(lang, 'unansweredMore', { count: total - items.length }));
  return notice(lang, 'info', lines, tCommand(lang, 'unansweredTitle', { count: total }));
}

function clip(text: string): string {
  return text.length > QUESTION_CHARS ? `${text.slice(0, QUESTION_CHARS - 1)}…` : text;
}
