import { HttpError } from '@microsoft/agents-hosting';
import type { Pacer } from '../../core/pacer';

/** What Teams asks a bot to retry with backoff: its rate limit (429) and 412, 502, 503, 504. */
const TRANSIENT = new Set([412, 429, 502, 503, 504]);

export interface BackoffOptions {
  retries: number;
  baseMs: number;
  maxMs: number;
}

/** Five tries more over about half a minute at worst: a pulse round goes on, a reply still comes. */
export const TEAMS_BACKOFF: BackoffOptions = { retries: 5, baseMs: 500, maxMs: 15_000 };

/**
 * Runs a connector call, and again after a pause when Teams answers with a transient status: the
 * pause its Retry-After asks for, else exponential with full jitter, so replicas do not retry in
 * step. A 429 is told to the `pacer` whose turns `work` takes. Any other failure, or the last, is thrown.
 */
export async function withBackoff<T>(work: () => Promise<T>, options: BackoffOptions = TEAMS_BACKOFF, pacer?: Pick<Pacer, 'limited'>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof HttpError) || !TRANSIENT.has(err.status) || attempt >= options.retries) throw err;
      const pause = pauseFor(err, attempt, options);
      // the rate limit is the bot's, not this call's: the pacer holds every other send back too
      if (err.status === 429) pacer?.limited(pause);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function pauseFor(err: HttpError, attempt: number, options: BackoffOptions): number {
  const seconds = Number(err.response?.headers?.get('retry-after'));
  if (Number.isFinite(seconds) && seconds > 0) return Math.min(seconds * 1000, options.maxMs);
  return Math.random() * Math.min(options.maxMs, options.baseMs * 2 ** attempt);
}
