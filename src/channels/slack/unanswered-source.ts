import type { CurationStore } from '../../core/storage/ports';
import type { SlackStore } from './deps';

/** The open questions as core's commands read them (oldest first), from the store Slack's answers note them in. */
export function unansweredOf(store: Pick<SlackStore, 'listUnanswered'>): Pick<CurationStore, 'listOpenUnanswered'> {
  return {
    listOpenUnanswered: async (limit = 50) => {
      const { items } = await store.listUnanswered(limit);
      return items.map((q) => ({ id: q.id, question: q.question, lang: q.lang, askedAt: q.askedAt.toISOString() })).reverse();
    },
  };
}
