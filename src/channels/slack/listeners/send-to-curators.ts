import type { App } from '@slack/bolt';
import { tc } from '../strings';
import { ids } from '../ids';
import { CuratorAction, CuratorValue, safeJson } from '../payloads';
import { renderCuratorPost } from '../render-curators';
import type { ListenerContext } from './context';

/**
 * "Send to the curators" under an abstention: the question goes to SLACK_CURATOR_CHANNEL once
 * (however many times the button is pressed), and the button is replaced by a confirmation. The
 * question is already on the unanswered list: the abstention put it there.
 */
export function registerSendToCurators(app: App, ctx: ListenerContext): void {
  app.action(ids.sendToCurators, async ({ ack, body, client }) => {
    await ack();
    const parsed = CuratorAction.safeParse(body);
    const raw = parsed.data?.actions[0]?.value;
    const value = raw === undefined ? undefined : CuratorValue.safeParse(safeJson(raw));
    if (!parsed.success || !value?.success) throw new Error('curator button payload not understood');
    const { user, channel, message } = parsed.data;
    const { q: question, l: lang, ts } = value.data;
    const threadTs = message.thread_ts ?? message.ts;
    const questionTs = ts ?? threadTs;

    if (!ctx.deps.curatorChannel) {
      await client.chat.postEphemeral({ channel: channel.id, user: user.id, thread_ts: threadTs, text: tc(lang, 'curatorsUnavailable') });
      return;
    }
    const curators = ctx.deps.curatorChannel;
    await ctx.deps.conversation.sendToCurators({ platform: 'slack', conversation: channel.id, questionId: questionTs }, async () => {
      const post = renderCuratorPost(lang, { question, user: user.id, channel: channel.id });
      await client.chat.postMessage({ channel: curators, text: post.text, blocks: post.blocks, unfurl_links: false });
    });
    const blocks = (message.blocks ?? []).filter((b) => b.block_id !== 'kompis_curators');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: tc(lang, 'sentToCurators') }] });
    await client.chat.update({ channel: channel.id, ts: message.ts, text: tc(lang, 'sentToCurators'), blocks: blocks as never });
  });
}
