import type { App } from '@slack/bolt';
import { parseCommand } from '../../../core/commands';
import { ackInTime } from '../ack-in-time';
import { commandReply } from '../command-flow';
import { slackCommandText } from '../command-text';
import { SlashCommand } from '../payloads';
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
      const { user_id: user, channel_id: channel, trigger_id: triggerId, text } = parsed.data;
      const words = name === '/kudos' ? `kudos ${text}` : text;
      const asked = parseCommand(slackCommandText(words), 'typed') ?? { kind: 'help' as const };
      const reply = commandReply(ctx, client, asked, { user, channel, ...(triggerId ? { triggerId } : {}), via: parsed.data.command });
      await ackInTime(reply, { ack, respond }, ctx.deps.ackBudgetMs);
    });
  }
}
