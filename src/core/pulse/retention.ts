import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../ports';
import type { Locks, PulseStore } from '../storage/ports';
import { isoWeek } from './iso-week';

/**
 * Deletes pulse comments older than the retention period. Safe to run from every replica: one
 * takes the lock, the others skip.
 */
export async function applyPulseRetention(deps: { pulse: PulseStore; locks: Locks; clock: Clock; logger: Logger; owner: string }, weeks: number): Promise<number | undefined> {
  const token = `${deps.owner}:${randomUUID()}`;
  if (!(await deps.locks.acquire('pulse-retention', token, 10 * 60_000))) return undefined;
  try {
    const cutoff = isoWeek(new Date(deps.clock.now().getTime() - weeks * 7 * 86_400_000));
    const deleted = await deps.pulse.deleteCommentsBefore(cutoff);
    deps.logger.info({ deleted, before: cutoff }, 'pulse comments past retention deleted');
    return deleted;
  } finally {
    await deps.locks.release('pulse-retention', token);
  }
}
