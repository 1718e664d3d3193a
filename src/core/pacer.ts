/** The slowest the pacer spaces calls after an early 429: ten a second. */
const MAX_INTERVAL_MS = 100;

/**
 * Spaces calls to a platform that rate-limits (Slack's chat.postMessage). It
 * lets calls through as fast as they come until the platform first answers 429; then it takes the
 * calls the platform accepted in the window the Retry-After names as its rate, and spaces the next
 * calls evenly just under it. A batch (a pulse round to 2,000 people) then goes out at the limit,
 * instead of in bursts that each stall every sender for a full Retry-After. After a quiet spell
 * without a 429 it lets calls through freely again.
 */
export class Pacer {
  /** Milliseconds between calls; 0 while no limit has been met. */
  private interval = 0;
  private next = 0;
  private limitedAt = -Infinity;
  private readonly tookAt: number[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    /** How long without a 429 before the learned rate is forgotten. */
    private readonly forgetAfterMs = 60_000,
  ) {}

  /** Waits for this call's turn. */
  async take(): Promise<void> {
    const t = this.now();
    if (this.interval > 0 && t - this.limitedAt > this.forgetAfterMs) this.interval = 0;
    const at = Math.max(t, this.next);
    this.next = at + this.interval;
    if (at > t) await new Promise((resolve) => setTimeout(resolve, at - t));
  }

  /** The platform took a call. */
  accepted(): void {
    this.tookAt.push(this.now());
    if (this.tookAt.length > 10_000) this.tookAt.splice(0, this.tookAt.length - 10_000);
  }

  /** The platform refused a call and asked for `retryAfterMs`. */
  limited(retryAfterMs: number): void {
    const t = this.now();
    const window = Math.max(1000, retryAfterMs);
    const took = this.tookAt.filter((a) => a > t - window).length;
    // just under what the window took; a window that took few (the 429 came early) never slows
    // sending below ten a second, which is no worse than not pacing at all
    this.interval = Math.min(MAX_INTERVAL_MS, (window / Math.max(1, took)) * 1.05);
    this.limitedAt = t;
  }
}
