import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PulseRound } from '../storage/records';

/**
 * A member's answers as the store keeps them while the round is open: encrypted under a key derived
 * from the round's secret, so neither the store nor an export or backup can read them, and padded,
 * so an entry does not tell whether it carries a comment. They are opened and counted only at close.
 *
 * Inside, an answer is a few bytes, not JSON: a version, the scores in the round's question order
 * (one byte each), the comment's length and its UTF-8. Thousands are opened at a close, so each
 * must cost as little as one decryption.
 */

export type SealedAnswer = { scores: Record<string, number>; comment?: string };
type Round = Pick<PulseRound, 'id' | 'questionIds'>;

/**
 * Sealed entries are padded to a multiple of this, so a short comment and none look the same (a
 * long comment shows as a longer entry, never what it says); larger steps would cost the close more.
 */
const PAD = 256;
const IV = 12;
const TAG = 16;
const VERSION = 1;
/** A score outside a scale's range (0–10) never comes from a form; this byte says "not answered". */
const NONE = 255;

function answerKey(roundKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', roundKey, Buffer.alloc(0), 'kompis pulse sealed answers', 32));
}

/** The entry the store appends for one answer: base64 of nonce, tag and ciphertext. */
export function sealAnswer(roundKey: Buffer, round: Round, answer: SealedAnswer): string {
  const comment = Buffer.from(answer.comment ?? '', 'utf8');
  const n = round.questionIds.length;
  const size = 2 + n + 2 + comment.length;
  const plain = Buffer.alloc(Math.ceil(size / PAD) * PAD);
  plain[0] = VERSION;
  plain[1] = n;
  round.questionIds.forEach((q, i) => {
    const score = answer.scores[q];
    plain[2 + i] = score !== undefined && Number.isInteger(score) && score >= 0 && score < NONE ? score : NONE;
  });
  plain.writeUInt16BE(comment.length, 2 + n);
  comment.copy(plain, 4 + n);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', answerKey(roundKey), iv);
  cipher.setAAD(Buffer.from(round.id));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens a round's sealed entries: each opened, or undefined when it does not open under this key (or is not an answer). */
export function opener(roundKey: Buffer, round: Round): (sealed: string) => SealedAnswer | undefined {
  const key = answerKey(roundKey);
  const aad = Buffer.from(round.id);
  return (sealed) => {
    try {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
      decipher.setAAD(aad);
      decipher.setAuthTag(raw.subarray(IV, IV + TAG));
      return read(Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]), round);
    } catch {
      return undefined;
    }
  };
}

/** The answer in an opened entry; it passed GCM's authentication, so only core can have written it. */
function read(plain: Buffer, round: Round): SealedAnswer | undefined {
  const n = plain[1] ?? 0;
  if (plain[0] !== VERSION || n !== round.questionIds.length || plain.length < 4 + n) return undefined;
  const scores: Record<string, number> = {};
  round.questionIds.forEach((q, i) => {
    const score = plain[2 + i]!;
    if (score !== NONE) scores[q] = score;
  });
  const length = plain.readUInt16BE(2 + n);
  if (4 + n + length > plain.length) return undefined;
  return { scores, ...(length > 0 ? { comment: plain.toString('utf8', 4 + n, 4 + n + length) } : {}) };
}
