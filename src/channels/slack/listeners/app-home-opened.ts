import type { App } from '@slack/bolt';
import { AppHomeOpened } from '../payloads';
import { suggestedPrompts } from '../render-prompts';
import type { ListenerContext } from './context';

/**
 * The agent view (Slack's default for new apps): opening Kompis's Messages tab pins suggested
 * prompts, in the user's language, to the top of the DM.
 */
export function registerAppHomeOpened(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const parsed = AppHomeOpened.safeParse(event);
    if (!parsed.success || parsed.data.tab !== 'messages') return;
    const lang = await ctx.answerer.languages.of(client, parsed.data.user);
    await client.assistant.threads.setSuggestedPrompts({ channel_id: parsed.data.channel, ...suggestedPrompts(lang) });
  });
}
