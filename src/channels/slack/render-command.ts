import type { webApi } from '@slack/bolt';
import type { CommandReply as CoreReply } from '../../core/commands';
import type { CommandReply } from './ack-in-time';
import { goalModal, pulseSetupModal } from './render-forms';
import { renderMessage } from './render-messages';

/** A command's reply as Slack shows it: a message to the asker, or a form opened as a modal (nothing to say then). */
export async function renderCommandReply(reply: CoreReply, where: { client: webApi.WebClient; user: string; channel: string; triggerId?: string }): Promise<CommandReply> {
  if (reply.kind !== 'form') return renderMessage(reply);
  // a modal opens only with the command's own trigger id, and within three seconds of it
  if (!where.triggerId) throw new Error(`a ${reply.form} form needs the command's trigger id`);
  const view =
    reply.form === 'goal-new' && reply.team
      ? goalModal(reply.lang, { team: reply.team.id, channel: reply.team.channel }, where.user)
      : pulseSetupModal(reply.lang, reply.team?.channel ?? where.channel, where.user, reply.team);
  await where.client.views.open({ trigger_id: where.triggerId, view });
  return undefined;
}
