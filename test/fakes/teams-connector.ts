import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent to the connector. */
export interface SentActivity {
  conversationId: string;
  /** Set when the bot replied to an activity (POST .../activities/{replyToId}). */
  replyToId?: string;
  authorization?: string;
  activity: Record<string, unknown>;
}

/**
 * A local Bot Framework connector (the service behind an activity's `serviceUrl`): records what the
 * real Agents SDK ConnectorClient posts to /v3/conversations/{id}/activities[/{replyToId}] and answers
 * with a ResourceResponse, the way Teams' connector does. Conversation ids are taken raw from the
 * path, as the SDK puts them there (a channel thread id carries `;messageid=`).
 */
export class FakeTeamsConnector {
  readonly sent: SentActivity[] = [];
  /** Every request, including ones the fake did not understand. */
  readonly requests: { method: string; path: string }[] = [];
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private counter = 0;
  private waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Messages only (no typing indicators). */
  messages(): SentActivity[] {
    return this.sent.filter((s) => s.activity.type === 'message');
  }

  typing(): SentActivity[] {
    return this.sent.filter((s) => s.activity.type === 'typing');
  }

  async waitFor(check: () => boolean, ms = 5000, what = 'activity'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`fake connector: no ${what} within ${ms} ms; got ${JSON.stringify(this.sent.map((s) => s.activity.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({ method: req.method ?? '', path });
    const match = /^\/v3\/conversations\/(.+?)\/activities(?:\/([^/]+))?$/.exec(path);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `${req.method} ${path}` } }));
      return;
    }
    const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    this.sent.push({
      conversationId: decodeURIComponent(match[1]!),
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      activity,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `sent-${++this.counter}` }));
    for (const w of this.waiters.splice(0)) w();
  }
}
