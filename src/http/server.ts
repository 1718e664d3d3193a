import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KompisError } from '../core/errors';
import type { Logger } from '../core/ports';
import type { KompisMetrics } from './metrics';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

/**
 * One part of the health report: `ok` false makes the report "degraded" and /healthz answer 503,
 * unless the part does not gate readiness (`gates: false`): a connection the process keeps out to a
 * platform, whose loss no restart and no other route mends, while what comes in (Teams, the goals
 * API) is still served.
 */
export interface HealthCheck {
  ok: boolean;
  gates?: boolean;
  [detail: string]: unknown;
}

export interface HttpServerOptions {
  logger: Logger;
  metrics: KompisMetrics;
  /** Named checks for /healthz (e.g. store, knowledge); each runs on every request, with a time limit. */
  health?: Record<string, () => Promise<HealthCheck> | HealthCheck>;
  /** Largest accepted time for one health check, in ms. */
  healthTimeoutMs?: number;
}

/**
 * The one HTTP server of a Kompis process: GET /healthz, GET /metrics, and whatever the channels
 * and APIs mount (Slack at /slack/events, Teams at /api/messages, the goals API). A route matches
 * on method and path: a path given as text matches exactly, one given as a pattern (a path with an
 * id in it) matches the whole path. A path no route matches answers 404 whatever the method; a path
 * mounted for other methods than the request's answers 405 with the methods it takes in `Allow`.
 */
export class HttpServer {
  /** Path → method → handler. */
  private readonly routes = new Map<string, Map<string, RouteHandler>>();
  /** Routes whose path holds a part that varies, as `/api/goals/{id}/progress`. */
  private readonly patterns: { method: string; pattern: RegExp; handler: RouteHandler }[] = [];
  private readonly server: http.Server;

  constructor(private readonly opts: HttpServerOptions) {
    this.server = http.createServer((req, res) => void this.dispatch(req, res).catch((err: unknown) => this.failed(req, res, err)));
    this.mount('GET', '/healthz', (req, res) => this.healthz(req, res));
    this.mount('GET', '/metrics', (req, res) => this.metricsRoute(req, res));
  }

  /**
   * Adds a route: a path, or a pattern that must match the whole path (`^…$`, no flags: it is
   * matched again for every request). Mounting the same method and path twice is a wiring mistake
   * and throws.
   */
  mount(method: string, path: string | RegExp, handler: RouteHandler): this {
    const m = method.toUpperCase();
    if (path instanceof RegExp) {
      if (!path.source.startsWith('^') || !path.source.endsWith('$') || path.flags) throw new Error(`HTTP route pattern ${String(path)} must match a whole path: ^…$, with no flags`);
      if (this.patterns.some((p) => p.method === m && p.pattern.source === path.source)) throw new Error(`HTTP route ${m} ${String(path)} is mounted twice`);
      this.patterns.push({ method: m, pattern: path, handler });
      return this;
    }
    const methods = this.routes.get(path) ?? new Map<string, RouteHandler>();
    if (methods.has(m)) throw new Error(`HTTP route ${m} ${path} is mounted twice`);
    this.routes.set(path, methods.set(m, handler));
    return this;
  }

  /** Starts serving; a port that cannot be had is a KompisError naming PORT and the fix. */
  async listen(port: number, host?: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException) => reject(portError(port, err));
      this.server.once('error', failed);
      this.server.listen(port, host, () => {
        this.server.off('error', failed);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // a request line no URL can be read from ("GET //[") is the client's mistake, not a route's
    const path = pathOf(req.url);
    if (path === undefined) return json(res, 400, { error: 'bad request' });
    const exact = this.routes.get(path);
    const matching = this.patterns.filter((p) => p.pattern.test(path));
    const handlerFor = (m: string) => exact?.get(m) ?? matching.find((p) => p.method === m)?.handler;
    // HEAD is GET without the body, as HTTP has it (Node sends no body for a HEAD): a monitor may probe so
    const handler = handlerFor(method) ?? (method === 'HEAD' ? handlerFor('GET') : undefined);
    if (!handler) {
      const methods = [...(exact?.keys() ?? []), ...matching.map((p) => p.method)];
      const allow = [...new Set([...methods, ...(methods.includes('GET') ? ['HEAD'] : [])])];
      if (allow.length === 0) return json(res, 404, { error: 'not found' });
      // a client that used the wrong method is told the right ones, as HTTP asks of a 405
      res.setHeader('allow', allow.join(', '));
      return json(res, 405, { error: 'method not allowed' });
    }
    await handler(req, res);
  }

  /** A route that failed, or the dispatch itself: one log line, and a 500 where nothing was sent yet. The server goes on. */
  private failed(req: http.IncomingMessage, res: http.ServerResponse, err: unknown): void {
    this.opts.logger.error({ path: pathOf(req.url) ?? '(unreadable)', error: (err as Error).name, message: (err as Error).message?.slice(0, 300) }, 'HTTP route failed');
    if (!res.headersSent) json(res, 500, { error: 'internal error' });
    else res.end();
  }

  private async healthz(_req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const checks: Record<string, HealthCheck> = {};
    const limit = this.opts.healthTimeoutMs ?? 2000;
    await Promise.all(
      Object.entries(this.opts.health ?? {}).map(async ([name, check]) => {
        checks[name] = await withTimeout(Promise.resolve().then(check), limit).catch((err: unknown) => ({ ok: false, error: (err as Error).message }));
      }),
    );
    const ok = Object.values(checks).every((c) => c.ok);
    const ready = Object.values(checks).every((c) => c.ok || c.gates === false);
    json(res, ready ? 200 : 503, { status: ok ? 'ok' : 'degraded', checks });
  }

  private async metricsRoute(_req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await this.opts.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': this.opts.metrics.registry.contentType });
    res.end(body);
  }
}

/** The path of a request as routes are matched on it, for a handler that reads a part of it (an id): a route is only reached with one. */
export function requestPath(req: http.IncomingMessage): string {
  return pathOf(req.url) ?? '/';
}

/** The path of a request's URL, or undefined when no URL can be read from it. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** What the person starting Kompis can do about a port it could not listen on. */
function portError(port: number, err: NodeJS.ErrnoException): Error {
  if (err.code === 'EADDRINUSE') return new KompisError('port_in_use', `PORT ${port} is in use by another program: stop it or set PORT to a free port`);
  if (err.code === 'EACCES') return new KompisError('port_forbidden', `PORT ${port} may not be used by this user (ports below 1024 need privileges): set PORT to a port from 1024 up, e.g. PORT=3000`);
  return err;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
