import pino from 'pino';
import type { Logger } from './core/ports';
import { redactUrls } from './core/redact';

/**
 * The one logger. Secrets are redacted by key wherever they appear, and passwords in URLs by shape; pulse answers are never passed
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
      // a password inside a URL (an error naming its Redis or model endpoint) is redacted by its shape
      formatters: { log: (obj) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeof v === 'string' ? redactUrls(v) : v])) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactUrls(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}
