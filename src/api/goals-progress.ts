import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { KompisError } from '../core/errors';
import type { Clock, Logger } from '../core/ports';
import type { GoalStore, ProgressOutcome } from '../core/storage/ports';

const MAX_BODY_BYTES = 16 * 1024;
const PATH = /^\/api\/goals\/([A-Za-z0-9_-]{1,100})\/progress$/;

const Source = z.string().trim().min(1).max(100).optional();
const ProgressBody = z.union([
  z.object({ value: z.number().finite(), source: Source }).strict(),
  z.object({ delta: z.number().finite(), source: Source }).strict(),
]);

export interface GoalsApiDeps {
  goals: GoalStore;
  /** GOALS_API_TOKEN; without it the API answers 503 and says how to turn it on. */
  token?: string;
  clock: Clock;
  logger: Logger;
  /** Called once, by the one update that reached the goal: queues the celebration, without waiting for its post. */
  onReached?: (outcome: ProgressOutcome) => Promise<void>;
}

/**
 * POST /api/goals/{id}/progress for other systems (the contact-centre platform): a bearer token,
 * a body of `{"value": n}` or `{"delta": n}` with an optional `source`, and an `Idempotency-Key`
 * header honoured, so a retried request counts once.
 */
export function goalsProgressHandler(deps: GoalsApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = PATH.exec((req.url ?? '').split('?')[0] ?? '');
    if (req.method !== 'POST' || !match) return send(res, 404, { error: 'not_found', message: 'POST /api/goals/{id}/progress' });
    if (!deps.token) return send(res, 503, { error: 'api_disabled', message: 'The goals API is off: set GOALS_API_TOKEN to turn it on.' });
    if (!authorised(req.headers.authorization, deps.token)) {
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, { error: 'unauthorized', message: 'Send the goals API token as "Authorization: Bearer <token>".' });
    }
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return send(res, 413, { error: 'too_large', message: `The body may be at most ${MAX_BODY_BYTES} bytes.` });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return send(res, 400, { error: 'invalid_json', message: 'The body is not JSON: send {"value": 4.4} or {"delta": 1}.' });
    }
    const body = ProgressBody.safeParse(json);
    if (!body.success) return send(res, 400, { error: 'invalid_body', field: fieldAtFault(json), message: describe(json) });
    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key.trim() ? key.trim().slice(0, 200) : undefined;
    const input = 'value' in body.data ? { value: body.data.value } : { delta: body.data.delta };
    try {
      const outcome = await deps.goals.addProgress(match[1]!, input, {
        source: body.data.source ?? 'api',
        at: deps.clock.now().toISOString(),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      if (!outcome) return send(res, 404, { error: 'unknown_goal', message: `There is no goal ${match[1]}.` });
      if (outcome.reachedNow && deps.onReached) await deps.onReached(outcome);
      const { goal } = outcome;
      return send(res, 200, { id: goal.id, current: goal.current, target: goal.target, unit: goal.unit, reached: goal.reachedAt !== undefined, applied: outcome.applied, reachedNow: outcome.reachedNow, ...(outcome.reachedNow && deps.onReached ? { celebration: 'queued' } : {}) });
    } catch (err) {
      if (err instanceof KompisError && err.code === 'store_unavailable') {
        deps.logger.warn({ code: err.code }, 'goal progress not stored');
        res.setHeader('retry-after', '5');
        return send(res, 503, { error: 'store_unavailable', message: 'The store is not answering; nothing was changed. Retry with the same Idempotency-Key.' });
      }
      throw err;
    }
  };
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
  if ('value' in o) return typeof o.value === 'number' && Number.isFinite(o.value) ? 'source' : 'value';
  if ('delta' in o) return typeof o.delta === 'number' && Number.isFinite(o.delta) ? 'source' : 'delta';
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
    return `"${field}" must be a number.`;
  }
  return `Unknown field "${field}": send "value" or "delta", and optionally "source".`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
