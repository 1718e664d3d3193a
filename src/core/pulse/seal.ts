import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PulseRound } from '../storage/records';
import { shuffle } from './scrub';

/**
 * A member's answers as the store keeps them while the round is open: encrypted under a key derived
 * from the round's secret, so neither the store nor an export or backup can read them, and padded,
 * so an entry does not tell whether it carries a comment. They are opened and counted only at close.
 *
 * Inside, an answer is a few bytes, not JSON: a version, the number of questions, a random answer
 * id, the scores in the round's question order (one byte each), the comment's length and its UTF-8,
 * padded. An entry holds one answer when it is recorded; while the round is open, loose entries are
 * gathered into one batch (`sealBatch`), shuffled, so a close opens a few batches instead of
 * thousands of entries.
 *
 * The answer id is sealed with the answer, so nobody without the round's key can make or change
 * one: an entry copied in the store (a second row, a pushed list item, a batch and the loose entry it
 * was made of) holds the same id and is counted once. Answers sealed before ids (version 1) have none;
 * a round open across the upgrade still counts them, each as one answer.
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
const VERSION = 2;
/** The version of answers sealed before they carried an id. */
const WITHOUT_ID = 1;
const ID = 16;
/** A score outside a scale's range (0–10) never comes from a form; this byte says "not answered". */
const NONE = 255;

/** Where an answer's scores begin: after the version, the number of questions and, from version 2, the id. */
function scoresAt(version: number | undefined): number {
  return version === VERSION ? 2 + ID : version === WITHOUT_ID ? 2 : -1;
}

function answerKey(roundKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', roundKey, Buffer.alloc(0), 'kompis pulse sealed answers', 32));
}

/** The entry the store appends for one answer: base64 of nonce, tag and ciphertext. */
export function sealAnswer(roundKey: Buffer, round: Round, answer: SealedAnswer): string {
  const comment = Buffer.from(answer.comment ?? '', 'utf8');
  const n = round.questionIds.length;
  const at = scoresAt(VERSION);
  const size = at + n + 2 + comment.length;
  const plain = Buffer.alloc(Math.ceil(size / PAD) * PAD);
  plain[0] = VERSION;
  plain[1] = n;
  randomBytes(ID).copy(plain, 2);
  round.questionIds.forEach((q, i) => {
    const score = answer.scores[q];
    plain[at + i] = score !== undefined && Number.isInteger(score) && score >= 0 && score < NONE ? score : NONE;
  });
  plain.writeUInt16BE(comment.length, at + n);
  comment.copy(plain, at + n + 2);
  return seal(answerKey(roundKey), round, plain);
}

/**
 * The padded answers each entry holds, in order; undefined for one that does not open or is not
 * answers. One key derivation for the round, one decryption an entry.
 */
export function openAnswers(roundKey: Buffer, round: Round, entries: readonly string[]): (Buffer[] | undefined)[] {
  const key = answerKey(roundKey);
  const aad = Buffer.from(round.id);
  return entries.map((entry) => {
    const plain = openEntry(key, aad, entry);
    return plain ? answersIn(plain, round.questionIds.length) : undefined;
  });
}

/** One entry that holds all the given answers (from `openAnswers`), in shuffled order. */
export function sealBatch(roundKey: Buffer, round: Round, answers: readonly Buffer[], random?: () => number): string {
  return seal(answerKey(roundKey), round, Buffer.concat(shuffle(answers, random)));
}

function seal(key: Buffer, round: Round, plain: Buffer): string {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(round.id));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Splits a plaintext into its padded answers; undefined when any of it is not an answer. */
function answersIn(plain: Buffer, n: number): Buffer[] | undefined {
  const answers: Buffer[] = [];
  for (let at = 0; at < plain.length; ) {
    // each answer by its own version: a batch made since ids may hold answers sealed before them
    const scores = scoresAt(plain[at]);
    const length = scores > 0 && plain[at + 1] === n && plain.length - at >= scores + n + 2 ? plain.readUInt16BE(at + scores + n) : -1;
    const size = Math.ceil((scores + n + 2 + length) / PAD) * PAD;
    if (length < 0 || at + size > plain.length) return undefined;
    answers.push(plain.subarray(at, at + size));
    at += size;
  }
  return answers.length > 0 ? answers : undefined;
}

/** A round's sealed entries opened and counted. */
export interface Tally {
  /** Distinct answers: each answer id once, and each answer sealed before ids. */
  respondents: number;
  /** Further copies of an answer id already counted (copied in the store): none of theirs counted. */
  repeats: number;
  /** Entries that do not open under the round's key (or are not answers): none of theirs counted. */
  unreadable: number;
  /** Per question, how many gave each score. */
  counts: Record<string, Record<string, number>>;
  comments: string[];
}

/**
 * Opens and counts a round's sealed entries in one pass: one key derivation for the round, one
 * decryption an entry (a batch holds many answers), each score added to a typed histogram in place.
 * No answer becomes an object. An answer id met again is not counted again.
 */
export function tally(roundKey: Buffer, round: Round, sealed: readonly string[]): Tally {
  const n = round.questionIds.length;
  const histogram = new Uint32Array(n * NONE);
  const comments: string[] = [];
  const seen = new Set<string>();
  let respondents = 0;
  let repeats = 0;
  let unreadable = 0;
  for (const answers of openAnswers(roundKey, round, sealed)) {
    if (!answers) {
      unreadable += 1;
      continue;
    }
    for (const answer of answers) {
      const at = scoresAt(answer[0]);
      if (at !== scoresAt(WITHOUT_ID)) {
        const id = answer.toString('base64', 2, 2 + ID);
        if (seen.has(id)) {
          repeats += 1;
          continue;
        }
        seen.add(id);
      }
      respondents += 1;
      for (let i = 0; i < n; i++) {
        const score = answer[at + i]!;
        if (score !== NONE) histogram[i * NONE + score]! += 1;
      }
      const length = answer.readUInt16BE(at + n);
      if (length > 0) comments.push(answer.toString('utf8', at + n + 2, at + n + 2 + length));
    }
  }
  const counts: Record<string, Record<string, number>> = {};
  round.questionIds.forEach((q, i) => {
    for (let score = 0; score < NONE; score++) {
      const count = histogram[i * NONE + score]!;
      if (count > 0) (counts[q] ??= {})[String(score)] = count;
    }
  });
  return { respondents, repeats, unreadable, counts, comments };
}

/** The plaintext of one entry, or undefined when it does not open under this key and round. */
function openEntry(key: Buffer, aad: Buffer, sealed: string): Buffer | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(IV, IV + TAG));
    const plain = decipher.update(raw.subarray(IV + TAG));
    decipher.final();
    return plain;
  } catch {
    return undefined;
  }
}
