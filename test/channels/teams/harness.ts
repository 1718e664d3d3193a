import { recordingLogger } from '../../fakes/recording-logger';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TeamsDeps } from '../../../src/channels/teams/agent';
import type { Asker } from '../../../src/core/conversation/events';
import { ConversationService } from '../../../src/core/conversation/service';
import { createTeamsChannel, TEAMS_MESSAGES_PATH, type TeamsChannel } from '../../../src/channels/teams/channel';
import { conversationsFrom } from '../../../src/channels/teams/conversations';
import type { TeamsSettings } from '../../../src/channels/teams/settings';
import type { Store } from '../../../src/core/storage/ports';
import { KompisMetrics } from '../../../src/http/metrics';
import { HttpServer } from '../../../src/http/server';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { FakeTeamsConnector } from '../../fakes/teams-connector';
import { miniService } from '../../helpers';

export const APP_ID = '11111111-2222-3333-4444-555555555555';
export const TENANT_ID = '99999999-8888-7777-6666-555555555555';
export const BOT = { id: `28:${APP_ID}`, name: 'Kompis' };
export const USER = { id: '29:1kari', name: 'Kari Nordmann', aadObjectId: 'aad-kari-0001' };
export const TEAM_ID = '19:team-kundeservice@thread.tacv2';
export const GENERAL = '19:general-kundeservice@thread.tacv2';
export const GROUP_CHAT = '19:kari-ola-kompis@thread.v2';

export { recordingLogger, type LogLine } from '../../fakes/recording-logger';

