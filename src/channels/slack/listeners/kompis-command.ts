import type { App, webApi } from '@slack/bolt';
import type { z } from 'zod';
import { parseCommand, runCommand, type CommandContext } from '../../../core/commands';
import { apologyText } from '../../../core/conversation/apology';
import { ackInTime, type CommandReply } from '../ack-in-time';
import { slackCommandText, slackPerson } from '../command-text';
import { describeError } from '../errors';
import { SlashCommand } from '../payloads';
import { renderCommandReply } from '../render-command';
import { teamOf } from '../team-of';
import type { ListenerContext } from './context';

/**
 * `/kompis …` and `/kudos …` (the same as `/kompis kudos …`): read by core's one grammar, run by
 * core, the reply visible to the asker only. A reply slower than the ack budget is acked empty and
 * answers through the response_url.
 */
export function registerKompisCommand(app: App, ctx: ListenerContext): void {
  for (const name of ['/kompis', '/kudos']) {
    app.command(name, async ({ ack, respond, command, client }) => {
      const parsed = SlashCommand.safeParse(command);
      if (!parsed.success) {
        await ack();
        throw new Error('slash command payload not understood');
      }
      const words = name === '/kudos' ? `kudos ${parsed.data.text}` : parsed.data.text;
      await ackInTime(replyTo(ctx, client, parsed.data, words), { ack, respond }, ctx.deps.ackBudgetMs);
    });
  }
}

/** The command's reply, or the friendly error text (and one log line) when it failed. */
async function replyTo(ctx: ListenerContext, client: webApi.WebClient, payload: z.infer<typeof SlashCommand>, words: string): Promise<CommandReply> {
  const { user_id: user, channel_id: channel, trigger_id: triggerId } = payload;
  const lang = await ctx.answerer.languages.of(client, user);
  const command = parseCommand(slackCommandText(words), 'typed') ?? { kind: 'help' };
  const { deps } = ctx;
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
    deps.logger.error({ ...describeError(err), command: command.kind }, `${payload.command} failed`);
    return { text: apologyText(lang, err) };
  }
}
