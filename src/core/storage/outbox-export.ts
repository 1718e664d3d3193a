import { isReminderBatch } from '../pulse/batches';
import type { QueuedMessage } from './records';

/**
 * The outbox as an export holds it, the same from every store: batch by batch, each in id order,
 * sent items included, so the store it is imported into neither loses what was queued nor sends
 * again what was sent.
 *
 * Except a pulse round's reminder batch, written all alike. The reminder is queued for everyone the
 * round asked, and whoever has answered is skipped as it is sent, marked sent at once: so while the
 * platform refuses reminders, the items still waiting, or tried more often, are exactly those who
 * had not answered. The store forgets this when the round closes (the batch is dropped); a backup
 * file would keep it. So the batch's tries are left out, and a batch whose items are not all in one
 * state is written all `sending`, in doubt: the importing store asks the platform, where it can tell
 * (Slack), whether each reminder arrived, and sends none to who has answered, as always. Where the
 * platform cannot tell (Teams), someone who was reminded and has not answered may be reminded again.
 */
export function exportedOutbox(items: readonly QueuedMessage[]): QueuedMessage[] {
  const byBatch = new Map<string, QueuedMessage[]>();
  for (const item of [...items].sort((a, b) => compare(a.batch, b.batch) || compare(a.id, b.id))) {
    const batch = byBatch.get(item.batch) ?? [];
    batch.push(item);
    byBatch.set(item.batch, batch);
  }
  return [...byBatch.values()].flatMap((batch) => {
    if (!isReminderBatch(batch[0]!.batch)) return batch;
    const alike = batch.every((item) => item.state === batch[0]!.state);
    return batch.map((item) => ({ ...item, state: alike ? item.state : 'sending', tries: 0 }));
  });
}

/** Binary order, as SQLite sorts text: the same export from every store. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
