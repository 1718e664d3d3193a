import { z } from 'zod';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { TeamsChannel } from './channel';
import { conversationKey, type RosterEntry } from './conversations';
import { connectorOf } from './directory';
import { StoredReference } from './payloads';

/** The connector's answer to POST /v3/conversations (ConversationResourceResponse). */
const Created = z.looseObject({ id: z.string().min(1), serviceUrl: z.string().url().optional() });

/**
 * Opens (or finds: Teams answers with the existing chat) the personal chat between Kompis and a
 * team member, in a turn of the channel whose roster listed them, and saves its reference under
 * the member's key, so every later message, on any replica, goes straight there.
 */
export async function openPersonalChat(channel: Pick<TeamsChannel, 'withConversation' | 'conversations'>, aadObjectId: string, entry: RosterEntry): Promise<StoredReference | undefined> {
  const opened = await channel.withConversation(entry.via, (context) => createChat(context, entry.teamsId, aadObjectId));
  if (!opened) return undefined;
  await channel.conversations.save([conversationKey.user(aadObjectId), conversationKey.conversation(opened.value.conversation.id)], opened.value);
  return opened.value;
}

async function createChat(context: TurnContext, teamsId: string, aadObjectId: string): Promise<StoredReference> {
  const { activity } = context;
  const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const bot = { id: activity.recipient?.id ?? '', ...(activity.recipient?.name ? { name: activity.recipient.name } : {}) };
  // the wire body as the Bot Framework connector reads it: the SDK's typed parameters call the bot
  // `agent`, a field the connector does not know, so the request is written here
  const res = await connectorOf(context).httpClient.request({
    method: 'post',
    url: '/v3/conversations',
    headers: { 'Content-Type': 'application/json' },
    data: { isGroup: false, bot, members: [{ id: teamsId }], ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}) },
  });
  const created = Created.parse(res.data);
  return StoredReference.parse({
    serviceUrl: created.serviceUrl ?? activity.serviceUrl,
    channelId: activity.channelId,
    conversation: { id: created.id, conversationType: 'personal', ...(tenantId ? { tenantId } : {}) },
    agent: bot,
    user: { id: teamsId, aadObjectId },
    ...(activity.locale ? { locale: activity.locale } : {}),
  });
}
