import { randomUUID } from 'node:crypto';
import { SLACK_MARKUP } from './channels/slack/markup';
import { TEAMS_MARKUP } from './channels/teams/markup';
import { Cron } from 'croner';
import { mountGoalsApi } from './api/goals-progress';
import { createSlackChannel, SLACK_EVENTS_PATH } from './channels/slack/app';
import { slackChat } from './channels/slack/chat';
import { createTeamsChannel, TEAMS_MESSAGES_PATH } from './channels/teams/channel';
import { teamsChat } from './channels/teams/chat';
import { conversationsFrom } from './channels/teams/conversations';
import { teamsSettings } from './channels/teams/settings';
import { ConfigError, loadConfig, type Config } from './config';
import { ConversationService } from './core/conversation/service';
import { KompisError } from './core/errors';
import { redactUrls } from './core/redact';
import { defaultPromptsDir } from './core/answers/prompts';
import { GoalService } from './core/goals/service';
import { type Chats } from './core/messages';
import { isLead } from './core/pulse/leads';
import { applyPulseRetention } from './core/pulse/retention';
import { PulseService } from './core/pulse/service';
import { loadThemesPrompt, themesWith } from './core/pulse/themes';
import { systemClock, type Logger } from './core/ports';
import { main as cli } from './cli/index';
import { println, type CliIo } from './cli/io';
import { KompisMetrics } from './http/metrics';
import { HttpServer, type HealthCheck } from './http/server';
import { createLiveAnswering } from './live-answering';
import { createLogger } from './logger';
import { loadPulseWrapping } from './pulse-secret';
import { openStore, storeHealth } from './stores/index';

/**
 * The composition root: configuration, then the channels that have credentials. With none
 * configured, Kompis opens the console chat so it can be tried with no account anywhere.
 */
export async function start(env: Record<string, string | undefined>, io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const config: Config = loadConfig(env);
  const platforms = [config.SLACK_BOT_TOKEN && 'slack', (config.MICROSOFT_APP_ID || config.TEAMS_ALLOW_UNAUTHENTICATED) && 'teams'].filter(Boolean);
  if (platforms.length === 0) {
    // said in words, not as a log line: someone who meant to start Slack or Teams sees why they got the chat
    println(io.stderr, 'No Slack or Teams credentials are set, so this is the console chat (README, "Run it in Slack", shows how to connect).');
    return cli(['chat'], { ...io, env: { ...env, LOG_LEVEL: consoleLogLevel(config.LOG_LEVEL) } });
  }
  const logger = createLogger(config.LOG_LEVEL);
  const stop = await startPlatforms(config, logger);
  // serve until the process is asked to stop, then close connections cleanly
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  logger.info({}, 'stopping');
  await stop();
  return 0;
}

/**
 * How much the console chat logs. Its log lines share the terminal with the chat, so info, the
 * server's default and what .env.example sets, is read as warn there: only warnings and errors
 * interrupt a conversation, as with any command-line tool. LOG_LEVEL=debug or trace asks for more
 * and gets it; error, fatal and silent ask for less.
 */
function consoleLogLevel(level: Config['LOG_LEVEL']): Config['LOG_LEVEL'] {
  return level === 'info' ? 'warn' : level;
}

/**
 * The store, answers, the shared HTTP server, and every chat platform that has credentials. A step
 * that fails stops what the steps before it started, so a failed start ends the process.
 */
export async function startPlatforms(config: Config, logger: Logger): Promise<() => Promise<void>> {
  // what each step started, stopped last to first: at a stop, or when a later step fails
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    await wirePlatforms(config, logger, stops);
    return stopAll;
  } catch (err) {
    await stopAll().catch((stopErr: unknown) => logger.warn({ err: (stopErr as Error).message }, 'stopping after a failed start did not finish'));
    throw err;
  }
}

