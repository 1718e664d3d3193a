import type { webApi } from '@slack/bolt';
import { runCommand, type Command, type CommandContext } from '../../core/commands';
import { apologyText } from '../../core/conversation/apology';
import type { CommandReply } from './ack-in-time';
import { slackPerson } from './command-text';
import { describeError } from './errors';
import type { ListenerContext } from './listeners/context';
import { renderCommandReply } from './render-command';
import { teamOf } from './team-of';

/** Who ran a command and where: `via` names it in the log line of a failure (`/kompis`, `/kudos`). */
export interface CommandAsker {
  user: string;
  channel: string;
  /** The slash command's own trigger id, which a form needs to open. */
  triggerId?: string;
  via: string;
}

/**
 * Runs a command read by the one grammar, in the asker's language, about the channel's team, and
 * renders its reply for the asker alone; a failure gives the friendly error text and one log line.
 */
export async function commandReply(ctx: ListenerContext, client: webApi.WebClient, command: Command, asker: CommandAsker): Promise<CommandReply> {
  const { user, channel, triggerId } = asker;
  const { deps } = ctx;
  const lang = await ctx.answerer.languages.of(client, user);
  const context: CommandContext = {
    user: { id: user },
    lang,
    source: 'slack',
    prefix: '/kompis ',
    team: () => teamOf(deps, client, channel, user, lang),
    person: async (ref) => slackPerson(ref),
    mentionsInText: true,
  };
  try {
    const reply = await runCommand(command, context, { ...(deps.goals ? { goals: deps.goals } : {}), ...(deps.pulse ? { pulse: deps.pulse } : {}), curation: deps.conversation });
    return await renderCommandReply(reply, { client, user, channel, ...(triggerId ? { triggerId } : {}) });
  } catch (err) {
    deps.logger.error({ ...describeError(err), command: command.kind }, `${asker.via} failed`);
    return { text: apologyText(lang, err) };
  }
}
