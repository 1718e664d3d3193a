import { Assistant, type App } from '@slack/bolt';
import { questionOf, writtenText } from '../answer-flow';
import { runMessageCommand } from '../command-flow';
import { slackMessageCommand } from '../command-text';
import { AssistantThreadStarted, MessageEvent } from '../payloads';
import { suggestedPrompts } from '../render-prompts';
import type { ListenerContext } from './context';

/**
 * The assistant panel (Slack's older assistant view), through Bolt's Assistant: a new thread gets
 * suggested prompts in the user's language, and each message in it is run as a command when it
 * reads as one, or answered with a "thinking" status while Kompis works.
 */
export function registerAssistant(app: App, ctx: ListenerContext): void {
  app.assistant(
    new Assistant({
      threadStarted: async ({ event, client, setSuggestedPrompts }) => {
        const parsed = AssistantThreadStarted.safeParse(event);
        if (!parsed.success) return;
        const lang = await ctx.answerer.languages.of(client, parsed.data.assistant_thread.user_id);
        await setSuggestedPrompts(suggestedPrompts(lang, ctx.deps.suggestions));
      },
      // Kompis answers from the knowledge store only: the channel the user is looking at changes nothing
      threadContextChanged: async () => undefined,
      userMessage: async ({ message, client, context, setStatus }) => {
        const parsed = MessageEvent.safeParse(message);
        if (!parsed.success) return;
        const m = parsed.data;
        const text = writtenText(m);
        if (m.bot_id !== undefined || m.user === undefined || text === undefined || m.thread_ts === undefined) return;
        const command = slackMessageCommand(text, context.botUserId);
        if (command) return runMessageCommand(ctx, client, command, { ...m, user: m.user });
        await ctx.answerer.handle(client, { ...questionOf('assistant', { ...m, user: m.user, text }, context), setStatus: (status: string) => setStatus(status) });
      },
    }),
  );
}
