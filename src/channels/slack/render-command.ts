import type { webApi } from '@slack/bolt';
import type { CommandReply as CoreReply } from '../../core/commands';
import type { CommandReply } from './ack-in-time';
import { goalForm, pulseSetupForm } from '../../core/forms';
import { notice } from '../../core/messages';
import { renderModal } from './render-forms';
import { renderMessage } from './render-messages';
import { tc } from './strings';

/**
 * A command's reply as Slack shows it: a message to the asker, or a form opened as a modal (nothing
 * to say then). A modal opens only with a slash command's own trigger id, and within three seconds
 * of it: a command written in a message, which has none, is told to use the slash command instead.
 */
export async function renderCommandReply(reply: CoreReply, where: { client: webApi.WebClient; user: string; channel: string; triggerId?: string }): Promise<CommandReply> {
  if (reply.kind !== 'form') return renderMessage(reply);
  if (!where.triggerId) return renderMessage(notice(reply.lang, 'info', [tc(reply.lang, 'formBySlashCommand', { command: reply.form === 'goal-new' ? '/kompis goal new' : '/kompis pulse setup' })]));
  const asker = { id: where.user };
  const view =
    reply.form === 'goal-new' && reply.team
      ? renderModal(goalForm(reply.lang, asker), { team: reply.team.id, channel: reply.team.channel })
      : renderModal(pulseSetupForm(reply.lang, { asker, channel: reply.team?.channel ?? where.channel, ...(reply.team ? { team: reply.team } : {}) }));
  await where.client.views.open({ trigger_id: where.triggerId, view });
  return undefined;
}
