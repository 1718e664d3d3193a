import type { App } from '@slack/bolt';
import { AppHomeOpened } from '../payloads';
import { renderHome } from '../render-home';
import { suggestedPrompts } from '../render-prompts';
import type { ListenerContext } from './context';

/**
 * The agent view (Slack's default for new apps): opening Kompis's Messages tab pins suggested
 * prompts, in the user's language, to the top of the DM. The Home tab shows the person's team:
 * its goals with progress and, for its leads, the state of the pulse.
 */
export function registerAppHomeOpened(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const parsed = AppHomeOpened.safeParse(event);
    if (!parsed.success) return;
    const { user, tab } = parsed.data;
    const lang = await ctx.answerer.languages.of(client, user);
    if (tab === 'messages') {
      await client.assistant.threads.setSuggestedPrompts({ channel_id: parsed.data.channel, ...suggestedPrompts(lang) });
      return;
    }
    if (tab !== 'home' || !ctx.deps.goals) return;
    const teamId = await ctx.deps.people?.teamOfUser(user);
    const team = teamId ? await ctx.deps.goals.team(teamId) : undefined;
    const goals = team ? await ctx.deps.goals.list(team, lang) : undefined;
    const pulse = team && ctx.deps.pulse && team.leads.includes(user) ? await ctx.deps.pulse.state(team, lang) : undefined;
    await client.views.publish({ user_id: user, view: renderHome(lang, team, goals, pulse) });
  });
}
