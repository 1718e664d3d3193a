import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The streaminfo entity of a streamed reply's activity. */
export interface StreamInfo {
  streamType?: 'informative' | 'streaming' | 'final';
  streamSequence?: number;
  streamId?: string;
}

export function streamInfoOf(activity: Record<string, unknown>): StreamInfo | undefined {
  const entities = Array.isArray(activity.entities) ? (activity.entities as Record<string, unknown>[]) : [];
  return entities.find((e) => e.type === 'streaminfo') as StreamInfo | undefined;
}

/** A member as Teams' connector lists it (TeamsChannelAccount). */
export interface FakeMember {
  id: string;
  name: string;
  aadObjectId?: string;
  userRole?: string;
}

/** One activity the bot replaced (PUT /v3/conversations/{id}/activities/{activityId}). */
export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
}

/** One activity the bot sent to the connector. */
export interface SentActivity {
  /** The id the connector gave it: what a card's submit later names as its `replyToId`. */
  id: string;
  conversationId: string;
  /** Set when the bot replied to an activity (POST .../activities/{replyToId}). */
  replyToId?: string;
  authorization?: string;
  activity: Record<string, unknown>;
}

/** One POST /v3/conversations: the bot asked for a personal chat. */
export interface CreatedConversation {
  id: string;
  body: Record<string, unknown>;
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
  readonly updated: UpdatedActivity[] = [];
  /** Members by conversation id, for GET .../pagedmembers, .../members and .../members/{id}. */
  readonly members = new Map<string, FakeMember[]>();
  /** Teams' teams by id, for GET /v3/teams/{id} (the details behind TeamsInfo.getTeamDetails). */
  readonly teams = new Map<string, { name: string }>();
  /** Page size the fake uses however many the bot asks for, so paging is exercised. */
  pageSize = 4;
  /** Personal chats the bot created; Teams gives each (user, bot) pair one chat, created or found. */
  readonly created: CreatedConversation[] = [];
  /**
   * Requests a second the fake takes (POSTs and PUTs, chats created included) before it answers 429
   * with Retry-After, as Teams does past its rate limit; undefined for no limit.
   */
  rateLimit: number | undefined = undefined;
  /** How many requests were answered 429 by the rate limit. */
  limited = 0;
  private window = { second: 0, count: 0 };
  /** Activities a person deleted: an update of one gets 404, as from Teams. */
  readonly deleted = new Set<string>();
  /** Conversations that no longer exist (a person deleted the chat): sends there get 404. */
  readonly gone = new Set<string>();
  /** Status codes to answer the next sends with, one each, instead of accepting them; with a Retry-After (seconds) when given. */
  readonly failSends: (number | { status: number; retryAfter: number })[] = [];
  /** Streams in progress by stream id (the id of their first activity): what Teams checks each update against. */
  private readonly streams = new Map<string, { sequence: number; text: string; ended: boolean }>();
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

  /** The activities of streamed replies (informative, streaming, final) sent from `since` on, each with its streaminfo entity. */
  streamed(since = 0): (SentActivity & { info: StreamInfo })[] {
    return this.sent.slice(since).flatMap((s) => {
      const info = streamInfoOf(s.activity);
      return info ? [{ ...s, info }] : [];
    });
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
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    this.requests.push({ method: req.method ?? '', path });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const notFound = () => json(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });

