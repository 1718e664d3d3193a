import type { AckFn, RespondArguments, RespondFn, types } from '@slack/bolt';
import { readyWithin } from '../../core/ready-within';

/**
 * How long a slash command's reply may take and still travel in the ack. Slack shows the user
 * "operation_timeout" when the ack takes over 3 s; this leaves room for the round trip.
 */
export const ACK_BUDGET_MS = 2000;

/** A reply visible to the asker only; undefined when there is nothing to say (a form was opened). */
export type CommandReply = { text: string; blocks?: types.KnownBlock[] } | undefined;

/**
 * Acks a slash command in time, whatever `reply` takes: with the reply itself when it is ready
 * within `budgetMs`, otherwise at once with an empty ack, and then with the reply through the
 * command's response_url when it comes (Slack takes that for 30 minutes).
 */
export async function ackInTime(reply: Promise<CommandReply>, io: { ack: AckFn<string | RespondArguments>; respond: RespondFn }, budgetMs = ACK_BUDGET_MS): Promise<void> {
  const early = await readyWithin(reply, budgetMs);
  if (early) return io.ack(early.value && ephemeral(early.value));
  await io.ack();
  const late = await reply;
  // an expired response_url throws here, and ends in the channel's error handler
  if (late) await io.respond({ ...ephemeral(late), replace_original: false });
}

function ephemeral(reply: NonNullable<CommandReply>): RespondArguments {
  return { response_type: 'ephemeral', text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) };
}
