import type { webApi } from '@slack/bolt';
import type { CommandReply as CoreReply } from '../../core/commands';
import type { CommandReply } from './ack-in-time';
import { goalForm, pulseSetupForm } from '../../core/forms';
import { renderModal } from './render-forms';
import { renderMessage } from './render-messages';

/** A command's reply as Slack shows it: a message to the asker, or a form opened as a modal (nothing to say then). */
export async function renderCommandReply(reply: CoreReply, where: { client: webApi.WebClient; user: string; channel: string; triggerId?: string }): Promise<CommandReply> {
  if (reply.kind !== 'form') return renderMessage(reply);
  // a modal opens only with the command's own trigger id, and within three seconds of it
  if (!where.triggerId) throw new Error(`a ${reply.form} form needs the command's trigger id`);
  const asker = { id: where.user };
  const view =
    reply.form === 'goal-new' && reply.team
      ? renderModal(goalForm(reply.lang, asker), { team: reply.team.id, channel: reply.team.channel })
      : renderModal(pulseSetupForm(reply.lang, { asker, channel: reply.team?.channel ?? where.channel, ...(reply.team ? { team: reply.team } : {}) }));
  await where.client.views.open({ trigger_id: where.triggerId, view });
  return undefined;
}