    const team = /^\/v3\/teams\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && team) {
      const id = decodeURIComponent(team[1]!);
      const known = this.teams.get(id);
      return known ? json(200, { id, name: known.name, aadGroupId: `group-${id}` }) : notFound();
    }

    const members = /^\/v3\/conversations\/(.+?)\/(pagedmembers|members)(?:\/([^/]+))?$/.exec(path);
    if (req.method === 'GET' && members) {
      const all = this.members.get(decodeURIComponent(members[1]!));
      if (!all) return notFound();
      if (members[3]) {
        // Teams takes the Teams user id, the UPN or the Entra object id here
        const wanted = decodeURIComponent(members[3]);
        const one = all.find((m) => m.id === wanted || m.aadObjectId === wanted);
        return one ? json(200, one) : json(404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } });
      }
      if (members[2] === 'members') return json(200, all);
      const from = Number(url.searchParams.get('continuationToken') ?? '0');
      const page = all.slice(from, from + this.pageSize);
      return json(200, { members: page, ...(from + this.pageSize < all.length ? { continuationToken: String(from + this.pageSize) } : {}) });
    }

    if (this.rateLimit !== undefined && (req.method === 'POST' || req.method === 'PUT')) {
      const second = Math.floor(Date.now() / 1000);
      if (this.window.second !== second) this.window = { second, count: 0 };
      if (++this.window.count > this.rateLimit) {
        this.limited += 1;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'rate limit' } }));
        return;
      }
    }
    if (req.method === 'POST' && path === '/v3/conversations') return this.createConversation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>, json);

    const match = /^\/v3\/conversations\/(.+?)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!match || (req.method !== 'POST' && !(req.method === 'PUT' && match[2]))) return notFound();
    const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const conversationId = decodeURIComponent(match[1]!);
    // a send refused before it is looked at changes nothing, a stream's state included
    const failure = req.method === 'POST' && !this.gone.has(conversationId) ? this.failSends.shift() : undefined;
    if (failure) {
      const { status, retryAfter } = typeof failure === 'number' ? { status: failure, retryAfter: undefined } : failure;
      res.writeHead(status, { 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) });
      res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'fake failure' } }));
      return;
    }
    const refused = req.method === 'POST' ? this.checkStream(activity) : undefined;
    if (refused) return json(refused.status, { error: refused.error });
    if (req.method === 'PUT') {
      if (this.deleted.has(decodeURIComponent(match[2]!))) return json(404, { error: { code: 'NotFound', message: 'Activity not found.' } });
      this.updated.push({ conversationId, activityId: decodeURIComponent(match[2]!), activity });
      json(200, { id: decodeURIComponent(match[2]!) });
    } else {
      if (this.gone.has(conversationId)) return json(404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
      const streamId = streamInfoOf(activity)?.streamId;
      const id = streamId ?? `sent-${++this.counter}`;
      const first = streamInfoOf(activity);
      if (first && !streamId) this.streams.set(id, { sequence: first.streamSequence ?? 0, text: first.streamType === 'streaming' ? String(activity.text ?? '') : '', ended: first.streamType === 'final' });
      this.sent.push({
        id,
        conversationId,
        ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        activity,
      });
      json(200, { id });
    }
    for (const w of this.waiters.splice(0)) w();
  }

  /**
   * Teams' rules for a streamed reply: an update names the stream its first activity started, its
   * sequence grows, a streaming update repeats all the text before it, and nothing follows the final
   * message. A broken rule is refused the way Teams refuses it.
   */
  private checkStream(activity: Record<string, unknown>): { status: number; error: { code: string; message: string } } | undefined {
    const info = streamInfoOf(activity);
    if (!info?.streamId) return undefined;
    const stream = this.streams.get(info.streamId);
    if (!stream) return { status: 400, error: { code: 'BadArgument', message: 'unknown streamId' } };
    if (stream.ended) return { status: 403, error: { code: 'ContentStreamNotAllowed', message: 'Content stream is not allowed on an already completed streamed message' } };
    if (info.streamType !== 'final' && (info.streamSequence ?? 0) <= stream.sequence) return { status: 400, error: { code: 'BadArgument', message: 'streamSequence must grow' } };
    const text = typeof activity.text === 'string' ? activity.text : '';
    if (info.streamType === 'streaming' && !text.startsWith(stream.text)) return { status: 400, error: { code: 'BadArgument', message: 'Content stream content must contain the previous content' } };
    if (info.streamType === 'final') stream.ended = true;
    else stream.sequence = info.streamSequence ?? stream.sequence;
    if (info.streamType === 'streaming') stream.text = text;
    return undefined;
  }

  /**
   * Creates (or finds) the personal chat with one member, as Teams does: the body names the bot, a
   * single member by Teams user id, and the tenant; a member of no conversation the bot shares is
   * refused with 403, a malformed body with 400.
   */
  private createConversation(body: Record<string, unknown>, json: (status: number, body: unknown) => void): void {
    const bot = body.bot as { id?: unknown } | undefined;
    const members = body.members as { id?: unknown }[] | undefined;
    const memberId = members?.[0]?.id;
    if (body.isGroup !== false || typeof bot?.id !== 'string' || !bot.id.startsWith('28:') || members?.length !== 1 || typeof memberId !== 'string' || typeof body.tenantId !== 'string') {
      return json(400, { error: { code: 'BadArgument', message: 'isGroup false, bot, one member and tenantId are required' } });
    }
    const known = [...this.members.values()].some((list) => list.some((m) => m.id === memberId));
    if (!known) return json(403, { error: { code: 'BotNotInConversationRoster', message: 'the bot shares no conversation with this user' } });
    const id = `a:${memberId.slice(3)}-kompis-personal`;
    this.created.push({ id, body });
    json(201, { id });
  }
}
