import { InMemorySlackStore } from '../../../src/channels/slack/memory-store';

/** The in-memory SlackStore, plus a switch to make every call fail as a store outage would. */
export class TestSlackStore extends InMemorySlackStore {
  down = false;

  override async markEventSeen(id: string, ttlSeconds: number): Promise<boolean> {
    this.fail();
    return super.markEventSeen(id, ttlSeconds);
  }

  override async isThreadActive(channel: string, threadTs: string): Promise<boolean> {
    this.fail();
    return super.isThreadActive(channel, threadTs);
  }

  private fail(): void {
    if (this.down) throw new Error('store unavailable');
  }
}
