import type { webApi } from '@slack/bolt';
import type { SlackDeps } from './deps';
import { describeError } from './errors';

/**
 * Whether Kompis answers in this thread, so a follow-up needs no mention. The store says; while it
 * cannot (Redis down), Slack's own copy of the thread says whether Kompis wrote in it, so a follow-up
 * is answered rather than met with silence.
 */
export async function kompisAnswersThread(deps: Pick<SlackDeps, 'conversation' | 'logger'>, client: webApi.WebClient, channel: string, threadTs: string, bot: { userId?: string; botId?: string }): Promise<boolean> {
  try {
    return await deps.conversation.followsThread('slack', channel, threadTs);
  } catch (err) {
    deps.logger.warn(describeError(err), 'the store did not say whether Kompis answers this thread; asking Slack');
    const res = await client.conversations.replies({ channel, ts: threadTs, limit: 200 });
    return (res.messages ?? []).some((m) => (bot.userId !== undefined && m.user === bot.userId) || (bot.botId !== undefined && m.bot_id === bot.botId));
  }
}
