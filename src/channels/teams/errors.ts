import { KompisError } from '../../core/errors';

/** The fields of an error worth a log line: a name, a code, a short message; never a request or a token. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof KompisError) return { error: err.name, code: err.code, message: err.message.slice(0, 300) };
  if (err instanceof Error) return { error: err.name, message: err.message.slice(0, 300) };
  return { error: String(err).slice(0, 300) };
}
