/**
 * The JSON a model replied with: as written, or as a model writes it where nothing holds it to the
 * schema (llama.cpp's server taking json_schema without enforcing it, a schema asked for in the
 * prompt): in a ```json fence, or with words before and after it, read from its first { to its last
 * }. Undefined when none of these is JSON, as when the reply holds two objects.
 */
export function jsonIn(reply: string): { value: unknown } | undefined {
  const brace = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  const readings = [reply, FENCED.exec(reply)?.[1], brace >= 0 && end > brace ? reply.slice(brace, end + 1) : undefined];
  for (const text of readings) {
    if (text === undefined) continue;
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      // not this reading: the next
    }
  }
  return undefined;
}

/** A fenced block of code, with or without its language named: what is inside is group 1. */
const FENCED = /```[ \t]*(?:json)?[ \t]*\r?\n([^]*?)\r?\n[ \t]*```/i;
