import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports';

/**
 * Bolt and its clients log through Kompis's one logger. Their debug output includes request
 * bodies, so it stays at debug; pino's redaction still applies to any object logged.
 */
export function boltLogger(logger: Logger, level: LogLevel = LogLevel.WARN): BoltLogger {
  let current = level;
  let name = 'bolt';
  const line = (msgs: unknown[]) => msgs.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : safeString(m))).join(' ');
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const on = (l: LogLevel) => order.indexOf(l) >= order.indexOf(current);
  return {
    debug: (...m: unknown[]) => on(LogLevel.DEBUG) && logger.debug({ component: name }, line(m)),
    info: (...m: unknown[]) => on(LogLevel.INFO) && logger.info({ component: name }, line(m)),
    warn: (...m: unknown[]) => on(LogLevel.WARN) && logger.warn({ component: name }, line(m)),
    error: (...m: unknown[]) => on(LogLevel.ERROR) && logger.error({ component: name }, line(m)),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n: string) => {
      name = n;
    },
  };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value)?.replace(/xox[abpe]-[\w-]+|xapp-[\w-]+/g, '[redacted]') ?? String(value);
  } catch {
    return String(value); // a circular object: its tag is enough for a log line
  }
}
