import { ActivityTypes, type Activity } from '@microsoft/agents-activity';
import { HttpError, type TurnContext } from '@microsoft/agents-hosting';
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

/**
 * Every reply sent in `context`'s turn (an answer, an apology, a notice, a card, an update) waits
 * out Teams' rate limit and passing failures as proactive messages do, so one 429 or 503 does not
 * lose an answer; what is still refused after the last try is thrown, and ends in the apology. A
 * typing indicator is not retried: one that came late would show after the answer.
 */
export function retryReplies(context: TurnContext, options: BackoffOptions = TEAMS_BACKOFF): TurnContext {
  context.onSendActivities(async (_context, activities, next) => {
    const [activity, ...more] = activities;
    // a batch is sent one by one: a retry would send its first activities again
    if (!activity || more.length > 0 || isTypingIndicator(activity)) return next();
    return withBackoff(next, options);
  });
  context.onUpdateActivity(async (_context, _activity, next) => withBackoff(next, options));
  return context;
}

/** "Typing…" alone; a streamed answer's updates are typing activities too, and are part of the answer. */
const isTypingIndicator = (activity: Activity) => activity.type === ActivityTypes.Typing && !activity.entities?.some((e) => e.type === 'streaminfo');
