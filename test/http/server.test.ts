import net from 'node:net';
import { silentLogger } from '../../src/core/ports';
import { KompisMetrics } from '../../src/http/metrics';
import { HttpServer } from '../../src/http/server';
import { miniService } from '../helpers';

describe('the shared HTTP server', () => {
  let server: HttpServer;
  let base: string;
  let storeOk = true;
  const metrics = new KompisMetrics();

  beforeAll(async () => {
    server = new HttpServer({
      logger: silentLogger,
      metrics,
      health: {
        store: async () => (storeOk ? { ok: true, kind: 'memory' } : Promise.reject(new Error('connection refused'))),
        knowledge: () => ({ ok: true, documents: 3, passages: 6 }),
      },
    });
    server.mount('POST', '/goals/api/v1/progress', (_req, res) => void res.writeHead(204).end());
    server.mount('GET', /^\/teams\/[a-z]+$/, (req, res) => void res.writeHead(200).end(req.url));
    server.mount('POST', '/teams/messages', (_req, res) => void res.writeHead(201).end());
    // as the goals API is mounted
    server.mount('POST', /^\/api\/goals\/[\w-]+\/progress$/, (_req, res) => void res.writeHead(200).end());
    server.mount('GET', '/boom', () => {
      throw new Error('route failed');
    });
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => server.close());

  test('GET /healthz reports the store and the knowledge; 503 when a check fails', async () => {
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', checks: { store: { ok: true, kind: 'memory' }, knowledge: { ok: true, documents: 3, passages: 6 } } });
    storeOk = false;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'degraded', checks: { store: { ok: false, error: 'connection refused' } } });
    storeOk = true;
  });

  test('a check that does not gate readiness makes the report degraded and still answers 200', async () => {
    const outward = new HttpServer({ logger: silentLogger, metrics, health: { store: () => ({ ok: true }), slack: () => ({ ok: false, gates: false, state: 'disconnected' }) } });
    const url = `http://127.0.0.1:${await outward.listen(0, '127.0.0.1')}`;
    try {
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'degraded', checks: { slack: { ok: false, state: 'disconnected' } } });
    } finally {
      await outward.close();
    }
  });

  test('GET /metrics serves the counters and the latency histogram in Prometheus format', async () => {
    const service = await miniService();
    metrics.answered('slack', await service.ask('How long is the warranty on LED lamps?'), 0.2);
    metrics.answered('slack', await service.ask('what is the weather tomorrow?'), 0.1);
    metrics.answered('slack', { ...(await service.ask('How long is the warranty on LED lamps?')), mode: 'extractive_fallback', fallbackReason: 'timeout' }, 3);
    // a model that abstained answered: no failed call
    metrics.answered('slack', { ...(await service.ask('How long is the warranty on LED lamps?')), mode: 'extractive_fallback', fallbackReason: 'model_abstained' }, 3);
    metrics.slackApiError('rate_limited');
    metrics.questionEmbedded('ok');
    metrics.questionEmbedded('unavailable');
    metrics.questionEmbedded('unavailable');
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('kompis_questions_total{channel="slack"} 4');
    expect(text).toContain('kompis_abstentions_total{channel="slack",reason="no_evidence"} 1');
    expect(text).toContain('kompis_llm_errors_total{reason="timeout"} 1');
    expect(text).not.toContain('reason="model_abstained"');
    expect(text).toContain('kompis_slack_api_errors_total{kind="rate_limited"} 1');
    expect(text).toContain('kompis_question_embeddings_total{outcome="unavailable"} 2');
    expect(text).toMatch(/kompis_answer_seconds_bucket\{le="0.25",channel="slack",mode="extractive"\} 2/);
  });

  test('mounted routes are served; unknown paths 404, wrong methods 405, a failing route 500', async () => {
    expect((await fetch(`${base}/goals/api/v1/progress`, { method: 'POST' })).status).toBe(204);
    expect(await (await fetch(`${base}/teams/messages`)).text()).toBe('/teams/messages');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect(() => server.mount('GET', '/healthz', () => undefined)).toThrow(/mounted twice/);
    expect(() => server.mount('POST', /^\/api\/goals\/[\w-]+\/progress$/, () => undefined)).toThrow(/mounted twice/);
    // a pattern that could match part of a path would serve paths no one meant
    expect(() => server.mount('GET', /\/api\/pulse/, () => undefined)).toThrow(/must match a whole path/);
  });

  test('HEAD is answered wherever GET is, with its status and headers and no body', async () => {
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await head.text()).toBe('');
    expect((await fetch(`${base}/metrics`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/goals/api/v1/progress`, { method: 'HEAD' })).status).toBe(405);
  });

  test('a request line no URL can be read from gets 400, and the server goes on serving', async () => {
    const { port } = new URL(base);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.end('GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  test('a path served for other methods answers 405, naming the methods it takes in Allow, with a JSON error', async () => {
    const healthz = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(healthz.status).toBe(405);
    expect(healthz.headers.get('allow')).toBe('GET, HEAD');
    expect(healthz.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await healthz.json()).toEqual({ error: 'method not allowed' });
    // a path a pattern route matches
    const goals = await fetch(`${base}/api/goals/g-17/progress`);
    expect(goals.status).toBe(405);
    expect(goals.headers.get('allow')).toBe('POST');
    expect(await goals.json()).toEqual({ error: 'method not allowed' });
    // a path mounted exactly for one method and matched by a pattern for another names both
    const teams = await fetch(`${base}/teams/messages`, { method: 'DELETE' });
    expect(teams.status).toBe(405);
    expect(teams.headers.get('allow')).toBe('POST, GET, HEAD');
    expect((await fetch(`${base}/teams/messages`, { method: 'POST' })).status).toBe(201);
    // a path nothing serves has no methods to name, whatever the method, beside a pattern's path or not
    for (const [method, path] of [['POST', '/api/pulse'], ['GET', '/api/goals/g-17/other'], ['POST', '/api/goals/g-17/other'], ['DELETE', '/teams/messages/x']]) {
      const unknown = await fetch(`${base}${path}`, { method });
      expect({ method, path, status: unknown.status, allow: unknown.headers.get('allow') }).toEqual({ method, path, status: 404, allow: null });
      expect(await unknown.json()).toEqual({ error: 'not found' });
    }
  });
});
