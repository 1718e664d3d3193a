import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A round's key never reaches the store as it is: it is wrapped (encrypted) under a key derived
 * from the deployment's pulse secret, which lives in the environment (or a file) and never in the
 * store or an export. Whoever holds the store alone cannot hash a member id into an answered hash,
 * nor open a sealed answer.
 */

const IV = 12;
const TAG = 16;
const RAW = 32;
const AAD = Buffer.from('kompis pulse round key v1');

/** The wrapping key, derived from the deployment's secret (PULSE_SECRET or its generated file). */
export function wrappingKey(secret: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'kompis pulse round keys', 32));
}

/** A new round's key, and the wrapped form the store keeps. */
export function newRoundKey(wrapping: Buffer): { key: Buffer; wrapped: Buffer } {
  const key = randomBytes(RAW);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', wrapping, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return { key, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]) };
}

/**
 * The round's key from what the store keeps; undefined when it does not open under this secret.
 * A key of 32 bytes was stored by a Kompis from before wrapping and is used as it is.
 */
export function unwrapRoundKey(wrapping: Buffer, stored: Buffer): Buffer | undefined {
  if (stored.length === RAW) return stored;
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrapping, stored.subarray(0, IV));
    decipher.setAAD(AAD);
    decipher.setAuthTag(stored.subarray(IV, IV + TAG));
    return Buffer.concat([decipher.update(stored.subarray(IV + TAG)), decipher.final()]);
  } catch {
    return undefined;
  }
}
