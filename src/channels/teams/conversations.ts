import type { ChannelBookkeeping } from '../../core/storage/ports';
import { StoredReference } from './payloads';

/**
 * Where Teams keeps conversation references, so a pulse check-in or a celebration can be sent
 * later, by any replica, after any restart. Keys name what a caller knows: a user's Entra object
 * id, a team id, or the conversation id itself.
 */
export interface TeamsConversations {
  save(keys: string[], ref: StoredReference): Promise<void>;
  get(key: string): Promise<StoredReference | undefined>;
}

export const conversationKey = {
  user: (aadObjectId: string) => `teams:user:${aadObjectId}`,
  team: (teamId: string) => `teams:team:${teamId}`,
  conversation: (conversationId: string) => `teams:conversation:${conversationId}`,
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
  };
}

/**
 * A channel conversation without the thread: Teams gives a message in a channel the id
 * `19:…@thread.tacv2;messageid=…`; the channel itself, where new posts go, is the part before it.
 */
export function conversationIdOf(id: string): string {
  return id.split(';messageid=')[0]!;
}
