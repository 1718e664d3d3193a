import path from 'node:path';
import { z } from 'zod';
import type { EmbeddingPrefixes } from './core/knowledge/vector-index';
import { Lang } from './core/lang';
import { redactUrl, redactUrls } from './core/redact';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * An optional URL of the given schemes. With `noCredentials` (the fix to show), a URL with a user
 * name or password in it is refused: fetch will not send a request to one, so every call would fail.
 */
const optionalUrl = (protocols: RegExp, noCredentials?: string) => {
  const url = z.string().url().regex(protocols);
  return optionalString.pipe((noCredentials ? url.pipe(z.string().refine((v) => !hasCredentials(v), noCredentials)) : url).optional());
};

function hasCredentials(url: string): boolean {
  const { username, password } = new URL(url);
  return username !== '' || password !== '';
}

const URL_CREDENTIALS = 'a URL with a user name or password in it cannot be called';

/** A whole number from 1 to `max`: a value past its range is refused at start, not taken as something else. */
const positiveInt = (fallback: number, max: number) => z.coerce.number().int().positive().max(max).default(fallback);

/** The longest wait Node's timers hold: a longer one fires after 1 ms instead (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Pulse comments are what agents wrote about their week: kept for weeks or months, then deleted.
 * Ten years is far past any retention a works council or the GDPR's storage limitation would
 * accept, so a larger number is a slip (2600 for 26), not a choice, and is refused.
 */
export const MAX_RETENTION_WEEKS = 520;

/** Every variable Kompis reads, with the hint shown when its value is wrong. */
const HINTS: Record<string, string> = {
  PORT: 'a TCP port number from 1 to 65535, e.g. PORT=3000',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  DATA_DIR: 'a folder Kompis may write to, e.g. DATA_DIR=./data',
  KNOWLEDGE_DIR: 'the folder of markdown documents, e.g. KNOWLEDGE_DIR=./knowledge',
  DEFAULT_LANG: 'one of nb, sv, da, en',
  OPENAI_API_KEY: 'the API key of your OpenAI or compatible account, or leave it empty for extractive answers (or for a server at OPENAI_BASE_URL that wants no key)',
  OPENAI_BASE_URL: 'an http(s) URL such as https://my-resource.openai.azure.com/openai/v1, or leave it empty',
  OPENAI_MODEL: 'a chat model name, e.g. OPENAI_MODEL=gpt-4.1-mini',
  OPENAI_EMBEDDINGS_MODEL: 'an embeddings model name (the older name of EMBEDDINGS_MODEL)',
  EMBEDDINGS_BASE_URL: 'an http(s) URL of an OpenAI-compatible embeddings server, e.g. http://localhost:11434/v1, or leave it empty to use OPENAI_BASE_URL',
  EMBEDDINGS_MODEL: 'an embeddings model name, e.g. text-embedding-3-small or bge-m3, or leave it empty for lexical search only',
  EMBEDDINGS_QUERY_PREFIX: 'the text a model wants before a question, e.g. "query:" for multilingual-e5, or leave it empty',
  EMBEDDINGS_PASSAGE_PREFIX: 'the text a model wants before a passage, e.g. "passage:" for multilingual-e5, or leave it empty',
  OPENAI_TIMEOUT_MS: `milliseconds, a whole number from 1 to ${MAX_TIMER_MS} (just under 25 days), such as 15000`,
  REDIS_URL: 'a redis:// or rediss:// URL, e.g. REDIS_URL=redis://localhost:6379, or leave it empty for SQLite',
  REDIS_KEY_PREFIX: 'a short prefix such as kompis:',
  REDIS_SENTINELS: 'comma-separated host:port pairs of Redis Sentinels, e.g. sentinel-1:26379,sentinel-2:26379',
  REDIS_SENTINEL_NAME: 'the name of the Sentinel-monitored primary, e.g. mymaster',
  SLACK_BOT_TOKEN: 'a bot token, starting with xoxb-: the Bot User OAuth Token under OAuth & Permissions in your Slack app settings',
  SLACK_APP_TOKEN: 'an app-level token, starting with xapp-: make one under Basic Information → App-Level Tokens in your Slack app settings, with the scope connections:write',
  SLACK_API_URL: 'an http(s) URL ending in /api/, e.g. https://slack.com/api/',
  MICROSOFT_APP_TYPE: 'one of SingleTenant, MultiTenant, UserAssignedMSI',
  TEAMS_ALLOW_UNAUTHENTICATED: 'true or false',
  PULSE_COMMENT_RETENTION_WEEKS: `a whole number of weeks from 1 to ${MAX_RETENTION_WEEKS} (ten years), e.g. 26`,
  PULSE_SECRET: '32 or more random characters, e.g. the output of: openssl rand -base64 32',
};

