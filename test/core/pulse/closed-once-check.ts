import type { PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import type { PulseResults } from '../../../src/core/storage/records';

/**
 * A closed round put back open (by an import, or by hand), then the scheduler's next pass: the round
 * is closed again with the results it closed with, its key and answers gone, and the leads got the
 * one summary they had.
 */
export async function expectClosedAsBefore(store: Store, pulse: PulseService, clock: { t: Date }, roundId: string, shown: PulseResults, toLead: string[]): Promise<void> {
  clock.t = new Date(clock.t.getTime() + 60_000);
  await pulse.tick();
  expect((await store.pulse.getRound(roundId))!.state).toBe('closed');
  expect(await store.pulse.results(roundId)).toEqual(shown);
  expect(await store.pulse.roundKey(roundId)).toBeUndefined();
  expect((await store.pulse.sealedAnswers(roundId)).entries).toEqual([]);
  expect(toLead).toEqual(['pulse-summary']);
}
