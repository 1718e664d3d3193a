import type { Outbox } from '../../src/core/storage/ports';

/**
 * An outbox whose process "dies" once the platform has taken `after` messages of the batches ending
 * in `kind` (a round's check-ins by default): the call that would note the last of them as sent
 * fails, and so does every call after it, the way a killed sender leaves the store (items it was
 * sending stay `sending`). `counts` keeps working for the test.
 */
export function dyingOutbox(after: number, kind = ':checkin'): (real: Outbox) => Outbox {
  return (o) => {
    let sentMarks = 0;
    let dead = false;
    const alive = <T>(f: () => Promise<T>) => (dead ? Promise.reject(new Error('process killed')) : f());
    return {
      enqueue: (b, items) => alive(() => o.enqueue(b, items)),
      unsent: (b, n) => alive(() => o.unsent(b, n)),
      counts: (b) => o.counts(b),
      retryLater: (b, id) => alive(() => o.retryLater(b, id)),
      drop: (b) => alive(() => o.drop(b)),
      mark: (batch, id, state) =>
        alive(() => {
          if (state === 'sent' && batch.endsWith(kind) && ++sentMarks >= after) dead = true;
          return dead ? Promise.reject(new Error('process killed')) : o.mark(batch, id, state);
        }),
    };
  };
}
