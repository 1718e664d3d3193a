/**
 * Passwords kept out of what Kompis prints: a start-up error, a log line. URLs are redacted
 * whether well-formed or not (`redis//:pw@host`, `http://:pw@host`, `ftp://user:key@host`), and so
 * are secrets passed as query parameters.
 */

/** Every URL in `text` with whatever stands before its host's `@` (user, password) replaced by ***. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:?\/\/)\S*@/gi, '$1***@').replace(SECRET_PARAMETER, '$1***');
}

/**
 * A query parameter whose name says it carries a secret, wherever in the name: `api-key`,
 * `access_token`, `subscription-key` (Azure API Management), `code` (Azure Functions), `sig` (a
 * shared access signature), `password`.
 */
const SECRET_PARAMETER = /([?&][\w.-]*(?:password|passwd|pass|pwd|secret|token|key|sig|signature|code|auth|credential)[\w.-]*=)[^&\s"'<>]*/gi;

/** One value meant as a URL: also `user:pw@host` with no scheme at all. */
export function redactUrl(value: string): string {
  const redacted = redactUrls(value);
  return redacted.includes('@') && !redacted.includes('***@') ? redacted.replace(/^\S*@/, '***@') : redacted;
}
