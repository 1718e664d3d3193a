import { loadConfig, type Config } from '../config';
import { KompisError } from '../core/errors';
import { type Lang, langFromLocale } from '../core/lang';
import type { Logger } from '../core/ports';
import { createLogger } from '../logger';
import type { CliIo } from './io';

/**
 * The configuration for a CLI command: the environment, then `--knowledge DIR` on top. Logs go to
 * stderr, quietly. The terminal's language (LC_ALL, LC_MESSAGES, then LANG, as POSIX reads them) is
 * the asker's, as a chat client's locale is: a hint to the language of a question.
 */
export function cliContext(io: CliIo, knowledge?: string): { config: Config; logger: Logger; lang: Lang | undefined } {
  const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn', ...(io.env ?? process.env) };
  // `--knowledge ""` (an unset shell variable) names no folder: not the default one
  if (knowledge !== undefined && knowledge.trim() === '') throw new KompisError('usage', '--knowledge needs a folder: --knowledge DIR');
  if (knowledge !== undefined) env.KNOWLEDGE_DIR = knowledge;
  const lang = langFromLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
  return { config: loadConfig(env), logger: createLogger(env.LOG_LEVEL ?? 'warn', 2), lang };
}
