import { webApi } from '@slack/bolt';

/**
 * A short, loggable name for what went wrong in a Slack API call ('rate_limited', 'http_500',
 * 'channel_not_found', ...), or undefined when the error did not come from the Slack client.
 * Never includes the request, which carries the token.
 */
export function slackErrorKind(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const e = err as { code: unknown; data?: { error?: unknown }; statusCode?: unknown };
  switch (e.code) {
    case webApi.ErrorCode.PlatformError:
      return String(e.data?.error ?? 'platform_error');
    case webApi.ErrorCode.RateLimitedError:
      return 'rate_limited';
    case webApi.ErrorCode.HTTPError:
      return `http_${String(e.statusCode)}`;
    case webApi.ErrorCode.RequestError:
      return 'request_error';
    default:
      return undefined;
  }
}

/**
 * True when Slack answered and did not do what was asked: a platform error (`message_not_found`,
 * `msg_too_long`, ...) or a rate limit the client gave up on. Unlike a lost connection or a 5xx,
 * the call is then known not to have taken effect.
 */
export function slackRefused(err: unknown): boolean {
  const kind = slackErrorKind(err);
  return kind !== undefined && kind !== 'request_error' && !kind.startsWith('http_');
}

/** The fields of an error worth a log line: no stack of request options, no token. */
export function describeError(err: unknown): Record<string, unknown> {
  const kind = slackErrorKind(err);
  if (err instanceof Error) return { error: err.name, message: err.message.slice(0, 300), ...(kind ? { slack: kind } : {}) };
  return { error: String(err).slice(0, 300) };
}
