import type { webApi } from '@slack/bolt';
import { runCommand, type Command, type CommandContext } from '../../core/commands';
import { apologyText } from '../../core/conversation/apology';
import { SEEN_TTL_SECONDS } from '../../core/conversation/service';
import type { CommandReply } from './ack-in-time';
import { slackPerson } from './command-text';
import { describeError } from './errors';
import type { ListenerContext } from './listeners/context';
import { renderCommandReply } from './render-command';
import { isDirect, teamOf } from './team-of';

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

/** A message to Kompis that the grammar reads as a command: where it was written, and by whom. */
export interface CommandMessage {
  channel: string;
  ts: string;
  thread_ts?: string | undefined;
  user: string;
}

/**
 * Runs a command written in a mention or a DM as the slash command runs it, once however often
 * Slack delivers the message. Its reply goes where the message was, in its thread if it has one: in
 * a channel for the asker's eyes only (as the slash command's reply), in a DM as a message there.
 */
export async function runMessageCommand(ctx: ListenerContext, client: webApi.WebClient, command: Command, m: CommandMessage): Promise<void> {
  if (!(await ctx.deps.conversation.firstTime(`slack:command:${m.channel}:${m.ts}`, SEEN_TTL_SECONDS))) return;
  const reply = await commandReply(ctx, client, command, { user: m.user, channel: m.channel, via: 'a command in a message' });
  if (!reply) return;
  // Slack shows an ephemeral in a thread only once the thread exists: a message that starts none
  // gets its reply beside it, as the slash command's
  const where = { channel: m.channel, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) };
  if (isDirect(m.channel)) await client.chat.postMessage(where);
  else await client.chat.postEphemeral({ ...where, user: m.user });
}
