import type { AnswerFeedback, SlackStore, UnansweredQuestion } from './deps';

/**
 * SlackStore in one process's memory. Right for tests and a single replica until the shared store
 * is bound in main.ts; several replicas need the Redis-backed store, or a retry may be answered twice.
 */
export class InMemorySlackStore implements SlackStore {
  protected readonly seen = new Map<string, number>();
  protected readonly threads = new Map<string, number>();
  readonly feedback = new Map<string, AnswerFeedback>();
  readonly unanswered = new Map<string, UnansweredQuestion>();

  constructor(private readonly now: () => number = Date.now) {}

  async markEventSeen(id: string, ttlSeconds: number): Promise<boolean> {
    this.sweep(this.seen);
    // check and set with no await in between: concurrent deliveries cannot both pass
    if ((this.seen.get(id) ?? 0) > this.now()) return false;
    this.seen.set(id, this.now() + ttlSeconds * 1000);
    return true;
  }

  async markThreadActive(channel: string, threadTs: string, ttlSeconds: number): Promise<void> {
    this.sweep(this.threads);
    this.threads.set(`${channel}:${threadTs}`, this.now() + ttlSeconds * 1000);
  }

  async isThreadActive(channel: string, threadTs: string): Promise<boolean> {
    return (this.threads.get(`${channel}:${threadTs}`) ?? 0) > this.now();
  }

  async recordFeedback(feedback: AnswerFeedback): Promise<void> {
    this.feedback.set(`${feedback.channel}:${feedback.messageTs}:${feedback.user}`, feedback);
  }

  async addUnanswered(question: UnansweredQuestion): Promise<void> {
    if (!this.unanswered.has(question.id)) this.unanswered.set(question.id, question);
  }

  async listUnanswered(limit: number): Promise<{ items: UnansweredQuestion[]; total: number }> {
    const all = [...this.unanswered.values()].sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime());
    return { items: all.slice(0, limit), total: all.length };
  }

  private sweep(map: Map<string, number>): void {
    if (map.size < 10_000) return;
    const now = this.now();
    for (const [k, until] of map) if (until <= now) map.delete(k);
  }
}
