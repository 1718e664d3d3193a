/** The outbox batch of a round's check-ins, its one reminder, or its summaries for the leads. */
export const batchOf = (roundId: string, kind: 'checkin' | 'reminder' | 'summary') => `pulse:${roundId}:${kind}`;

/** Whether an outbox batch holds a round's reminders (see `batchOf`). */
export const isReminderBatch = (batch: string): boolean => batch.startsWith('pulse:') && batch.endsWith(':reminder');
