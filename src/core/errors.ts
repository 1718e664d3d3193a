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
