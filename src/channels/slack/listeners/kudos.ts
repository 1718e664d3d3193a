import type { App } from '@slack/bolt';
import { notice } from '../../../core/messages';
import { tGoal } from '../../../core/i18n/goal-strings';
import { t } from '../../../core/i18n/strings';
import { describeError } from '../errors';
import { slackTextToPlain } from '../mrkdwn';
import { SlashCommand } from '../payloads';
import { renderNotice } from '../render-messages';
import { teamOf } from '../team-of';
import type { ListenerContext } from './context';

const MAX_KUDOS = 1000;

/**
 * `/kudos @person for …`: the recipient is the first mention (Slack escapes it as `<@U…|name>` when
 * the command has `should_escape`), the rest is the reason, and a trailing `#2` links goal 2.
 */
export function parseKudos(text: string): { to: string; reason: string; goalRef?: string } | undefined {
  const m = /^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  let reason = m[2]!.trim();
  const goal = /\s#(\d{1,3})\s*$/.exec(` ${reason}`);
  if (goal) reason = reason.slice(0, reason.length - goal[0].trimStart().length).trim();
  reason = slackTextToPlain(reason);
  if (!reason) return undefined;
  return { to: m[1]!, reason, ...(goal ? { goalRef: goal[1]! } : {}) };
}

export function registerKudos(app: App, ctx: ListenerContext): void {
  app.command('/kudos', async ({ ack, command, client }) => {
    const parsed = SlashCommand.safeParse(command);
    if (!parsed.success) {
      await ack();
      throw new Error('slash command payload not understood');
    }
    const { text, user_id: user, channel_id: channel } = parsed.data;
    const lang = await ctx.answerer.languages.of(client, user);
    const reply = (n: ReturnType<typeof notice>) => ack({ response_type: 'ephemeral', ...renderNotice(n) });
    const kudos = parseKudos(text);
    if (!kudos || kudos.reason.length > MAX_KUDOS) return reply(notice(lang, 'info', [tGoal(lang, 'kudosUsage')]));
    try {
      const team = await teamOf(ctx.deps, client, channel, user, lang);
      if (!team || !ctx.deps.goals) return reply(notice(lang, 'info', [tGoal(lang, 'notInTeam')]));
      return reply(await ctx.deps.goals.kudos(team, { id: user }, { id: kudos.to }, kudos.reason, lang, kudos.goalRef));
    } catch (err) {
      ctx.deps.logger.error({ ...describeError(err), command: 'kudos' }, '/kudos failed');
      return reply(notice(lang, 'error', [t(lang, 'error')]));
    }
  });
}
