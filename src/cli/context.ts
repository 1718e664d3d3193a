import { loadConfig, type Config } from '../config';
import { KompisError } from '../core/errors';
import type { Logger } from '../core/ports';
import { createLogger } from '../logger';
import type { CliIo } from './io';

/** The configuration for a CLI command: the environment, then `--knowledge DIR` on top. Logs go to stderr, quietly. */
export function cliContext(io: CliIo, knowledge?: string): { config: Config; logger: Logger } {
  const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn', ...(io.env ?? process.env) };
  // `--knowledge ""` (an unset shell variable) names no folder: not the default one
  if (knowledge !== undefined && knowledge.trim() === '') throw new KompisError('usage', '--knowledge needs a folder: --knowledge DIR');
  if (knowledge !== undefined) env.KNOWLEDGE_DIR = knowledge;
  return { config: loadConfig(env), logger: createLogger(env.LOG_LEVEL ?? 'warn', 2) };
}
