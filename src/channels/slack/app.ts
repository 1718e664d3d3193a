import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import { SlackAnswerer } from './answer-flow';
import { boltLogger } from './bolt-logger';
import type { SlackDeps } from './deps';
import { KompisError } from '../../core/errors';
import { describeError, slackErrorKind } from './errors';
import { registerAppHomeOpened } from './listeners/app-home-opened';
import { registerAppMention } from './listeners/app-mention';
import { registerAssistant } from './listeners/assistant';
import type { ListenerContext } from './listeners/context';
import { registerFeedback } from './listeners/feedback';
import { registerGoals } from './listeners/goals';
import { registerPulse } from './listeners/pulse';
import { registerKompisCommand } from './listeners/kompis-command';
import { registerMessage } from './listeners/message';
import { registerSendToCurators } from './listeners/send-to-curators';
import { replayGuard } from './replay-guard';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackOptions {
  botToken: string;
  /** Socket Mode when set (xapp-…); HTTP events on the shared server otherwise. */
  appToken?: string;
  signingSecret?: string;
  /** Base of every Slack API call Kompis makes, Socket Mode's included (GovSlack, tests). */
  apiUrl?: string;
  /** How Slack API calls are retried (a 429 always waits for Retry-After first). */
  retryConfig?: webApi.RetryOptions;
  /** Socket Mode heartbeat, in ms (tests shorten it). */
  clientPingTimeout?: number;
  logLevel?: LogLevel;
}

/**
 * Where the channel stands, for GET /healthz. Socket Mode: `connecting` until Slack first greets the
 * socket, `connected` while it is open, `disconnected` from a drop (or a stop) until the client,
 * which reconnects by itself, is greeted again. HTTP events: `starting` until Slack has accepted the
 * bot token, then `ready` (Slack calls Kompis; there is no connection to lose). `since`: when it came to this.
 */
export type SlackHealth = { ok: boolean; gates: false; mode: 'socket'; state: 'connecting' | 'connected' | 'disconnected'; since: string } | { ok: boolean; gates: false; mode: 'http'; state: 'starting' | 'ready'; since: string };

export interface SlackChannel {
  mode: 'socket' | 'http';
  app: App;
  health(): SlackHealth;
  /** HTTP mode: serves POST /slack/events; mount it on the shared HTTP server. */
  handleHttp?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The Bolt app with Kompis's listeners, on Socket Mode or the HTTP Events API. */
export function createSlackChannel(options: SlackOptions, deps: SlackDeps): SlackChannel {
  const logger = boltLogger(deps.logger.child({ channel: 'slack' }), options.logLevel);
  const clientOptions: webApi.WebClientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    fetch: countingFetch(deps.metrics.slackApiError),
    // Kompis answers in threads at chat speed; a slow call must not hold a thread forever
    timeout: 30_000,
  };

  let mode: SlackChannel['mode'];
  let receiver: HTTPReceiver | SocketModeReceiver;
  if (options.appToken) {
    mode = 'socket';
    receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger,
      installerOptions: { clientOptions },
      ...(options.clientPingTimeout ? { clientPingTimeout: options.clientPingTimeout } : {}),
    });
  } else if (options.signingSecret) {
    mode = 'http';
    receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: SLACK_EVENTS_PATH, logger, processBeforeResponse: false });
  } else {
    throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events)');
  }

  const app = new App({ token: options.botToken, receiver, logger, clientOptions, deferInitialization: true });
  // before every listener: a command, click or form delivered twice runs once
  app.use(replayGuard(deps));
  const ctx: ListenerContext = { deps, answerer: new SlackAnswerer(deps) };
  registerAssistant(app, ctx);
  registerAppMention(app, ctx);
  registerMessage(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerFeedback(app, ctx);
  registerSendToCurators(app, ctx);
  registerKompisCommand(app, ctx);
  registerPulse(app, ctx);
  registerGoals(app, ctx);

  // the channel's single error handler: whatever a listener rethrows ends here, in one log line
  app.error(async (err) => {
    const kind = slackErrorKind((err as { original?: unknown }).original ?? err);
    if (kind && isPlatformError(kind)) deps.metrics.slackApiError(kind);
    deps.logger.error({ ...describeError((err as { original?: unknown }).original ?? err), channel: 'slack' }, 'slack listener failed');
  });

  const httpReceiver = receiver instanceof HTTPReceiver ? receiver : undefined;
  const connection = receiver instanceof SocketModeReceiver ? socketState(receiver, deps.logger) : undefined;
  let started: string | undefined;
  const since = new Date().toISOString();
  return {
    mode,
    app,
    health: () => connection?.() ?? { ok: started !== undefined, gates: false, mode: 'http', state: started ? 'ready' : 'starting', since: started ?? since },
    ...(httpReceiver
      ? {
          handleHttp: async (req: IncomingMessage, res: ServerResponse) => {
            // HTTPReceiver answers 401 to a bad signature and acks events before listeners finish
            await httpReceiver.requestListener(req, res);
          },
        }
      : {}),
    async start() {
      // auth.test checks the bot token; in Socket Mode, apps.connections.open then checks the app token
      await app.init().catch((err: unknown) => Promise.reject(startError(err, 'SLACK_BOT_TOKEN', options.apiUrl)));
      if (mode === 'socket') await app.start().catch((err: unknown) => Promise.reject(startError(err, 'SLACK_APP_TOKEN', options.apiUrl)));
      started = new Date().toISOString();
    },
    async stop() {
      if (mode === 'socket') await app.stop();
    },
  };
}

