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
