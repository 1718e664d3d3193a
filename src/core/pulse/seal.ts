import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * A member's answers as the store keeps them while the round is open: encrypted under a key derived
 * from the round's secret, so neither the store nor an export or backup can read them, and padded,
 * so an entry does not tell whether it carries a comment. They are opened and counted only at close.
 */

const SealedAnswer = z.object({ s: z.record(z.string(), z.number().int()), c: z.string().optional() });
export type SealedAnswer = { scores: Record<string, number>; comment?: string };

/** Sealed entries are padded to a multiple of this, so a short comment and none look the same. */
const PAD = 1024;
const IV = 12;
const TAG = 16;

function answerKey(roundKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', roundKey, Buffer.alloc(0), 'kompis pulse sealed answers', 32));
}

/** The entry the store appends for one answer: base64 of nonce, tag and ciphertext. */
export function sealAnswer(roundKey: Buffer, roundId: string, answer: SealedAnswer): string {
  const json = JSON.stringify({ s: answer.scores, ...(answer.comment ? { c: answer.comment } : {}) });
  const bytes = Buffer.from(json);
  // trailing spaces: JSON.parse reads past them
  const plain = Buffer.concat([bytes, Buffer.alloc(Math.ceil((bytes.length + 1) / PAD) * PAD - bytes.length, ' ')]);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', answerKey(roundKey), iv);
  cipher.setAAD(Buffer.from(roundId));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens a round's sealed entries: each opened, or undefined when it does not open under this key (or is not an answer). */
export function opener(roundKey: Buffer, roundId: string): (sealed: string) => SealedAnswer | undefined {
  const key = answerKey(roundKey);
  return (sealed) => openWith(key, roundId, sealed);
}

function openWith(key: Buffer, roundId: string, sealed: string): SealedAnswer | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
    decipher.setAAD(Buffer.from(roundId));
    decipher.setAuthTag(raw.subarray(IV, IV + TAG));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]).toString('utf8');
    const parsed = SealedAnswer.safeParse(JSON.parse(plain));
    if (!parsed.success) return undefined;
    return { scores: parsed.data.s, ...(parsed.data.c ? { comment: parsed.data.c } : {}) };
  } catch {
    return undefined;
  }
}
