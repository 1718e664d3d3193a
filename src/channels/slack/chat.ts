import { webApi } from '@slack/bolt';
import { deliveryIdOf, type Address, type Chat, type Member, type OutMessage, type SendResult } from '../../core/messages';
import { Pacer } from '../../core/pacer';
import type { Logger } from '../../core/ports';
import { describeError, slackErrorKind } from './errors';
import { renderMessage } from './render-messages';
import { SLACK_MARKUP } from './markup';

type WebClient = webApi.WebClient;

/** The metadata event type that marks Kompis's deliveries, so a resumed sender can find them. */
export const DELIVERY_EVENT = 'kompis_delivery';

/** Errors that say the recipient is gone or unreachable for good: retrying will not help. */
const GONE = new Set(['channel_not_found', 'user_not_found', 'user_disabled', 'account_inactive', 'not_in_channel', 'is_archived', 'cannot_dm_bot', 'messages_tab_disabled']);

const DIRECTORY_TTL_MS = 10 * 60_000;

/**
 * Core's `Chat` port on Slack's Web API: DMs are posted to the user's id (Slack delivers them to the
 * app's Messages tab without a conversations.open per person), channel posts to the channel id.
 * Rate limits are the WebClient's: a 429 waits for Retry-After and is tried again.
 */
export function slackChat(client: WebClient, logger: Logger): Chat {
  let directory: { at: number; users: Map<string, { name?: string; realName?: string; human: boolean }> } | undefined;
  // posts are kept under the limit Slack's first 429 shows, so a round does not stall on Retry-After after Retry-After;
  // the WebClient sends a refused post again by itself once the Retry-After has passed
  const pacer = new Pacer();
  // a round sends one check-in to everyone: it is rendered once, not once a person
  const renderedOnce = new WeakMap<OutMessage, ReturnType<typeof renderMessage>>();
  client.on(webApi.WebClientEvent.RATE_LIMITED, (retrySec: number, { url }: { url: string }) => {
    if (url.endsWith('chat.postMessage')) pacer.limited(retrySec * 1000, true);
  });

  async function users(): Promise<Map<string, { name?: string; realName?: string; human: boolean }>> {
    if (directory && Date.now() - directory.at < DIRECTORY_TTL_MS) return directory.users;
    const map = new Map<string, { name?: string; realName?: string; human: boolean }>();
    let cursor: string | undefined;
    do {
      const page = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const u of page.members ?? []) {
        if (!u.id) continue;
        const realName = u.profile?.real_name || u.real_name || undefined;
        const name = u.profile?.display_name || u.name || undefined;
        map.set(u.id, { ...(name ? { name } : {}), ...(realName ? { realName } : {}), human: !u.is_bot && !u.deleted && u.id !== 'USLACKBOT' && !u.is_app_user });
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    directory = { at: Date.now(), users: map };
    return map;
  }

  return {
    platform: 'slack',
    markup: SLACK_MARKUP,
    async send(to: Address, message: OutMessage): Promise<SendResult> {
      let rendered = renderedOnce.get(message);
      if (!rendered) renderedOnce.set(message, (rendered = renderMessage(message)));
      const delivery = deliveryIdOf(message);
      try {
        const started = await pacer.take();
        await client.chat.postMessage({
          channel: to.id,
          text: rendered.text,
          blocks: rendered.blocks,
          unfurl_links: false,
          ...(delivery ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery } } } : {}),
        });
        pacer.accepted(started);
        return { ok: true };
      } catch (err) {
        const kind = slackErrorKind(err);
        if (kind && GONE.has(kind)) return { ok: false, error: 'unknown_recipient' };
        logger.warn({ ...describeError(err), to: to.kind, kind: message.kind }, 'Slack message not sent');
        return { ok: false, error: 'unavailable' };
      }
    },

    async members(channel: string): Promise<Member[]> {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        ids.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      const dir = await users();
      return ids.flatMap((id) => {
        const u = dir.get(id);
        if (!u?.human) return [];
        return [{ id, ...(u.name ? { name: u.name } : {}), ...(u.realName ? { realName: u.realName } : {}) }];
      });
    },

    async delivered(to: Address, deliveryId: string, since: Date): Promise<boolean> {
      const channel = to.kind === 'user' ? (await client.conversations.open({ users: to.id })).channel?.id : to.id;
      if (!channel) return false;
      let cursor: string | undefined;
      do {
        const page = await client.conversations.history({ channel, oldest: String(since.getTime() / 1000), include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
        for (const m of page.messages ?? []) {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: { delivery?: unknown } } }).metadata;
          if (meta?.event_type === DELIVERY_EVENT && meta.event_payload?.delivery === deliveryId) return true;
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return false;
    },
  };
}
