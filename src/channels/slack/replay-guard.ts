import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from './deps';

/** A replayed request is signed for five minutes; its id is remembered well past that. */
export const REPLAY_TTL_SECONDS = 3600;

/** The fields that tell one command, click or form submission apart from a replay of it. */
const Interaction = z.looseObject({
  type: z.string().optional(),
  trigger_id: z.string().min(1).optional(),
  user: z.looseObject({ id: z.string().min(1) }).optional(),
  actions: z.array(z.looseObject({ action_ts: z.string().min(1).optional() })).optional(),
});

/**
 * The id of one slash command, button click or form submission: Slack gives each a fresh
 * trigger_id, so the same id again is the same request delivered again (a retry, or a replay of a
 * signed request). Events have none: messages are deduplicated by their ts where they are answered.
 */
export function interactionId(body: unknown): string | undefined {
  const parsed = Interaction.safeParse(body);
  if (!parsed.success) return undefined;
  const { trigger_id: trigger, type, user, actions } = parsed.data;
  if (trigger) return `slack:trigger:${trigger}`;
  const actionTs = actions?.[0]?.action_ts;
  if (type === 'block_actions' && user && actionTs) return `slack:action:${user.id}:${actionTs}`;
  return undefined;
}

/**
 * Bolt middleware: a command, click or submission runs once, however often it arrives and on
 * whichever replica; a repeat is acknowledged and does nothing. While the store is down, requests
 * run (a possible duplicate beats a lost command).
 */
export function replayGuard(deps: Pick<SlackDeps, 'conversation'>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const id = interactionId(args.body);
    if (id && !(await deps.conversation.firstTime(id, REPLAY_TTL_SECONDS))) {
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  };
}
