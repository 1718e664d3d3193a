import type { Logger } from '../../src/core/ports';

export interface LogLine {
  level: string;
  obj: object;
  msg?: string;
}

/** A Logger that keeps every line, so a test can count them and check that nothing secret is in them. */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
  const logger = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}
