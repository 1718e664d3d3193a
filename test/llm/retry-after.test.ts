import OpenAI from 'openai';
import { retryAfterMs } from '../../src/llm/openai-llm';

const unavailable = (headers: Record<string, string>) => new OpenAI.APIError(503, undefined, 'unavailable', new Headers(headers));

describe('how long a server that is down is let be before the one retry', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  it('waits half a second when the server names no time, as the openai client does', () => {
    expect(retryAfterMs(unavailable({}), now)).toBe(500);
    expect(retryAfterMs(new Error('socket hang up'), now)).toBe(500);
  });

  it('reads Retry-After in seconds, and retry-after-ms before it', () => {
    expect(retryAfterMs(unavailable({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(unavailable({ 'retry-after': '0' }), now)).toBe(0);
    expect(retryAfterMs(unavailable({ 'retry-after-ms': '250', 'retry-after': '2' }), now)).toBe(250);
  });

  it('reads Retry-After written as a date, and a date gone by as no wait', () => {
    expect(retryAfterMs(unavailable({ 'retry-after': 'Sun, 06 Dec 2026 12:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(unavailable({ 'retry-after': 'Sun, 06 Dec 2026 11:59:00 GMT' }), now)).toBe(0);
  });

  it('waits at most ten seconds, and half a second for what it cannot read', () => {
    expect(retryAfterMs(unavailable({ 'retry-after': '3600' }), now)).toBe(10_000);
    expect(retryAfterMs(unavailable({ 'retry-after': 'soon' }), now)).toBe(500);
    expect(retryAfterMs(unavailable({ 'retry-after': '-5' }), now)).toBe(500);
  });
});
