/** However early a 429 came, the learned limit never slows calls below ten a second. */
const MIN_PER_SECOND = 10;
/**
 * Each window is stretched by this share, so a call that reaches the platform a little sooner after
 * its start than the one a window before it (network and event-loop jitter) still lands in the
 * platform's next window. A refusal costs a whole Retry-After; this costs a thirtieth of a window.
 */
const STRETCH = 0.03;

/** What a platform showed of its limit: at most `calls` starts in any `windowMs`. */
interface Limit {
  calls: number;
  windowMs: number;
}

/**
 * Keeps calls to a chat platform that rate-limits its message sends under the limit the platform
 * shows. Chat platforms publish no exact figure for bulk sends (a message a second per conversation
 * with short bursts, a limit for the whole workspace or app that is "subject to change"; back off on
 * 429), so the pacer learns it: calls go through freely until the first 429;
 * the calls the platform took in the window the Retry-After names (a second at least) are then its
 * limit. From then on a call starts only when fewer than that many started in the last window, and
 * nothing starts before the Retry-After has passed. Starts are counted when they happen, not when
 * the call returns, so a slow answer does not cost the next call its turn; a batch (a pulse round
 * to 2,000 people) goes out at the limit in bursts both platforms allow, instead of stalling every
 * sender on a Retry-After each second. A later 429 lowers the limit to what its window took; after a
 * quiet spell in which the limit held nobody back and nothing was refused, it is forgotten.
 */
export class Pacer {
  private limit: Limit | undefined;
  /** When the last 429 came, and when its Retry-After ends: no call starts before that. */
  private pausedAt = -Infinity;
  private resumeAt = 0;
  /** A 429 whose window is still to be counted. */
  private learning: { since: number; windowMs: number } | undefined;
  /** The last time the platform refused, or the limit held a call back. */
  private boundAt = -Infinity;
  /** When calls started (and retries the client makes by itself are due), ascending. */
  private readonly starts: number[] = [];
  /** Slots held for calls the client sends again by itself, until they are taken. */
  private readonly held: number[] = [];
  /** When the calls the platform took started, ascending. */
  private readonly tookAt: number[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    /** How long without a 429 or a held-back call before the learned limit is forgotten. */
    private readonly forgetAfterMs = 60_000,
  ) {}

  /** Waits for this call's turn; resolves to when it started, for `accepted`. */
  async take(): Promise<number> {
    for (;;) {
      const t = this.now();
      if (this.learning && t >= this.resumeAt) this.learn(this.learning);
      if (this.limit && t - this.boundAt > this.forgetAfterMs) this.limit = undefined;
      const at = this.turn(t);
      if (at <= t) {
        insertSorted(this.starts, t);
        trim(this.starts);
        return t;
      }
      this.boundAt = t;
      // looked at again on waking: a 429 meanwhile, or another caller that took the turn, moves it
      await new Promise((resolve) => setTimeout(resolve, at - t));
    }
  }

  /**
   * The platform took the call that started at `startedAt`. Calls are counted by when they started,
   * as the platform counts them by when they arrived, not by when their answers came back.
   */
  accepted(startedAt: number): void {
    const t = this.now();
    // started before the last 429 and taken after its pause: the client sent it again by itself,
    // a moment ago, and the next window must count that start (its slot at the pause's end may be early)
    const retried = startedAt < this.pausedAt && t >= this.resumeAt;
    if (retried) {
      // its start moves from the slot held for it at the pause's end to when it went
      const held = this.held.shift();
      const at = held === undefined ? -1 : this.starts.lastIndexOf(held);
      if (at >= 0) this.starts.splice(at, 1);
      insertSorted(this.starts, t);
    }
    insertSorted(this.tookAt, retried ? t : startedAt);
    trim(this.tookAt);
  }

  /**
   * The platform refused a call and asked for `retryAfterMs`. `retriedByClient`: the platform's
   * client sends it again by itself after the pause (some platform clients do), without asking the
   * pacer, so its start is counted now, at the end of the pause.
   */
  limited(retryAfterMs: number, retriedByClient = false): void {
    const t = this.now();
    // calls that were in flight together are refused together: the first of them tells the limit
    if (this.resumeAt <= t) {
      const windowMs = Math.max(1000, retryAfterMs);
      // the window looked at reaches a little further back than the 429's arrival here (the refusal
      // was decided a moment earlier); what started before the last pause counted in a window that has ended
      this.learning = { since: Math.max(t - windowMs - this.stretch(windowMs), this.resumeAt), windowMs };
      this.pausedAt = t;
    }
    this.resumeAt = Math.max(this.resumeAt, t + retryAfterMs);
    this.boundAt = t;
    if (retriedByClient) {
      insertSorted(this.starts, t + retryAfterMs);
      this.held.push(t + retryAfterMs);
      trim(this.held);
    }
  }

  /**
   * The limit from the calls the platform took in the window before its 429, counted once the pause
   * is over: by then every call that was in flight at the 429 has been answered, taken or refused.
   */
  private learn({ since, windowMs }: { since: number; windowMs: number }): void {
    this.learning = undefined;
    const took = this.tookAt.filter((a) => a > since && a <= this.pausedAt).length;
    const calls = Math.max(took, Math.ceil((MIN_PER_SECOND * windowMs) / 1000));
    this.limit = this.limit && this.limit.windowMs === windowMs ? { calls: Math.min(this.limit.calls, calls), windowMs } : { calls, windowMs };
  }

  /** The earliest a call asked for at `t` may start. */
  private turn(t: number): number {
    let at = Math.max(t, this.resumeAt);
    if (this.limit) {
      const { calls, windowMs } = this.limit;
      // every start so far is at or before `at` (retries the client makes are due at `resumeAt`):
      // the calls-th start back gives the window this call must wait for
      const nth = this.starts[this.starts.length - calls];
      if (nth !== undefined) at = Math.max(at, nth + windowMs + this.stretch(windowMs));
    }
    return at;
  }

  private stretch(windowMs: number): number {
    return windowMs * STRETCH;
  }
}

/** Times kept: far more than any window's limit; cut in large steps, not one by one. */
const KEEP = 10_000;

function trim(times: number[]): void {
  if (times.length > 2 * KEEP) times.splice(0, times.length - KEEP);
}

function insertSorted(times: number[], t: number): void {
  let i = times.length;
  while (i > 0 && times[i - 1]! > t) i--;
  times.splice(i, 0, t);
}
