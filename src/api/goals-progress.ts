import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { KompisError } from '../core/errors';
import { GOAL_NUMBER_LIMIT, isGoalNumber } from '../core/goals/progress';
import type { GoalService } from '../core/goals/service';
import type { Logger } from '../core/ports';
import { type HttpServer, requestPath } from '../http/server';

const MAX_BODY_BYTES = 16 * 1024;
/** How much of an over-long body is read and thrown away before the connection is closed instead. */
const DISCARD_BYTES = 1024 * 1024;
/** Idempotency keys up to this length are stored as sent; a longer one is stored as its SHA-256, so all of it counts. */
const MAX_PLAIN_KEY = 200;
/** The API's one path; any other under /api/goals is not found, whatever the method. */
const PATH = /^\/api\/goals\/([A-Za-z0-9_-]{1,100})\/progress$/;

const Source = z.string().trim().min(1).max(100).optional();
const Amount = z.number().refine(isGoalNumber);
const ProgressBody = z.union([z.object({ value: Amount, source: Source }).strict(), z.object({ delta: Amount, source: Source }).strict()]);
/** How a number out of range is described to the client. */
const RANGE = `a number from -${GOAL_NUMBER_LIMIT} to ${GOAL_NUMBER_LIMIT}`;

export interface GoalsApiDeps {
  /** The one progress path: the update that reaches a goal queues its celebration there, without waiting for its post. */
  goals: Pick<GoalService, 'applyProgress'>;
  /** GOALS_API_TOKEN; without it the API answers 503 and says how to turn it on. */
  token?: string;
  logger: Logger;
}

/** Mounts the goals API on the process's HTTP server, which answers its wrong methods (405) and the paths it lacks (404). */
export function mountGoalsApi(http: HttpServer, deps: GoalsApiDeps): void {
  http.mount('POST', PATH, goalsProgressHandler(deps));
}

/**
 * POST /api/goals/{id}/progress for other systems (the contact-centre platform): a bearer token,
 * a body of `{"value": n}` or `{"delta": n}` with an optional `source`, and an `Idempotency-Key`
 * header honoured, so a retried request counts once.
 */
export function goalsProgressHandler(deps: GoalsApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = PATH.exec(requestPath(req));
    if (!match) return send(res, 404, { error: 'not_found', message: 'POST /api/goals/{id}/progress' });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return send(res, 405, { error: 'method_not_allowed', message: 'POST /api/goals/{id}/progress' });
    }
    if (!deps.token) return send(res, 503, { error: 'api_disabled', message: 'The goals API is off: set GOALS_API_TOKEN to turn it on.' });
    if (!authorised(req.headers.authorization, deps.token)) {
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, { error: 'unauthorized', message: 'Send the goals API token as "Authorization: Bearer <token>".' });
    }
    const received = await readBody(req);
    if (!received.ok) {
      // the rest of a body past DISCARD_BYTES is not read: the connection ends with the answer
      res.setHeader('connection', 'close');
      return send(res, 413, { error: 'too_large', message: `The body may be at most ${MAX_BODY_BYTES} bytes.` });
    }
    if (received.text === undefined) return send(res, 400, { error: 'invalid_encoding', message: 'The body is not UTF-8: send JSON written in UTF-8.' });
    let json: unknown;
    try {
      json = JSON.parse(received.text);
    } catch {
      return send(res, 400, { error: 'invalid_json', message: 'The body is not JSON: send {"value": 4.4} or {"delta": 1}.' });
    }
    const body = ProgressBody.safeParse(json);
    if (!body.success) return send(res, 400, { error: 'invalid_body', field: fieldAtFault(json), message: describe(json) });
    const idempotencyKey = storedKey(req.headers['idempotency-key']);
    const input = 'value' in body.data ? { value: body.data.value } : { delta: body.data.delta };
    try {
      const outcome = await deps.goals.applyProgress(match[1]!, input, { source: body.data.source ?? 'api', ...(idempotencyKey ? { idempotencyKey } : {}) });
      if (!outcome) return send(res, 404, { error: 'unknown_goal', message: `There is no goal ${match[1]}.` });
      if (outcome.refused) {
        const field = 'value' in input ? 'value' : 'delta';
        return send(res, 400, { error: 'out_of_range', field, message: `The goal would be at ${field === 'delta' ? `${outcome.goal.current} + ${input.delta}` : String(input.value)}: a goal holds ${RANGE}. Nothing was changed.` });
      }
      const { goal } = outcome;
      return send(res, 200, { id: goal.id, current: goal.current, target: goal.target, unit: goal.unit, reached: goal.reachedAt !== undefined, applied: outcome.applied, reachedNow: outcome.reachedNow, ...(outcome.reachedNow ? { celebration: 'queued' } : {}) });
    } catch (err) {
      if (err instanceof KompisError && err.code === 'store_unavailable') {
        // a store that did not answer may still have run the update (Redis stalled past the command
        // timeout runs it when it goes on): the client is told so, and how to retry without counting it twice
        deps.logger.warn({ code: err.code }, 'goal progress may not be stored: the store did not answer');
        res.setHeader('retry-after', '5');
        const retry = idempotencyKey
          ? 'Retrying it with the same Idempotency-Key is safe: it is counted once.'
          : 'It was sent without an Idempotency-Key, so sending it again may count it twice: send each update with one.';
        return send(res, 503, { error: 'store_unavailable', message: `The store did not answer, so the update may or may not have been saved. ${retry}` });
      }
      throw err;
    }
  };
}

/** The Idempotency-Key as stored: as sent, or hashed when long, so two keys differing anywhere stay two. */
function storedKey(header: string | string[] | undefined): string | undefined {
  const key = typeof header === 'string' ? header.trim() : undefined;
  if (!key) return undefined;
  return key.length <= MAX_PLAIN_KEY ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function authorised(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!.trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function fieldAtFault(json: unknown): string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return '(body)';
  const o = json as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !['value', 'delta', 'source'].includes(k));
  if (extra) return extra;
  if ('value' in o && 'delta' in o) return 'value';
  if ('value' in o) return isGoalNumber(o.value) ? 'source' : 'value';
  if ('delta' in o) return isGoalNumber(o.delta) ? 'source' : 'delta';
  return 'value';
}

function describe(json: unknown): string {
  const field = fieldAtFault(json);
  if (field === '(body)') return 'The body must be a JSON object: {"value": 4.4} or {"delta": 1}.';
  if (field === 'source') return '"source" must be a short text of at most 100 characters.';
  if (field === 'value' || field === 'delta') {
    const o = json as Record<string, unknown>;
    if ('value' in o && 'delta' in o) return 'Send either "value" or "delta", not both.';
    if (!('value' in o) && !('delta' in o)) return 'Send "value" (the new reading) or "delta" (the change), as a number.';
    return `"${field}" must be ${RANGE}.`;
  }
  return `Unknown field "${field}": send "value" or "delta", and optionally "source".`;
}

/**
 * The body as text (undefined when it is not UTF-8: a name written in another encoding would be
 * stored with its letters lost), or `too_large` past MAX_BODY_BYTES. An over-long body is read to
 * its end and thrown away (up to DISCARD_BYTES), so the client gets the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<{ ok: true; text: string | undefined } | { ok: false }> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > DISCARD_BYTES) return resolve({ ok: false });
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
      else if (size > DISCARD_BYTES) resolve({ ok: false });
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? { ok: false } : { ok: true, text: utf8(Buffer.concat(chunks)) }));
    req.on('error', reject);
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function utf8(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
