import type { App } from '@slack/bolt';
import { questionOf, writtenText } from '../answer-flow';
import { runMessageCommand } from '../command-flow';
import { slackMessageCommand } from '../command-text';
import { MentionEvent } from '../payloads';
import type { ListenerContext } from './context';

/** "@Kompis …" in a channel: a command run as the slash command runs it, or a question answered in the message's thread. */
export function registerAppMention(app: App, ctx: ListenerContext): void {
  app.event('app_mention', async ({ event, context, client }) => {
    const parsed = MentionEvent.safeParse(event);
    if (!parsed.success) {
      ctx.deps.logger.warn({ issues: parsed.error.issues.length }, 'app_mention payload not understood; ignored');
      return;
    }
    const e = parsed.data;
    if (e.bot_id || e.edited !== undefined) return;
    const command = slackMessageCommand(writtenText(e) ?? '', context.botUserId);
    if (command) return runMessageCommand(ctx, client, command, e);
    await ctx.answerer.handle(client, questionOf('mention', e, context));
  });
}
