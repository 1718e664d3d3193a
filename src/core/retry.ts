import type { Logger } from './ports';

/** Pauses between tries of bookkeeping a store outage interrupted: about ten minutes in all. */
const BOOKKEEPING_RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 180_000, 240_000];

/**
 * `work`, tried again after each pause in `pausesMs` while it fails; true once it succeeded,
 * false when the last try failed too, or no try could start within `withinMs` (the caller says so).
 */
export async function retrying(work: () => Promise<unknown>, pausesMs: readonly number[], withinMs = Infinity): Promise<boolean> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      await work();
      return true;
    } catch {
      const pause = pausesMs[attempt];
      // a store that hangs until each command times out must not hold a reply for long
      if (pause === undefined || Date.now() - started + pause > withinMs) return false;
      await new Promise((resolve) => setTimeout(resolve, pause).unref());
    }
  }
}

/**
 * Keeps trying `work` in the background while a store is down, and logs once whether it finally
 * got through: for bookkeeping that must not be lost but that nobody waits for.
 */
export function retryInBackground(work: () => Promise<unknown>, what: string, logger: Logger, pausesMs: readonly number[] = BOOKKEEPING_RETRY_MS): void {
  void retrying(work, pausesMs).then((done) => {
    if (done) logger.info({ what }, 'bookkeeping stored after a store outage');
    else logger.error({ what }, 'bookkeeping given up: the store did not answer for about ten minutes');
  });
}