export interface TeamsHarness {
  connector: FakeTeamsConnector;
  channel: TeamsChannel;
  store: Store;
  dataDir: string;
  logger: ReturnType<typeof recordingLogger>;
  /** GETs /metrics from the shared HTTP server, as Prometheus would. */
  metrics(): Promise<string>;
  /** POSTs an activity to /api/messages as Azure Bot Service would; resolves with the HTTP response. */
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * The Teams channel as main.ts wires it: the real CloudAdapter mounted on the shared HTTP server,
 * the real SQLite store, the answering core over the mini knowledge fixture, and a fake connector
 * standing in for Teams. `dataDir` lets a second harness reopen the same store (a restart).
 */
export async function startTeams(
  opts: {
    settings?: TeamsSettings;
    dataDir?: string;
    store?: Store;
    answers?: Asker;
    connector?: FakeTeamsConnector;
    answerInTurnMs?: number;
    streamDelayMs?: number;
    suggestions?: TeamsDeps['suggestions'];
    backoff?: TeamsDeps['backoff'];
    services?: (store: Store, logger: ReturnType<typeof recordingLogger>) => Pick<TeamsDeps, 'goals' | 'pulse'>;
  } = {},
): Promise<TeamsHarness> {
  const connector = opts.connector ?? new FakeTeamsConnector();
  if (!connector.url) await connector.start();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-teams-'));
  const store = opts.store ?? openSqliteStore(dataDir);
  const logger = recordingLogger();
  const metrics = new KompisMetrics();
  const channel = createTeamsChannel(opts.settings ?? { auth: 'none' }, {
    conversation: new ConversationService({ answers: opts.answers ?? (await miniService()), curation: store.curation, channels: store.channels, logger, defaultLang: 'nb', metrics }),
    conversations: conversationsFrom(store.channels),
    logger,
    defaultLang: 'nb',
    typingEveryMs: 200,
    streamDelayMs: opts.streamDelayMs ?? 5,
    ...(opts.answerInTurnMs !== undefined ? { answerInTurnMs: opts.answerInTurnMs } : {}),
    ...(opts.suggestions ? { suggestions: opts.suggestions } : {}),
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
    ...(opts.services ? opts.services(store, logger) : {}),
  });
  const http = new HttpServer({ logger, metrics });
  http.mount('POST', TEAMS_MESSAGES_PATH, (req, res) => channel.handleHttp(req, res));
  const port = await http.listen(0, '127.0.0.1');
  return {
    connector,
    channel,
    store,
    dataDir,
    logger,
    metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
    async post(activity, headers = {}) {
      const res = await fetch(`http://127.0.0.1:${port}${TEAMS_MESSAGES_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      return { status: res.status, body: await res.text() };
    },
    async close() {
      await http.close();
      await store.close();
      if (!opts.connector) await connector.stop();
    },
  };
}

/** `startTeams` on the mini store, each question recorded in `asked` as Kompis asks it of core. */
export async function startAsking(): Promise<TeamsHarness & { asked: string[] }> {
  const asked: string[] = [];
  const service = await miniService();
  return { ...(await startTeams({ answers: { ask: (q, o) => (asked.push(q), service.ask(q, o)) } })), asked };
}

let counter = 1_700_000_000_000;
const nextId = () => String(++counter);

/** A message in the personal chat between Kari and Kompis, as Teams sends it. */
export function personalMessage(serviceUrl: string, text: string, locale = 'en-US'): Record<string, unknown> {
  return {
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: USER,
    conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: 'a:1kari-kompis-personal' },
    recipient: BOT,
    text,
    textFormat: 'plain',
    locale,
    entities: [{ type: 'clientInfo', locale, country: 'NO', platform: 'Web', timezone: 'Europe/Oslo' }],
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** A new post in a team channel that @mentions Kompis: Teams starts a thread with the post's id. */
export function channelMention(serviceUrl: string, question: string, locale = 'en-GB'): Record<string, unknown> {
  const id = nextId();
  const at = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: USER,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: `${GENERAL};messageid=${id}` },
    recipient: BOT,
    text: `${at} ${question}`,
    textFormat: 'plain',
    locale,
    entities: [{ type: 'mention', text: at, mentioned: BOT }],
    channelData: { teamsChannelId: GENERAL, teamsTeamId: TEAM_ID, channel: { id: GENERAL }, team: { id: TEAM_ID }, tenant: { id: TENANT_ID } },
  };
}

/** Kompis installed in Kari's personal scope. */
export function personalInstall(serviceUrl: string): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: nextId(),
    serviceUrl,
    channelId: 'msteams',
    from: USER,
    conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: 'a:1kari-kompis-personal' },
    recipient: BOT,
    membersAdded: [{ id: BOT.id }],
    locale: 'nb-NO',
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** Kompis added to a team: Teams sends installationUpdate in the General channel. */
export function teamInstall(serviceUrl: string): Record<string, unknown> {
  return {
    type: 'installationUpdate',
    action: 'add',
    id: nextId(),
    serviceUrl,
    channelId: 'msteams',
    from: USER,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: GENERAL },
    recipient: BOT,
    channelData: { settings: { selectedChannel: { id: GENERAL } }, channel: { id: GENERAL }, team: { id: TEAM_ID }, tenant: { id: TENANT_ID }, source: { name: 'message' } },
  };
}

/** 👍 or 👎 on one of Kompis's messages, with the optional comment of Teams' default form. */
export function feedbackInvoke(serviceUrl: string, replyToId: string, reaction: 'like' | 'dislike', comment?: string): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'message/submitAction',
    id: nextId(),
    serviceUrl,
    channelId: 'msteams',
    from: USER,
    conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: 'a:1kari-kompis-personal' },
    recipient: BOT,
    replyToId,
    locale: 'sv-SE',
    value: { actionName: 'feedback', actionValue: { reaction, feedback: JSON.stringify({ feedbackText: comment ?? '' }) } },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** A well-formed Bot Framework-style JWT signed with a key Microsoft never published. */
export function forgedToken(serviceUrl: string): string {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'forged-kid-0001' });
  const body = b64({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600 });
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url');
  return `${head}.${body}.${signature}`;
}

export interface Someone {
  id: string;
  name: string;
  aadObjectId: string;
}

/**
 * A message in a team channel from `from`, @mentioning Kompis, and anyone in `mentions` after it:
 * a new post, or with `thread` (the root post's id) a reply in that post's thread. Both carry the
 * thread in their conversation id: the channel's id, `;messageid=`, the root post's id.
 */
export function channelMessage(serviceUrl: string, text: string, opts: { from?: Someone; mentions?: Someone[]; locale?: string; thread?: string } = {}): Record<string, unknown> {
  const id = nextId();
  const at = `<at>${BOT.name}</at>`;
  const locale = opts.locale ?? 'en-GB';
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: opts.from ?? USER,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: `${GENERAL};messageid=${opts.thread ?? id}` },
    recipient: BOT,
    text: `${at} ${text}`,
    textFormat: 'plain',
    locale,
    entities: [
      { type: 'mention', text: at, mentioned: BOT },
      ...(opts.mentions ?? []).map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } })),
    ],
    channelData: { teamsChannelId: GENERAL, teamsTeamId: TEAM_ID, channel: { id: GENERAL }, team: { id: TEAM_ID }, tenant: { id: TENANT_ID } },
  };
}

/** The same message in a group chat with Kompis: a chat without threads. */
export function groupChatMessage(serviceUrl: string, text: string, opts: { from?: Someone; mentions?: Someone[]; locale?: string } = {}): Record<string, unknown> {
  return {
    ...channelMessage(serviceUrl, text, opts),
    conversation: { isGroup: true, conversationType: 'groupChat', tenantId: TENANT_ID, id: GROUP_CHAT },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/**
 * `message` sent as a reply that quotes an earlier one (Teams' "Reply" on a message in a chat), as
 * the Teams client sends it: `text` has the quoted message flattened (its sender, then its text) in
 * front of what was typed, and the message's HTML, a `text/html` attachment, has the quote as a
 * `<blockquote itemtype="http://schema.skype.com/Reply">` followed by what was typed, `typedHtml`.
 */
export function quotingReply(message: Record<string, unknown>, quoted: { from: { id: string; name: string }; text: string }, typedHtml: string): Record<string, unknown> {
  const quote =
    '<blockquote itemscope="" itemtype="http://schema.skype.com/Reply" itemid="1700000000001">' +
    `<strong itemprop="mri" itemid="${quoted.from.id}">${quoted.from.name}</strong><span itemprop="time" itemid="1700000000001"></span>` +
    `<p itemprop="preview">${quoted.text}</p></blockquote>`;
  return {
    ...message,
    text: `${quoted.from.name}${quoted.text}\r\n${String(message.text)}`,
    attachments: [{ contentType: 'text/html', content: `${quote}\r\n${typedHtml}` }],
  };
}

/**
 * A mention as Teams writes it in a message's HTML, numbered as the message's mention entities are;
 * its `text` and the entities have it as `<at>name</at>`.
 */
export const mentionSpan = (index: number, name: string) => `<span itemtype="http://schema.skype.com/Mention" itemscope="" itemid="${index}">${name}</span>`;

/**
 * An Action.Submit from one of Kompis's cards, as Teams sends it: a message with no text whose
 * `value` is the action's data merged with the card's inputs, and `replyToId` the card's id.
 */
export function cardSubmit(serviceUrl: string, value: Record<string, unknown>, opts: { from?: Someone; personal?: boolean; replyToId?: string; locale?: string } = {}): Record<string, unknown> {
  const from = opts.from ?? USER;
  const conversation = opts.personal
    ? { conversationType: 'personal', tenantId: TENANT_ID, id: personalConversationOf(from) }
    : { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: `${GENERAL};messageid=${opts.replyToId ?? nextId()}` };
  return {
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from,
    conversation,
    recipient: BOT,
    ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
    value,
    locale: opts.locale ?? 'en-GB',
    channelData: opts.personal ? { tenant: { id: TENANT_ID } } : { channel: { id: GENERAL }, team: { id: TEAM_ID }, tenant: { id: TENANT_ID } },
  };
}

export const personalConversationOf = (someone: Pick<Someone, 'id'>) => `a:${someone.id.slice(3)}-kompis-personal`;

/** Kompis installed in someone's personal scope: the reference their check-ins go through. */
export function personalInstallOf(serviceUrl: string, someone: Someone): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: nextId(),
    serviceUrl,
    channelId: 'msteams',
    from: someone,
    conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: personalConversationOf(someone) },
    recipient: BOT,
    membersAdded: [{ id: BOT.id }],
    locale: 'en-GB',
    channelData: { tenant: { id: TENANT_ID } },
  };
}
