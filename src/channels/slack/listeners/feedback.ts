import type { App } from '@slack/bolt';
import { tc } from '../strings';
import { t } from '../../../core/i18n/strings';
import { ids } from '../ids';
import { FeedbackAction, FeedbackValue, ReasonMetadata, ViewSubmission } from '../payloads';
import { renderReasonModal } from '../render-feedback';
import type { ListenerContext } from './context';
import { readyWithin } from '../../../core/ready-within';
import { ACK_BUDGET_MS } from '../ack-in-time';

/**
 * 👍 / 👎 under an answer. Both are stored at once; 👎 then opens a modal asking for an optional
 * reason, which replaces the stored record when sent.
 */
export function registerFeedback(app: App, ctx: ListenerContext): void {
  app.action(ids.feedback, async ({ ack, body, client }) => {
    await ack();
    const parsed = FeedbackAction.safeParse(body);
    const value = FeedbackValue.safeParse(parsed.data?.actions[0]?.value);
    if (!parsed.success || !value.success) throw new Error('feedback payload not understood');
    const { user, channel, message, trigger_id } = parsed.data;
    const { rating, lang, passageIds } = value.data;
    const stored = await ctx.deps.conversation.feedback({ platform: 'slack', conversation: channel.id, message: message.ts, voter: user.id, vote: rating, lang, passageIds });
    if (stored === 'store_down') {
      await client.chat.postEphemeral({ channel: channel.id, user: user.id, thread_ts: message.thread_ts ?? message.ts, text: t(lang, 'storeDown') });
      return;
    }
    if (rating === 'down' && trigger_id) {
      await client.views.open({ trigger_id, view: renderReasonModal(lang, { channel: channel.id, messageTs: message.ts, passageIds }) });
    } else {
      await client.chat.postEphemeral({ channel: channel.id, user: user.id, thread_ts: message.thread_ts ?? message.ts, text: tc(lang, 'feedbackThanks') });
    }
  });

  app.view(ids.feedbackReasonView, async ({ ack, body, client }) => {
    const parsed = ViewSubmission.safeParse(body);
    if (!parsed.success) {
      await ack();
      throw new Error('feedback reason payload not understood');
    }
    const about = ReasonMetadata.parse(JSON.parse(parsed.data.view.private_metadata));
    const voter = parsed.data.user.id;
    const reason = parsed.data.view.state.values[ids.reasonBlock]?.[ids.reasonInput]?.value?.trim();
    const stored = ctx.deps.conversation.feedback({ platform: 'slack', conversation: about.channel, message: about.messageTs, voter, vote: 'down', lang: about.lang, passageIds: about.passageIds, ...(reason ? { reason } : {}) });
    // a reason the store could not take keeps the form open with what was written, and says why
    const early = await readyWithin(stored, ACK_BUDGET_MS);
    if (early?.value === 'store_down') return ack({ response_action: 'errors', errors: { [ids.reasonBlock]: t(about.lang, 'storeDown') } });
    await ack();
    if (!early && (await stored) === 'store_down') await client.chat.postEphemeral({ channel: about.channel, user: voter, thread_ts: about.messageTs, text: t(about.lang, 'storeDown') });
  });
}
