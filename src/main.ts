import { ConfigError, loadConfig, type Config } from './config';
import { KompisError } from './core/errors';
import { main as cli } from './cli/index';
import { createLogger } from './logger';

/**
 * The composition root: configuration, then the channels that have credentials. With none
 * configured, Kompis opens the console chat so it can be tried with no account anywhere.
 */
export async function start(env: Record<string, string | undefined>): Promise<number> {
  const config: Config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const platforms = [config.SLACK_BOT_TOKEN && 'slack', config.MICROSOFT_APP_ID && 'teams'].filter(Boolean);
  if (platforms.length === 0) {
    logger.info({}, 'no Slack or Teams credentials set: starting the console chat');
    return cli(['chat'], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: { LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, ...env } });
  }
  throw new KompisError('channel_unavailable', `The ${platforms.join(' and ')} channel is not part of this build yet; unset its credentials to use the console chat.`);
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
      // start-up errors are for the person at the terminal: the message names the fix
      const known = err instanceof ConfigError || err instanceof KompisError;
      process.stderr.write(`${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`);
      process.exitCode = 1;
    },
  );
}
