import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../ports';
import type { Locks, PulseStore } from '../storage/ports';
import { isoWeek } from './iso-week';

const WEEK_MS = 7 * 86_400_000;

/**
 * The week before which pulse comments are past retention; undefined when the retention reaches
 * back before year 1, where no round can be (or is no number of weeks at all): nothing is past it.
 */
export function retentionCutoff(now: Date, weeks: number): string | undefined {
  if (!(weeks >= 0)) return undefined;
  const at = new Date(now.getTime() - weeks * WEEK_MS);
  // a date too far back for JavaScript is NaN, and fails this too
  if (!(at.getUTCFullYear() >= 1)) return undefined;
  return isoWeek(at);
}

/**
 * Deletes pulse comments older than the retention period. Safe to run from every replica: one
 * takes the lock, the others skip.
 */
export async function applyPulseRetention(deps: { pulse: PulseStore; locks: Locks; clock: Clock; logger: Logger; owner: string }, weeks: number): Promise<number | undefined> {
  const cutoff = retentionCutoff(deps.clock.now(), weeks);
  if (cutoff === undefined) {
    deps.logger.info({ weeks }, 'pulse comment retention reaches back before any round: nothing deleted');
    return 0;
  }
  const token = `${deps.owner}:${randomUUID()}`;
  if (!(await deps.locks.acquire('pulse-retention', token, 10 * 60_000))) return undefined;
  try {
    const deleted = await deps.pulse.deleteCommentsBefore(cutoff);
    deps.logger.info({ deleted, before: cutoff }, 'pulse comments past retention deleted');
    return deleted;
  } finally {
    await deps.locks.release('pulse-retention', token);
  }
}
