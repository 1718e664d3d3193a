import { KompisError } from '../errors';

/** The fields of an error worth a log line: its name, code and message, never a request with its token. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof KompisError) return { error: err.name, code: err.code, message: err.message.slice(0, 300) };
  if (err instanceof Error) return { error: err.name, message: err.message.slice(0, 300) };
  return { error: String(err).slice(0, 300) };
}
