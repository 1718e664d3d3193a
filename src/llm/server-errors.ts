import OpenAI from 'openai';
import { redactUrls } from '../core/redact';

/** A header that carries a key, as a server's message may quote it: `api-key: …` (Azure), `x-api-key: …`, `Ocp-Apim-Subscription-Key: …`. */
const SECRET_HEADER = /\b((?:x-)?api-key|ocp-apim-subscription-key|x-auth-token)(\s*[:=]\s*["']?)[^\s"',]+/gi;

/** The longest reason a log line is given: a server's message can be a page of HTML, or its whole request echoed. */
const REASON_LENGTH = 300;

/**
 * Why a call failed, as the server said it (its status and error message: "404 model "llama3.1:8b"
 * not found", "400 Unsupported value: 'temperature' …"), or as the connection failed ("Connection
 * error. (connect ECONNREFUSED 127.0.0.1:11434)"), for the operator's log line. Never a key: none
 * for a refused key, whose message quotes it; elsewhere the key, a bearer token and a URL's password
 * or secret parameters written ***, and at most 300 characters.
 */
export function serverReason(err: unknown, apiKey: string | undefined): string | undefined {
  if (!(err instanceof Error)) return undefined;
  if (err instanceof OpenAI.APIError && (err.status === 401 || err.status === 403)) return undefined;
  const cause = innermostCause(err);
  const text = cause && cause !== err.message ? `${err.message} (${cause})` : err.message;
  // the key as written and as a URL writes it
  const keyed = apiKey ? text.split(apiKey).join('***').split(encodeURIComponent(apiKey)).join('***') : text;
  let said = redactUrls(keyed)
    .replace(/\b(Bearer|Basic|Token)(?:\s|%20)+[^\s"',]+/gi, '$1 ***')
    .replace(SECRET_HEADER, '$1$2***')
    .replace(/\bsk-[\w-]{8,}/g, 'sk-***');
  said = said.replace(/\s+/g, ' ').trim();
  return said.length > REASON_LENGTH ? `${said.slice(0, REASON_LENGTH - 1)}…` : said;
}

/**
 * What the error a connection failed with says at its root: fetch's "fetch failed" is caused by
 * "connect ECONNREFUSED …". Read by shape, not `instanceof`: fetch's errors are not of the realm's
 * Error class under a test runner.
 */
function innermostCause(err: Error): string | undefined {
  let at = err.cause as { message?: unknown; code?: unknown; cause?: unknown } | undefined;
  let said: string | undefined;
  for (let depth = 0; typeof at === 'object' && at !== null && depth < 4; depth++, at = at.cause as typeof at) {
    const words = typeof at.message === 'string' && at.message ? at.message : typeof at.code === 'string' ? at.code : undefined;
    if (words) said = words;
  }
  return said;
}

/**
 * Whether the server refused the request for its parameter `param`: a 400 (or 422, as servers built
 * on FastAPI refuse a request's fields) that names it. OpenAI and Azure say which parameter in the
 * error's `param` ('temperature', 'response_format'), and then only that one is meant; a server that
 * does not (llama.cpp, a proxy passing on only the message) names it in its message.
 */
export function refuses(err: unknown, param: string, named: RegExp): boolean {
  if (!(err instanceof OpenAI.APIError) || (err.status !== 400 && err.status !== 422)) return false;
  if (typeof err.param === 'string' && err.param !== '') return err.param === param || err.param.startsWith(`${param}.`);
  return named.test(err.message);
}
