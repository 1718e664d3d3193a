import { randomUUID } from 'node:crypto';
import { parseCommand, personRef, runCommand, type CommandReply } from '../../core/commands';
import type { CuratorsList } from '../../core/commands/lists';
import { GoalService } from '../../core/goals/service';
import { tCommand } from '../../core/i18n/command-strings';
import { apologyText } from '../../core/conversation/apology';
import { asText } from '../../core/i18n/strings';
import type { Lang } from '../../core/lang';
import { notice } from '../../core/messages';
import { systemClock, type Clock, type Logger } from '../../core/ports';
import type { Store } from '../../core/storage/ports';
import { consoleChat, CONSOLE_PLATFORM } from './chat';
import { renderMessageText } from './render-message';

/** The one person at the terminal, and the one team the console works in. */
const USER = 'console';
const TEAM = `${CONSOLE_PLATFORM}:local`;

export interface ConsoleCommands {
  /** True for a line the console reads as a command (`/kompis …`, or `/kudos …` as in Slack); any other line is a question. */
  handles(line: string): boolean;
  /** Runs the command; the reply as terminal text. What core posts to the team's channel is printed as well. */
  run(line: string): Promise<string>;
  /** Waits for celebrations still being printed. */
  settled(): Promise<void>;
}

/** `/kompis …` (and `/kudos …`) in the console chat, on core's commands and the embedded store, for the console's one team. */
export function consoleCommands(deps: { store: Store; curators: CuratorsList; lang: Lang; logger: Logger; print: (text: string) => void; clock?: Clock }): ConsoleCommands {
  const { store, lang } = deps;
  const clock = deps.clock ?? systemClock;
  const chats = { [CONSOLE_PLATFORM]: consoleChat(deps.print) };
  const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: randomUUID(), chats, clock, logger: deps.logger });
  const team = () => goals.ensureTeam({ id: TEAM, platform: CONSOLE_PLATFORM, channel: TEAM, lang });
  return {
    handles: (line) => /^\/(?:kompis|kudos)(\s|$)/i.test(line.trim()),
    async run(line) {
      // `@name` is how a person is named at the terminal
      const words = asText(line).replace(/(^|\s)@([\p{L}\p{N}._-]{1,80})/gu, (_, space: string, name: string) => `${space}${personRef(name)}`);
      const command = parseCommand(words, 'typed') ?? { kind: 'help' as const };
      // the console runs no pulse, but setting one up is a form like a goal's: the same answer as goal new
      if (command.kind === 'pulse' && command.verb === 'setup') return renderReply({ kind: 'form', form: 'pulse-setup', lang });
      try {
        const reply = await runCommand(command, { user: { id: USER }, lang, source: CONSOLE_PLATFORM, prefix: '/kompis ', team, person: async (name) => ({ id: name, name: `@${name}` }) }, { goals, curation: deps.curators });
        return renderReply(reply);
      } catch (err) {
        deps.logger.error({ err: (err as Error).message, command: command.kind }, 'console command failed');
        return renderMessageText(notice(lang, 'error', [apologyText(lang, err)]));
      }
    },
    settled: () => goals.settled(),
  };
}

function renderReply(reply: CommandReply): string {
  if (reply.kind === 'form') return renderMessageText(notice(reply.lang, 'info', [tCommand(reply.lang, 'noForms')]));
  return renderMessageText(reply);
}
