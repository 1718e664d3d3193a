import { z } from 'zod';
import type { ChannelBookkeeping } from '../../core/storage/ports';
import { StoredReference } from './payloads';

/**
 * How to open a personal chat with a team member who never wrote to Kompis: their Teams user id
 * (29:…, which the connector takes for a new chat; the Entra object id works only once they have
 * installed the app) and the key of the channel whose roster listed them, which gives the service
 * URL, tenant and bot to create the chat with.
 */
export const RosterEntry = z.object({ teamsId: z.string().min(1), via: z.string().min(1) });
export type RosterEntry = z.infer<typeof RosterEntry>;

/**
 * Where Teams keeps conversation references, so a pulse check-in or a celebration can be sent
 * later, by any replica, after any restart. Keys name what a caller knows: a user's Entra object
 * id, a team id, or the conversation id itself.
 */
export interface TeamsConversations {
  save(keys: string[], ref: StoredReference): Promise<void>;
  get(key: string): Promise<StoredReference | undefined>;
  saveMember(aadObjectId: string, entry: RosterEntry): Promise<void>;
  getMember(aadObjectId: string): Promise<RosterEntry | undefined>;
}

export const conversationKey = {
  user: (aadObjectId: string) => `teams:user:${aadObjectId}`,
  team: (teamId: string) => `teams:team:${teamId}`,
  conversation: (conversationId: string) => `teams:conversation:${conversationId}`,
  member: (aadObjectId: string) => `teams:member:${aadObjectId}`,
};

/** The shared store's bookkeeping as Teams uses it; a record that does not parse counts as absent. */
export function conversationsFrom(store: Pick<ChannelBookkeeping, 'saveConversation' | 'getConversation'>, now: () => Date = () => new Date()): TeamsConversations {
  return {
    async save(keys, ref) {
      const at = now().toISOString();
      for (const key of keys) await store.saveConversation(key, ref, at);
    },
    async get(key) {
      const parsed = StoredReference.safeParse(await store.getConversation(key));
      return parsed.success ? parsed.data : undefined;
    },
    async saveMember(aadObjectId, entry) {
      await store.saveConversation(conversationKey.member(aadObjectId), entry, now().toISOString());
    },
    async getMember(aadObjectId) {
      const parsed = RosterEntry.safeParse(await store.getConversation(conversationKey.member(aadObjectId)));
      return parsed.success ? parsed.data : undefined;
    },
  };
}

/**
 * A channel conversation without the thread: Teams gives a message in a channel the id
 * `19:…@thread.tacv2;messageid=…`; the channel itself, where new posts go, is the part before it.
 */
export function conversationIdOf(id: string): string {
  return id.split(';messageid=')[0]!;
}

/**
 * The thread of a message in a channel: the id of the thread's root post, which Teams puts after
 * `;messageid=` in the conversation id of the post itself and of every reply to it. Undefined in a
 * personal or group chat, which have no threads.
 */
export function threadIdOf(id: string): string | undefined {
  const root = id.split(';messageid=')[1];
  return root || undefined;
}
