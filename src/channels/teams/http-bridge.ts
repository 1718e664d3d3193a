import type http from 'node:http';
import type { Request as SdkRequest, WebResponse } from '@microsoft/agents-hosting';

/** Bot Framework activities are small; a body past this is refused before it is parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The request as the Agents SDK reads it: headers and method now, the parsed body once auth passed. */
export function sdkRequest(req: http.IncomingMessage): SdkRequest {
  return { headers: req.headers, method: req.method ?? 'GET' };
}

/**
 * A plain Node response in the shape the SDK writes to (Express-like): `send` ends the response,
 * as Express's does, because the SDK's JWT middleware calls `status(401).send(...)` and stops there.
 */
export class NodeWebResponse implements WebResponse {
  private code = 200;
  constructor(private readonly res: http.ServerResponse) {}

  get headersSent(): boolean {
    return this.res.headersSent;
  }
  get writableEnded(): boolean {
    return this.res.writableEnded;
  }
  get statusCode(): number {
    return this.res.headersSent ? this.res.statusCode : this.code;
  }
  status(code: number): this {
    this.code = code;
    return this;
  }
  setHeader(name: string, value: string): this {
    if (!this.res.headersSent) this.res.setHeader(name, value);
    return this;
  }
  send(body?: unknown): this {
    if (this.res.writableEnded) return this;
    const text = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (!this.res.headersSent) {
      if (typeof body === 'object' && !Buffer.isBuffer(body) && !this.res.hasHeader('content-type')) this.res.setHeader('content-type', 'application/json; charset=utf-8');
      this.res.writeHead(this.code);
    }
    this.res.end(text);
    return this;
  }
  end(): this {
    if (this.res.writableEnded) return this;
    if (!this.res.headersSent) this.res.writeHead(this.code);
    this.res.end();
    return this;
  }
}

export type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; status: 400 | 413; error: string };

/** Reads and parses a JSON object body, refusing one that is too big or not a JSON object. */
export async function readJsonBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, error: `body larger than ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, status: 400, error: 'body is not a JSON object' };
    return { ok: true, body: parsed as Record<string, unknown> };
  } catch {
    return { ok: false, status: 400, error: 'body is not JSON' };
  }
}
