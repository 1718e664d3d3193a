import type { App } from '@slack/bolt';
import { t } from '../../../core/i18n/strings';
import { tc } from '../../../core/i18n/slack-strings';
import { renderHelp } from '../commands/help';
import { describeError } from '../errors';
import { escapeMrkdwn } from '../mrkdwn';
import { SlashCommand } from '../payloads';
import type { ListenerContext } from './context';

/** `/kompis …`: routed to a subcommand; the reply is visible to the asker only. */
export function registerKompisCommand(app: App, ctx: ListenerContext): void {
  app.command('/kompis', async ({ ack, command, client }) => {
    const parsed = SlashCommand.safeParse(command);
    if (!parsed.success) {
      await ack();
      throw new Error('slash command payload not understood');
    }
    const { text, user_id: user, channel_id: channel, trigger_id: triggerId } = parsed.data;
    const { sub, name, args } = ctx.commands.resolve(text);
    const lang = await ctx.answerer.languages.of(client, user);
    try {
      const reply = sub
        ? await sub.run({ args, user, channel, lang, client, ...(triggerId ? { triggerId } : {}) })
        : renderHelp(ctx.commands, lang, tc(lang, 'unknownCommand', { name: escapeMrkdwn(name) }));
      await ack(reply ? { response_type: 'ephemeral', text: reply.text, blocks: reply.blocks } : undefined);
    } catch (err) {
      ctx.deps.logger.error({ ...describeError(err), command: name }, '/kompis failed');
      await ack({ response_type: 'ephemeral', text: t(lang, 'error') });
    }
  });
}
