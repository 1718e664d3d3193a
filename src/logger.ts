import pino from 'pino';
import type { Logger } from './core/ports';

/**
 * The one logger. Secrets are redacted by key wherever they appear; pulse answers are never passed
 * to it in the first place.
 */
export function createLogger(level: string, destination: pino.DestinationStream | number = 2): Logger {
  return pino(
    {
      level,
      base: { app: 'kompis' },
      redact: {
        paths: ['*.token', '*.apiKey', '*.password', '*.secret', '*.authorization', '*.headers.authorization', 'token', 'apiKey', 'password', 'secret', 'authorization'],
        censor: '[redacted]',
      },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}