/** The HTTP server listens before Slack is reached, so /healthz answers while Slack is slow to connect. */
async function wirePlatforms(config: Config, logger: Logger, stops: (() => Promise<void>)[]): Promise<void> {
  const wrapping = loadPulseWrapping(config);
  // Kompis answers from its first second: a store's embeddings join search when they are built.
  // A knowledge folder that is missing or empty stops the start before any store is opened.
  // Curators' edits are answered from once loaded: the folder is watched, and SIGHUP loads it too.
  const metrics = new KompisMetrics({ defaultMetrics: true });
  const live = await createLiveAnswering(config, logger, { embedInBackground: true, observeQuestionEmbedding: metrics.questionEmbedded, watch: {} });
  stops.push(async () => live.close());
  const hangUp = () => void live.reload('SIGHUP');
  process.on('SIGHUP', hangUp);
  stops.push(async () => void process.off('SIGHUP', hangUp));
  // the model is the configuration's, the same through every reload of the store
  const { llm } = live.current();
  const store = await openStore(config, logger);
  stops.push(() => store.close());
  // each chat platform adds its part as it is wired: Slack's says whether its connection is up
  const health: Record<string, () => Promise<HealthCheck> | HealthCheck> = {
    store: () => storeHealth(store),
    knowledge: () => {
      const { knowledge, mode } = live.current();
      const size = knowledge.index.size;
      return { ok: size.passages > 0, documents: size.documents, passages: size.passages, problems: knowledge.problems.length, answers: mode.answers, search: mode.search, embeddings: mode.embeddings };
    },
  };
  const http = new HttpServer({ logger, metrics, health });
  // the chat platforms fill this in as they start; goals and the pulse reach people through it
  const chats: Chats = {};
  const owner = randomUUID();
  const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner, chats, clock: systemClock, logger, observe: metrics.delivered });
  const themesPrompt = loadThemesPrompt(defaultPromptsDir());
  const pulse = new PulseService({
    pulse: store.pulse,
    teams: store.teams,
    outbox: store.outbox,
    locks: store.locks,
    chats,
    clock: systemClock,
    logger,
    owner,
    wrapping,
    markup: [...SLACK_MARKUP, ...TEAMS_MARKUP],
    observe: metrics.delivered,
    ...(llm ? { themes: themesWith(llm.client, themesPrompt, llm.timeoutMs) } : {}),
  });
  mountGoalsApi(http, { goals, ...(config.GOALS_API_TOKEN ? { token: config.GOALS_API_TOKEN } : {}), logger });
  stops.push(startRetention(store, config, logger, owner));
  // one conversation for every channel: questions, feedback, the curators' list, answers counted by platform
  // the curators' list holds what agents asked privately: for the named curators and the teams' leads
  const curators = new Set((config.CURATORS ?? '').split(',').map((id) => id.trim()).filter(Boolean));
  const mayCurate = async (user: string) => curators.has(user) || (await store.teams.listTeams()).some((t) => isLead(t, user));
  const conversation = new ConversationService({ answers: live.answers, curation: store.curation, channels: store.channels, logger, defaultLang: config.DEFAULT_LANG, metrics, curators: mayCurate });
  const slack = config.SLACK_BOT_TOKEN
    ? createSlackChannel(
        {
          botToken: config.SLACK_BOT_TOKEN,
          ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
          ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
          ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        },
        {
          conversation,
          logger,
          metrics,
          defaultLang: config.DEFAULT_LANG,
          ...(config.SLACK_CURATOR_CHANNEL ? { curatorChannel: config.SLACK_CURATOR_CHANNEL } : {}),
          goals,
          pulse,
          people: store.channels,
          get suggestions() {
            return live.current().knowledge.suggestions;
          },
        },
      )
    : undefined;
  if (slack) {
    chats.slack = slackChat(slack.app.client, logger);
    health.slack = () => slack.health();
  }
  if (config.MICROSOFT_APP_ID || config.TEAMS_ALLOW_UNAUTHENTICATED) {
    // a Teams configuration that cannot work stops the start here, saying what to set
    const teams = createTeamsChannel(teamsSettings(config, process.env.NODE_ENV), {
      conversation,
      conversations: conversationsFrom(store.channels),
      logger,
      defaultLang: config.DEFAULT_LANG,
      goals,
      pulse,
      get suggestions() {
        return live.current().knowledge.suggestions;
      },
    });
    chats.teams = teamsChat(teams, logger);
    http.mount('POST', TEAMS_MESSAGES_PATH, (req, res) => teams.handleHttp(req, res));
    logger.info({ path: TEAMS_MESSAGES_PATH }, 'Teams messages expected');
  }
  const port = await http.listen(config.PORT);
  stops.push(() => http.close());
  logger.info({ port }, 'HTTP server listening (/healthz, /metrics)');
  if (slack) {
    // Bolt retries an unreachable Slack for minutes; the log says what the process is waiting for
    logger.info({ mode: slack.mode }, 'connecting to Slack');
    await slack.start();
    stops.push(() => slack.stop());
    // events are taken once the app knows its bot; one delivered sooner finds no route, as it found no server before
    if (slack.handleHttp) http.mount('POST', SLACK_EVENTS_PATH, slack.handleHttp);
    logger.info({ mode: slack.mode }, slack.mode === 'socket' ? 'Slack connected over Socket Mode' : `Slack events expected at ${SLACK_EVENTS_PATH}`);
  }
  stops.push(startScheduler(pulse, goals, logger));
}

/**
 * Every minute: the pulse's weekly cycle (open, remind, close, send; one replica at a time under a
 * store lock) and the goals' housekeeping (celebrations a crashed replica left, missed due dates,
 * the weekly digest; each sent once).
 */
function startScheduler(pulse: PulseService, goals: GoalService, logger: Logger): () => Promise<void> {
  const job = new Cron('* * * * *', { protect: true, unref: true }, async () => {
    await pulse.tick().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'pulse scheduler run failed'));
    await goals.tick().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'goal housekeeping failed'));
  });
  return async () => job.stop();
}

/** Pulse comments past retention are deleted at start and daily; one replica does it, under a lock. */
function startRetention(store: Awaited<ReturnType<typeof openStore>>, config: Config, logger: Logger, owner: string): () => Promise<void> {
  const deps = { pulse: store.pulse, locks: store.locks, clock: systemClock, logger, owner };
  const run = () =>
    applyPulseRetention(deps, config.PULSE_COMMENT_RETENTION_WEEKS).catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'pulse retention did not run'));
  void run();
  const timer = setInterval(() => void run(), 24 * 3600 * 1000);
  timer.unref();
  return async () => clearInterval(timer);
}

/** A failed start as the person at the terminal reads it: the message naming the fix, never a password in a URL. */
export function describeStartupError(err: unknown): string {
  const known = err instanceof ConfigError || err instanceof KompisError;
  return redactUrls(known ? (err as Error).message : String((err as Error)?.stack ?? err));
}

if (require.main === module) {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: the environment alone is fine
  }
  start(process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${describeStartupError(err)}\n`);
      process.exitCode = 1;
    },
  );
}
