import type { App, webApi } from '@slack/bolt';
import type { z } from 'zod';
import { isStoreUnavailable } from '../../../core/errors';
import { t } from '../../../core/i18n/strings';
import { tc } from '../../../core/i18n/slack-strings';
import { ackInTime, type CommandReply } from '../ack-in-time';
import { renderHelp } from '../commands/help';
import { describeError } from '../errors';
import { clip, escapeMrkdwn } from '../mrkdwn';
import { SlashCommand } from '../payloads';
import type { ListenerContext } from './context';

/** How much of an unknown subcommand is said back: enough to recognise it. */
const MAX_ECHO = 60;

/**
 * `/kompis …`: routed to a subcommand; the reply is visible to the asker only. It starts at once;
 * one slower than the ack budget is acked empty and answers through the response_url.
 */
export function registerKompisCommand(app: App, ctx: ListenerContext): void {
  app.command('/kompis', async ({ ack, respond, command, client }) => {
    const parsed = SlashCommand.safeParse(command);
    if (!parsed.success) {
      await ack();
      throw new Error('slash command payload not understood');
    }
    await ackInTime(replyTo(ctx, client, parsed.data), { ack, respond }, ctx.deps.ackBudgetMs);
  });
}

/** The subcommand's reply, or the friendly error text (and one log line) when it failed. */
async function replyTo(ctx: ListenerContext, client: webApi.WebClient, command: z.infer<typeof SlashCommand>): Promise<CommandReply> {
  const { text, user_id: user, channel_id: channel, trigger_id: triggerId } = command;
  const { sub, name, args } = ctx.commands.resolve(text);
  const lang = await ctx.answerer.languages.of(client, user);
  try {
    return sub
      ? await sub.run({ args, user, channel, lang, client, ...(triggerId ? { triggerId } : {}) })
      : renderHelp(ctx.commands, lang, tc(lang, 'unknownCommand', { name: escapeMrkdwn(clip(name, MAX_ECHO)) }));
  } catch (err) {
    ctx.deps.logger.error({ ...describeError(err), command: name }, '/kompis failed');
    return { text: t(lang, isStoreUnavailable(err) ? 'storeDown' : 'error') };
  }
}
