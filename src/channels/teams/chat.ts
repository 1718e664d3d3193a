import { HttpError, type TurnContext } from '@microsoft/agents-hosting';
import type { Address, Chat, Member, OutMessage, SendResult } from '../../core/messages';
import { Pacer } from '../../core/pacer';
import type { Logger } from '../../core/ports';
import type { TeamsChannel } from './channel';
import { conversationKey } from './conversations';
import { listMembers } from './directory';
import { describeError } from './errors';
import { openPersonalChat } from './personal-chat';
import { TEAMS_BACKOFF, withBackoff, type BackoffOptions } from './retry';
import { renderMessage, unnamedPeople } from './render-messages';
import { TEAMS_MARKUP } from './markup';

/** How long a channel's roster counts as fresh when looking for someone not in it. */
const ROSTER_FRESH_MS = 5 * 60_000;

/** Connector answers that mean the conversation is gone for good (bot removed, user blocked it): no retry. */
const GONE = new Set([403, 404]);

/**
 * Core's `Chat` port on Teams. A user is addressed by Entra object id and reached in their personal
 * chat with Kompis; a channel by the conversation key its reference is saved under (a team's
 * `channel`). A channel needs a reference saved earlier (on install, or when it was used). A user
 * who never opened Kompis is reached through the roster of a team channel that listed them: the
 * personal chat is created then, once, and its reference saved for every later message.
 */
export function teamsChat(channel: Pick<TeamsChannel, 'withConversation' | 'directory' | 'conversations'>, logger: Logger, backoff: BackoffOptions = TEAMS_BACKOFF): Chat {
  const keyOf = (to: Address) => (to.kind === 'user' ? conversationKey.user(to.id) : to.id);
  // roster entries this process has saved, so listing a channel again writes only what changed
  const rostered = new Map<string, string>();
  const listedAt = new Map<string, number>();
  // the connector's requests that count against the bot's limit (a message, a new chat) are kept
  // under the limit its first 429 shows, so a round goes out at that rate instead of in stalls
  const pacer = new Pacer();
  const paced = async <T>(request: () => Promise<T>): Promise<T> => {
    const started = await pacer.take();
    const result = await request();
    pacer.accepted(started);
    return result;
  };

  const chat: Chat = {
    platform: 'teams',
    markup: TEAMS_MARKUP,
    async send(to: Address, message: OutMessage): Promise<SendResult> {
      const post = async (context: TurnContext) => {
        const unnamed = unnamedPeople(message);
        if (unnamed.length > 0) await channel.directory.resolve(context, unnamed);
        await paced(() => context.sendActivity(renderMessage(message, channel.directory.nameOf)));
      };
      // a person without a saved chat gets one opened from the roster, once
      const reopen = async () => {
        if (to.kind !== 'user') return false;
        let entry = await channel.conversations.getMember(to.id);
        // not met in a roster yet: the channel the message is about may list them (listed at most
        // every few minutes, however many people it is asked about)
        if (!entry && to.via && Date.now() - (listedAt.get(to.via) ?? 0) > ROSTER_FRESH_MS) {
          await chat.members(to.via);
          entry = await channel.conversations.getMember(to.id);
        }
        return entry !== undefined && (await withBackoff(() => paced(() => openPersonalChat(channel, to.id, entry)), backoff, pacer)) !== undefined;
      };
      // Teams' rate limit and passing failures are waited out here; what is left goes back to the outbox
      const attempt = () => withBackoff(() => channel.withConversation(keyOf(to), post), backoff, pacer);
      try {
        // a person's saved chat that is gone (they deleted it) counts as none: one is opened again
        const sent = await attempt().catch((err: unknown) => {
          if (to.kind === 'user' && err instanceof HttpError && GONE.has(err.status)) return undefined;
          throw err;
        });
        if (sent) return { ok: true };
        return (await reopen()) && (await attempt()) ? { ok: true } : { ok: false, error: 'unknown_recipient' };
      } catch (err) {
        if (err instanceof HttpError && GONE.has(err.status)) return { ok: false, error: 'unknown_recipient' };
        // the error's message only: the activity (a check-in, a summary) stays out of the log
        logger.warn({ ...describeError(err), status: err instanceof HttpError ? err.status : undefined, to: to.kind, kind: message.kind }, 'Teams message not sent');
        return { ok: false, error: 'unavailable' };
      }
    },

    async members(channelKey: string): Promise<Member[]> {
      const listed = await withBackoff(() => channel.withConversation(channelKey, (context) => listMembers(context)), backoff);
      if (!listed) {
        logger.warn({ channel: channelKey }, 'no saved Teams conversation for the team: no members to reach');
        return [];
      }
      listedAt.set(channelKey, Date.now());
      for (const m of listed.value) {
        channel.directory.remember(m.id, m.name);
        const entry = { teamsId: m.teamsId, via: channelKey };
        if (rostered.get(m.id) === `${entry.teamsId} ${entry.via}`) continue;
        await channel.conversations.saveMember(m.id, entry);
        rostered.set(m.id, `${entry.teamsId} ${entry.via}`);
      }
      return listed.value.map(({ teamsId: _, ...member }) => member);
    },
  };
  return chat;
}