/**
 * Follows the Socket Mode client's own events: `connected` when Slack's hello arrives, `close` when
 * the socket is gone (a drop, a refused reconnection, a stop). A lost connection is logged once, and
 * its return once; the client retries by itself, so what follows a drop is `disconnected`, not
 * `connecting`, until Slack greets it again.
 */
function socketState(receiver: SocketModeReceiver, logger: SlackDeps['logger']): () => SlackHealth {
  let state: 'connecting' | 'connected' | 'disconnected' = 'connecting';
  let since = new Date().toISOString();
  const become = (next: typeof state) => {
    if (next === state) return;
    if (next === 'disconnected' && state === 'connected') logger.warn({ channel: 'slack' }, 'Slack Socket Mode connection lost; it reconnects by itself');
    if (next === 'connected' && state === 'disconnected') logger.info({ channel: 'slack' }, 'Slack Socket Mode connected again');
    state = next;
    since = new Date().toISOString();
  };
  receiver.client.on('connected', () => become('connected'));
  receiver.client.on('close', () => become(state === 'connecting' ? 'connecting' : 'disconnected'));
  receiver.client.on('disconnected', () => become(state === 'connecting' ? 'connecting' : 'disconnected'));
  return () => ({ ok: state === 'connected', gates: false, mode: 'socket', state, since });
}

/** How to fix each token Slack refuses at start. */
const TOKEN_FIX = {
  SLACK_BOT_TOKEN: 'copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions in your Slack app settings',
  SLACK_APP_TOKEN: 'make an app-level token with the connections:write scope under Basic Information → App-Level Tokens in your Slack app settings, and copy it (xapp-…)',
};

/** A failed start as one line naming the token or the network to fix; the request, with its token, is never in it. */
function startError(err: unknown, token: keyof typeof TOKEN_FIX, apiUrl: string | undefined): unknown {
  const kind = slackErrorKind(err);
  // not from the Slack client: a fault of Kompis's own, kept whole with its stack
  if (!kind) return err;
  if (kind === 'request_error') {
    const where = apiUrl ?? 'https://slack.com/api/';
    // fetch says only "fetch failed"; what failed (ENOTFOUND, ECONNREFUSED) is its cause
    const { original } = err as { original?: Error & { cause?: Error } };
    const reason = original?.cause?.message ?? original?.message ?? (err as Error).message;
    return new KompisError('slack_unreachable', `Kompis cannot reach Slack at ${where} (${reason}): check the network (a firewall or proxy)${apiUrl ? ' and SLACK_API_URL' : ''}`);
  }
  if (isPlatformError(kind)) return new KompisError('slack_refused', `Slack refused ${token} (${kind}): ${TOKEN_FIX[token]}`);
  return new KompisError('slack_unavailable', `Slack did not answer the check of ${token} (${kind}): try again later`);
}

function isPlatformError(kind: string): boolean {
  return !(kind === 'rate_limited' || kind === 'request_error' || kind.startsWith('http_'));
}

/** Counts every Slack API response that is not a 200 (each 429 and 5xx attempt), by status. */
function countingFetch(count: (kind: string) => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (res.status === 429) count('rate_limited');
    else if (res.status !== 200) count(`http_${res.status}`);
    return res;
  };
}
