import type { App, webApi } from '@slack/bolt';
import type { z } from 'zod';
import { notice } from '../../../core/messages';
import { tGoal } from '../../../core/i18n/goal-strings';
import { apologyText } from '../../../core/conversation/apology';
import { ackInTime, type CommandReply } from '../ack-in-time';
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

/** `/kudos …`, acked in time like `/kompis`: a slow post answers through the response_url. */
export function registerKudos(app: App, ctx: ListenerContext): void {
  app.command('/kudos', async ({ ack, respond, command, client }) => {
    const parsed = SlashCommand.safeParse(command);
    if (!parsed.success) {
      await ack();
      throw new Error('slash command payload not understood');
    }
    await ackInTime(kudosReply(ctx, client, parsed.data), { ack, respond }, ctx.deps.ackBudgetMs);
  });
}

/** Posts the kudos in the team's channel; the giver's confirmation, or what went wrong. */
async function kudosReply(ctx: ListenerContext, client: webApi.WebClient, command: z.infer<typeof SlashCommand>): Promise<CommandReply> {
  const { text, user_id: user, channel_id: channel } = command;
  const lang = await ctx.answerer.languages.of(client, user);
  const kudos = parseKudos(text);
  if (!kudos || kudos.reason.length > MAX_KUDOS) return renderNotice(notice(lang, 'info', [tGoal(lang, 'kudosUsage')]));
  try {
    const team = await teamOf(ctx.deps, client, channel, user, lang);
    if (!team || !ctx.deps.goals) return renderNotice(notice(lang, 'info', [tGoal(lang, 'notInTeam')]));
    return renderNotice(await ctx.deps.goals.kudos(team, { id: user }, { id: kudos.to }, kudos.reason, lang, kudos.goalRef));
  } catch (err) {
    ctx.deps.logger.error({ ...describeError(err), command: 'kudos' }, '/kudos failed');
    return renderNotice(notice(lang, 'error', [apologyText(lang, err)]));
  }
}
