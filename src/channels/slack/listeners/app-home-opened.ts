import type { App, webApi } from '@slack/bolt';
import { tc } from '../strings';
import type { Lang } from '../../../core/lang';
import { AppHomeOpened } from '../payloads';
import { renderHome } from '../render-home';
import { suggestedPrompts } from '../render-prompts';
import type { ListenerContext } from './context';
import { isLead } from '../../../core/pulse/leads';

/** A person is greeted in the Messages tab once a year at most: a greeting at every visit would bury the answers. */
export const GREETED_TTL_SECONDS = 365 * 24 * 3600;

/**
 * The agent view (Slack's default for new apps): opening Kompis's Messages tab greets the person
 * the first time, and pins suggested prompts in their language to the top of the DM (no thread:
 * the agent view's prompts belong to the conversation). The Home tab shows the person's team:
 * its goals with progress and, for its leads, the state of the pulse.
 */
export function registerAppHomeOpened(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const parsed = AppHomeOpened.safeParse(event);
    if (!parsed.success) return;
    const { user, tab } = parsed.data;
    const lang = await ctx.answerer.languages.of(client, user);
    if (tab === 'messages') {
      await greetOnce(ctx, client, user, parsed.data.channel, lang);
      await client.assistant.threads.setSuggestedPrompts({ channel_id: parsed.data.channel, ...suggestedPrompts(lang, ctx.deps.suggestions) });
      return;
    }
    if (tab !== 'home' || !ctx.deps.goals) return;
    const teamId = await ctx.deps.people?.teamOfUser(user);
    const team = teamId ? await ctx.deps.goals.team(teamId) : undefined;
    const goals = team ? await ctx.deps.goals.list(team, lang) : undefined;
    const pulse = team && ctx.deps.pulse && isLead(team, user) ? await ctx.deps.pulse.state(team, lang) : undefined;
    await client.views.publish({ user_id: user, view: renderHome(lang, team, goals, pulse) });
  });
}

async function greetOnce(ctx: ListenerContext, client: webApi.WebClient, user: string, channel: string, lang: Lang): Promise<void> {
  // without the store Kompis cannot know whether it greeted before: the prompts say enough
  if (await ctx.deps.conversation.firstTime(`slack:greeted:${user}`, GREETED_TTL_SECONDS, ctx.deps.logger, false)) await client.chat.postMessage({ channel, text: tc(lang, 'greeting') });
}