export const ConfigSchema = z
  .object({
    PORT: positiveInt(3000, 65535),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default('./data'),
    KNOWLEDGE_DIR: z.string().min(1).default('./knowledge'),
    DEFAULT_LANG: Lang.default('nb'),

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl(/^https?:\/\//, `${URL_CREDENTIALS}: put the key in OPENAI_API_KEY, not in the URL`),
    OPENAI_MODEL: z.string().min(1).default('gpt-4.1-mini'),
    OPENAI_EMBEDDINGS_MODEL: optionalString,
    EMBEDDINGS_BASE_URL: optionalUrl(/^https?:\/\//, `${URL_CREDENTIALS}: put the key in EMBEDDINGS_API_KEY, not in the URL`),
    EMBEDDINGS_API_KEY: optionalString,
    EMBEDDINGS_MODEL: optionalString,
    EMBEDDINGS_QUERY_PREFIX: optionalString,
    EMBEDDINGS_PASSAGE_PREFIX: optionalString,
    OPENAI_TIMEOUT_MS: positiveInt(15000, MAX_TIMER_MS),

    REDIS_URL: optionalUrl(/^rediss?:\/\//),
    REDIS_KEY_PREFIX: z.string().min(1).default('kompis:'),
    REDIS_SENTINELS: optionalString.pipe(z.string().regex(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/).optional()),
    REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),

    SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-').optional()),
    SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-').optional()),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_API_URL: optionalUrl(/^https?:\/\//, `${URL_CREDENTIALS}: Slack's tokens go in SLACK_BOT_TOKEN and SLACK_APP_TOKEN, not in the URL`),
    SLACK_CURATOR_CHANNEL: optionalString,
    /** Who, besides every team's leads, may read the curators' list: user ids (Slack U…, Teams Entra object ids), comma-separated. */
    CURATORS: optionalString,

    MICROSOFT_APP_ID: optionalString,
    MICROSOFT_APP_PASSWORD: optionalString,
    MICROSOFT_APP_TENANT_ID: optionalString,
    MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
    TEAMS_ALLOW_UNAUTHENTICATED: bool.default(false),

    GOALS_API_TOKEN: optionalString,
    PULSE_COMMENT_RETENTION_WEEKS: positiveInt(26, MAX_RETENTION_WEEKS),
    PULSE_SECRET: optionalString.pipe(z.string().min(32).optional()),
  })
  .superRefine((c, ctx) => {
    if (c.REDIS_SENTINELS && !c.REDIS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        // written without a URL holding an @: start-up errors pass through the redaction of passwords in URLs
        message: 'REDIS_SENTINELS needs REDIS_URL too, e.g. REDIS_URL=redis://any-host/0 (rediss:// for TLS, and a password before the host as in any Redis URL): its password, TLS and database are used for the primary the sentinels name, its host is not',
      });
    }
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events); set one of them from your Slack app settings',
      });
    }
    if ((c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET) && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'Slack needs SLACK_BOT_TOKEN (xoxb-…) from "OAuth & Permissions" in your Slack app settings',
      });
    }
    // OpenAI itself wants a key; a server of one's own, the embeddings' or the chat model's, may not
    if ((c.EMBEDDINGS_MODEL ?? c.OPENAI_EMBEDDINGS_MODEL) && !c.EMBEDDINGS_BASE_URL && !c.OPENAI_BASE_URL && !c.EMBEDDINGS_API_KEY && !c.OPENAI_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMBEDDINGS_MODEL'],
        message: 'embeddings need EMBEDDINGS_BASE_URL or OPENAI_BASE_URL (an OpenAI-compatible server such as Ollama or TEI) or an API key (EMBEDDINGS_API_KEY or OPENAI_API_KEY)',
      });
    }
    if (c.MICROSOFT_APP_ID && c.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !c.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'Teams needs MICROSOFT_APP_PASSWORD (the client secret of the app registration) unless MICROSOFT_APP_TYPE=UserAssignedMSI',
      });
    }
    if (c.MICROSOFT_APP_ID && c.MICROSOFT_APP_TYPE === 'SingleTenant' && !c.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_TENANT_ID'],
        message: 'a SingleTenant Teams app needs MICROSOFT_APP_TENANT_ID (the directory id of your Microsoft 365 tenant)',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema> & {
  /** Absolute paths, resolved against the working directory. */
  dataDir: string;
  knowledgeDir: string;
  /**
   * The chat model that writes answers, when one is set: with a key (OpenAI, Azure OpenAI, a hosted
   * server), or at OPENAI_BASE_URL without one (a server of the company's own: Ollama, LM Studio,
   * llama.cpp, vLLM). With neither, answers are extractive.
   */
  chat?: { model: string; baseURL?: string; apiKey?: string };
  /** Where embeddings come from, when a model is set: their own server and key, else the chat model's. */
  embeddings?: { model: string; baseURL?: string; apiKey?: string; prefixes: EmbeddingPrefixes };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Kompis cannot start: the configuration has ${problems.length === 1 ? 'a problem' : 'problems'}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Pure: reads only the given environment. Throws ConfigError naming every bad variable and its fix. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      const value = env[name];
      const hint = HINTS[name];
      const shown = value === undefined ? 'is missing' : `is "${redact(name, value)}"`;
      return issue.code === 'custom' ? `${name}: ${issue.message}` : `${name} ${shown}: expected ${hint ?? issue.message}`;
    });
    // a value failing two checks (not a URL, nor http) reads the same for both: said once
    throw new ConfigError([...new Set(problems)]);
  }
  const c = parsed.data;
  const model = c.EMBEDDINGS_MODEL ?? c.OPENAI_EMBEDDINGS_MODEL;
  const baseURL = c.EMBEDDINGS_BASE_URL ?? c.OPENAI_BASE_URL;
  // a separate embeddings server gets its own key or none, never the chat provider's
  const apiKey = c.EMBEDDINGS_BASE_URL ? c.EMBEDDINGS_API_KEY : (c.EMBEDDINGS_API_KEY ?? c.OPENAI_API_KEY);
  const prefixes = { query: c.EMBEDDINGS_QUERY_PREFIX ?? '', passage: c.EMBEDDINGS_PASSAGE_PREFIX ?? '' };
  const embeddings = model ? { model, ...(baseURL ? { baseURL } : {}), ...(apiKey ? { apiKey } : {}), prefixes } : undefined;
  // OpenAI itself wants a key; a server of one's own may not, and is asked without one
  const chat = c.OPENAI_API_KEY || c.OPENAI_BASE_URL ? { model: c.OPENAI_MODEL, ...(c.OPENAI_BASE_URL ? { baseURL: c.OPENAI_BASE_URL } : {}), ...(c.OPENAI_API_KEY ? { apiKey: c.OPENAI_API_KEY } : {}) } : undefined;
  return { ...c, dataDir: path.resolve(cwd, c.DATA_DIR), knowledgeDir: path.resolve(cwd, c.KNOWLEDGE_DIR), ...(chat ? { chat } : {}), ...(embeddings ? { embeddings } : {}) };
}

const SECRET = /(KEY|TOKEN|SECRET|PASSWORD)/;
/** A value as a start-up error may show it: never a secret, nor a password inside a URL (REDIS_URL, OPENAI_BASE_URL). */
function redact(name: string, value: string): string {
  if (SECRET.test(name)) return '***';
  const shown = /URL/.test(name) ? redactUrl(value) : redactUrls(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}…` : shown;
}
