import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Who has been asked in an ISO week, whatever team asked: a person answers at most one round a
 * week, so no two summaries of the same week can be set against each other to single one out.
 * The store keeps a keyed hash of each person asked, under a key of the week derived from the
 * deployment's pulse secret (never stored): like the answered hashes, it names nobody to whoever
 * holds the store alone. It says who was asked (as the outbox does while a round is open), never
 * what anyone answered, nor whether they did.
 */

/**
 * How long the marks of a week are kept: the week itself, the day a time zone far behind is still
 * in it, and the longest a round opened at its end stays open (a week) until its reminder is queued.
 */
export const ASKED_TTL_SECONDS = 21 * 86_400;

/** The week's key, from the key that wraps round keys (itself derived from PULSE_SECRET). */
export function askedKey(wrapping: Buffer, week: string): Buffer {
  return Buffer.from(hkdfSync('sha256', wrapping, Buffer.alloc(0), `kompis pulse asked ${week}`, 32));
}

/** HMAC of (week, person) under the week's key; `person` is platform-qualified (`userKey`). */
export function askedHash(key: Buffer, week: string, person: string): string {
  return createHmac('sha256', key).update(`${week}\n${person}`).digest('hex');
}
