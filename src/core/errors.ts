/** An expected failure that callers can branch on by `code`. */
export class KompisError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KompisError';
  }
}

/** The store could not be reached: what the user is told is that nothing was saved, not that something broke. */
export function isStoreUnavailable(err: unknown): boolean {
  return err instanceof KompisError && err.code === 'store_unavailable';
}

export type Result<T, E extends string = string> =
  | { ok: true; value: T }
  | { ok: false; error: E; message?: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E extends string>(error: E, message?: string): { ok: false; error: E; message?: string } =>
  message === undefined ? { ok: false, error } : { ok: false, error, message };
