import type { Store } from '../../core/storage/ports';
import type { SlackStore } from './deps';

/**
 * The shared store (SQLite or Redis) as the Slack channel uses it. Threads Kompis answers are kept
 * as conversation references, so follow-ups work on every replica; the store keeps no asker ids
 * with unanswered questions, so none are passed.
 */
export function slackStoreFrom(store: Pick<Store, 'curation' | 'channels'>): SlackStore {
  const threadKey = (channel: string, threadTs: string) => `slack:thread:${channel}:${threadTs}`;
  return {
    markEventSeen: (id, ttlSeconds) => store.channels.markEventSeen(id, ttlSeconds),
    // the store keeps conversation references without expiry: a thread stays answered
    markThreadActive: (channel, threadTs) => store.channels.saveConversation(threadKey(channel, threadTs), { active: true }, new Date().toISOString()),
    isThreadActive: async (channel, threadTs) => (await store.channels.getConversation(threadKey(channel, threadTs))) !== undefined,
    async recordFeedback(f) {
      await store.curation.recordFeedback({
        answerId: `slack:${f.channel}:${f.messageTs}`,
        vote: f.rating,
        ...(f.reason ? { reason: f.reason } : {}),
        passageIds: f.passageIds ?? [],
        lang: f.lang,
        at: f.at.toISOString(),
      });
    },
    async addUnanswered(q) {
      await store.curation.addUnanswered({ question: q.question, lang: q.lang, askedAt: q.askedAt.toISOString(), channel: q.channel });
    },
    async listUnanswered(limit) {
      const open = await store.curation.listOpenUnanswered(limit + 1);
      const items = open.slice(0, limit).map((u) => ({ id: u.id, question: u.question, lang: u.lang, channel: u.channel ?? '-', askedAt: new Date(u.askedAt) }));
      return { items, total: open.length };
    },
  };
}
