import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MESSAGE_TEXT_CHARS, refusal, TRUNCATED } from './block-kit-limits';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
}

/** What the fake does instead of answering the next call of a method. */
export type Injection = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export const BOT_USER_ID = 'UKOMPIS01';
export const BOT_ID = 'BKOMPIS01';
export const TEAM_ID = 'T0NORDIC1';

export interface FakeUser {
  id: string;
  name: string;
  real_name?: string;
  is_bot?: boolean;
  deleted?: boolean;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text?: unknown;
  blocks?: unknown;
  metadata?: unknown;
  /** Set on a message made by chat.startStream: true until chat.stopStream ends it. */
  streaming?: boolean;
  /** The thread it was posted in, if any. */
  threadTs?: string;
}

/**
 * A local Slack: the Web API over HTTP at `${url}/api/` and Socket Mode over WebSocket, speaking
 * the wire format the real @slack/web-api and @slack/socket-mode clients expect. Records every call,
 * answers with Slack's response shapes, and can inject 429s, 500s and platform errors.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Every frame a Socket Mode client sent back (acks), parsed. */
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  locales: Record<string, string> = {};
  /** The workspace each person belongs to, when it is not the installing one (a Slack Connect partner's people). */
  userTeams: Record<string, string> = {};
  /** The workspace's people (users.list) and each channel's members (conversations.members). */
  users: FakeUser[] = [];
  channelMembers: Record<string, string[]> = {};
  /** Every message as it now stands, per channel (a DM to a user id lands in `D<user id>`). */
  readonly posted: PostedMessage[] = [];
  /** Messages deleted, as `channel/ts`. */
  private readonly deleted = new Set<string>();
  /** Per-method limit of calls per second: beyond it the fake answers 429 with Retry-After, like Slack. */
  rateLimits: Record<string, number> = {};
  /** Per-method wait in ms before the fake answers, as a large workspace's slow listing calls. */
  delays: Record<string, number> = {};
  /** Every JSON body POSTed to a response_url made by `responseUrl`, in order of arrival. */
  readonly responses: { id: string; body: Record<string, unknown>; at: number }[] = [];
  /**
   * Every call (or Socket Mode ack) whose blocks or view Slack would refuse, with Slack's messages
   * saying why (block-kit-limits.ts). A refused call is answered as Slack answers it; a refused
   * ack is only recorded here, as what Slack then shows the person is not documented.
   */
  readonly refusals: { method: string; messages: string[] }[] = [];
  /** While true, a Socket Mode client's connection is cut as it opens, as a network that is down. */
  refuseSockets = false;
  private readonly windows = new Map<string, { second: number; count: number }>();
  private readonly injections = new Map<string, Injection[]>();
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private sockets: WebSocket[] = [];
  private tsCounter = 0;
  private envelopeCounter = 0;
  private waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<string> {
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link') || this.refuseSockets) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.url}/api/`;
  }

  async stop(): Promise<void> {
    // let clients finish their close handshake, so none waits on a timer for a peer that is gone
    await Promise.all(
      this.sockets.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.readyState === s.CLOSED) return resolve();
            s.once('close', () => resolve());
            if (s.readyState === s.OPEN) s.close(1000);
            setTimeout(() => resolve(), 500).unref();
          }),
      ),
    );
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A response_url pointing here, for a slash command or interaction payload; POSTs land in `responses`. */
  responseUrl(id = 'command'): string {
    return `${this.url}/respond/${id}`;
  }

  /** A message deleted (by a person, or chat.delete): gone from `posted`, and an edit of it is refused. */
  deleteMessage(channel: string, ts: string): void {
    const i = this.posted.findIndex((p) => p.channel === channel && p.ts === ts);
    if (i >= 0) this.posted.splice(i, 1);
    this.deleted.add(`${channel}/${ts}`);
  }

  inject(method: string, ...steps: Injection[]): void {
    this.injections.set(method, [...(this.injections.get(method) ?? []), ...steps]);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `predicate` holds over the recorded calls and acks, or rejects after `ms`. */
  async waitFor(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`fake Slack: timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50).unref();
      });
    }
  }

  waitForCalls(method: string, count = 1, ms = 5000): Promise<void> {
    return this.waitFor(() => this.callsOf(method).length >= count, ms, `${count} × ${method}`);
  }

  /** True once a Socket Mode client has connected and been greeted. */
  get socketConnected(): boolean {
    return this.sockets.some((s) => s.readyState === s.OPEN);
  }

  /** Cuts every Socket Mode connection with no close frame, as a dropped network does. */
  dropSockets(): void {
    for (const s of this.sockets) s.terminate();
  }

  /** Sends a Socket Mode envelope to every connected client; returns its envelope_id. */
  sendEnvelope(type: 'events_api' | 'interactive' | 'slash_commands', payload: unknown, retryAttempt = 0): string {
    const envelope_id = `env-${++this.envelopeCounter}`;
    const frame = JSON.stringify({
      envelope_id,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: retryAttempt, retry_reason: retryAttempt > 0 ? 'timeout' : '' } : {}),
    });
    for (const s of this.sockets) if (s.readyState === s.OPEN) s.send(frame);
    return envelope_id;
  }

  waitForAck(envelopeId: string, ms = 5000): Promise<void> {
    return this.waitFor(() => this.acks.some((a) => a.envelope_id === envelopeId), ms, `ack of ${envelopeId}`);
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('message', (data) => {
      try {
        const ack = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
        this.acks.push(ack);
        if (typeof ack.payload === 'object' && ack.payload !== null) this.refuses('ack', ack.payload as Record<string, unknown>);
      } catch {
        this.acks.push({ envelope_id: `unparseable:${String(data)}` });
      }
      this.wake();
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 }, connection_info: { app_id: 'AKOMPIS01' } }));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1800000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.url?.startsWith('/respond/')) {
      const body = parseBody(raw, req.headers['content-type']);
      this.responses.push({ id: req.url.slice('/respond/'.length), body, at: performance.now() });
      this.wake();
      if (this.refuses('respond', body)) return send(res, 400, 'invalid_blocks');
      return send(res, 200, { ok: true });
    }
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseBody(raw, req.headers['content-type']);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (typeof args.token === 'string' ? args.token : undefined);
    this.calls.push({ method, args, ...(token ? { token } : {}), at: performance.now() });
    this.wake();
    const delay = this.delays[method];
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());

    const limit = this.rateLimits[method];
    if (limit !== undefined) {
      const second = Math.floor(Date.now() / 1000);
      const w = this.windows.get(method);
      const window = w && w.second === second ? w : { second, count: 0 };
      window.count += 1;
      this.windows.set(method, window);
      if (window.count > limit) return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    }
    const injected = this.injections.get(method)?.shift();
    if (injected) {
      if ('status' in injected && injected.status === 429) return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(injected.retryAfter) });
      if ('status' in injected) return send(res, injected.status, 'upstream failed', {});
      return send(res, 200, { ok: false, error: injected.error });
    }
    const wantsAppToken = method === 'apps.connections.open';
    if (!token || (wantsAppToken ? !token.startsWith('xapp-') : !token.startsWith('xoxb-'))) return send(res, 200, { ok: false, error: 'invalid_auth' });
    // Slack refuses the whole call when its blocks or view break one of the limits it documents
    const refused = this.refuses(method, args);
    if (refused) return send(res, 200, { ok: false, error: refused.error, response_metadata: { messages: refused.messages } });
    // and posts a message whose text is too long cut, with a warning
    const cut = TEXT_METHODS.has(method) && typeof args.text === 'string' && [...args.text].length > MESSAGE_TEXT_CHARS;
    if (cut) args.text = [...(args.text as string)].slice(0, MESSAGE_TEXT_CHARS).join('');
    const answer = this.respond(method, args);
    send(res, 200, cut && (answer as { ok?: boolean }).ok ? { ...(answer as object), ...TRUNCATED } : answer);
  }

  /**
   * Slack's refusal of a call's blocks or view, recorded in `refusals`; undefined when Slack takes
   * them. Public for what reaches Slack without passing here: a command's reply in an HTTP response.
   */
  refuses(method: string, args: Record<string, unknown>): ReturnType<typeof refusal> {
    const refused = refusal(method, args);
    if (refused) this.refusals.push({ method, messages: refused.messages });
    return refused;
  }

  private respond(method: string, args: Record<string, unknown>): unknown {
    const channel = String(args.channel ?? args.channel_id ?? '');
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://nordic.slack.com/', team: 'Nordic CS', user: 'kompis', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID, is_enterprise_install: false };
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace('http', 'ws')}/link/?ticket=fake-ticket&app_id=AKOMPIS01` };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        // a user id as the channel is the user's DM with the app
        const where = /^[UW]/.test(channel) ? `D${channel}` : channel;
        if (/^[UW]/.test(channel) && this.users.length > 0 && !this.users.some((u) => u.id === channel && !u.deleted)) return { ok: false, error: 'user_not_found' };
        this.posted.push({ channel: where, ts, text: args.text, blocks: args.blocks, ...(args.metadata ? { metadata: args.metadata } : {}), ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}) });
        return { ok: true, channel: where, ts, message: { type: 'message', subtype: undefined, text: args.text, user: BOT_USER_ID, bot_id: BOT_ID, ts, thread_ts: args.thread_ts, blocks: args.blocks } };
      }
      case 'chat.startStream': {
        // Slack needs to know whose screen a stream outside a DM is for
        if (!channel.startsWith('D') && (!args.recipient_user_id || !args.recipient_team_id)) return { ok: false, error: 'missing_recipient_user_id' };
        // recipient_team_id is the team the recipient belongs to (chat.startStream's reference)
        if (args.recipient_user_id && args.recipient_team_id && args.recipient_team_id !== (this.userTeams[String(args.recipient_user_id)] ?? TEAM_ID)) return { ok: false, error: 'invalid_arguments' };
        if (!args.thread_ts) return { ok: false, error: 'invalid_arguments' };
        const ts = this.nextTs();
        this.posted.push({ channel, ts, text: streamed(args), streaming: true, threadTs: String(args.thread_ts) });
        return { ok: true, channel, ts };
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const m = this.posted.find((p) => p.channel === channel && p.ts === args.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        if (!m.streaming) return { ok: false, error: 'message_not_in_streaming_state' };
        m.text = `${String(m.text ?? '')}${streamed(args)}`;
        if (method === 'chat.stopStream') Object.assign(m, { streaming: false, ...(args.blocks ? { blocks: args.blocks } : {}) });
        return { ok: true, channel, ts: args.ts };
      }
      case 'chat.update': {
        if (this.deleted.has(`${channel}/${String(args.ts)}`)) return { ok: false, error: 'message_not_found' };
        const m = this.posted.find((p) => p.channel === channel && p.ts === args.ts);
        if (m) Object.assign(m, { text: args.text, blocks: args.blocks });
        return { ok: true, channel, ts: args.ts, text: args.text, message: { text: args.text, user: BOT_USER_ID, bot_id: BOT_ID, blocks: args.blocks } };
      }
      case 'chat.delete': {
        const i = this.posted.findIndex((p) => p.channel === channel && p.ts === args.ts);
        if (i < 0) return { ok: false, error: 'message_not_found' };
        this.deleteMessage(channel, String(args.ts));
        return { ok: true, channel, ts: args.ts };
      }
      case 'users.list': {
        const { page, next } = paginate(this.users, args);
        return { ok: true, members: page, response_metadata: { next_cursor: next } };
      }
      case 'conversations.members': {
        const members = this.channelMembers[channel];
        if (!members) return { ok: false, error: 'channel_not_found' };
        const { page, next } = paginate(members, args);
        return { ok: true, members: page, response_metadata: { next_cursor: next } };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: channel, name: channel.toLowerCase(), is_channel: true } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const withMeta = String(args.include_all_metadata) === 'true';
        const messages = this.posted
          .filter((p) => p.channel === channel && Number(p.ts) > oldest)
          .reverse()
          .map((p) => ({ type: 'message', ts: p.ts, text: p.text, user: BOT_USER_ID, bot_id: BOT_ID, ...(withMeta && p.metadata ? { metadata: p.metadata } : {}) }));
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'conversations.replies': {
        // the thread as far as the fake knows it: what Kompis posted in it
        const messages = this.posted
          .filter((p) => p.channel === channel && (p.ts === args.ts || p.threadTs === args.ts))
          .map((p) => ({ type: 'message', ts: p.ts, thread_ts: p.threadTs ?? p.ts, text: p.text, user: BOT_USER_ID, bot_id: BOT_ID }));
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'views.publish':
        return { ok: true, view: { id: 'VHOME0001', type: 'home' } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'users.info': {
        const id = String(args.user);
        return { ok: true, user: { id, team_id: TEAM_ID, name: id.toLowerCase(), is_bot: false, ...(this.locales[id] ? { locale: this.locales[id] } : {}) } };
      }
      case 'views.open':
      case 'views.update':
      case 'views.push':
        return { ok: true, view: { id: 'VREASON01', type: 'modal', callback_id: (args.view as { callback_id?: string })?.callback_id } };
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setTitle':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The calls that post a message's `text`, which Slack cuts at MESSAGE_TEXT_CHARS. */
const TEXT_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

/** The text a stream call adds: its markdown_text and the text of its markdown chunks. */
function streamed(args: Record<string, unknown>): string {
  const chunks = Array.isArray(args.chunks) ? (args.chunks as { type?: string; text?: string }[]) : [];
  return `${typeof args.markdown_text === 'string' ? args.markdown_text : ''}${chunks.map((c) => (c.type === 'markdown_text' ? (c.text ?? '') : '')).join('')}`;
}

/** Slack's cursor pagination: the cursor is the offset, `limit` the page size. */
function paginate<T>(items: T[], args: Record<string, unknown>): { page: T[]; next: string } {
  const from = Number(args.cursor ?? 0) || 0;
  const limit = Number(args.limit ?? 100) || 100;
  const page = items.slice(from, from + limit);
  return { page, next: from + limit < items.length ? String(from + limit) : '' };
}

/** The Web API client sends form-encoded bodies with nested values as JSON strings. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v; // text that merely starts with a bracket
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
  res.end(text);
}
