#!/usr/bin/env node
import { ConfigError } from '../config';
import { KompisError } from '../core/errors';
import * as ask from './commands/ask';
import * as chat from './commands/chat';
import * as evaluate from './commands/eval';
import * as exporter from './commands/export';
import * as importer from './commands/import';
import * as pulse from './commands/pulse';
import * as unanswered from './commands/unanswered';
import { println, type CliIo, type Command } from './io';
import { redactUrls } from '../core/redact';

const HELP = `kompis — the sustainability buddy for customer-service teams

Usage:
  kompis ask [--knowledge DIR] [--json] "question"   answer one question from the knowledge store
  kompis eval [--knowledge DIR] --questions FILE.jsonl [--json] [--min-recall1 X] [--min-abstain X]
                                                     measure search and abstention on a question set
  kompis eval [--knowledge DIR] --questions FILE.jsonl --calibrate [--max-false-abstain X] [--calibration-out FILE]
                                                     fit the store's own model, and measure it on questions it was not fitted on
  kompis chat [--knowledge DIR]                      chat in the terminal
  kompis export > backup.json                        write everything in the store as JSON
  kompis import [--replace] backup.json              load such a file into the configured store, when it holds nothing yet
                                                     (--replace: write it over what the store holds)
  kompis unanswered [--close ID]                     questions the store could not answer or only came close to, for curators
  kompis pulse close --team ID                       close a team's open pulse round now (kompis pulse teams: the ids)
  kompis help                                        this text

Settings come from the environment and .env (see .env.example).`;

const COMMANDS: Record<string, Command> = {
  ask: ask.run,
  eval: evaluate.run,
  chat: chat.run,
  export: exporter.run,
  import: importer.run,
  unanswered: unanswered.run,
  pulse: pulse.run,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    println(io.stdout, HELP);
    return name ? 0 : 2;
  }
  const run = COMMANDS[name];
  if (!run) {
    println(io.stderr, `kompis: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof KompisError) {
      println(io.stderr, `kompis: ${redactUrls(err.message)}`);
      return 1;
    }
    if (isParseArgsError(err)) {
      println(io.stderr, `kompis: ${err.message}\n\n${HELP}`);
      return 2;
    }
    throw err;
  }
}

/** node:util parseArgs errors carry an ERR_PARSE_ARGS_* code (checked by code: they may come from another realm). */
function isParseArgsError(err: unknown): err is Error {
  return typeof err === 'object' && err !== null && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

if (require.main === module) {
  // `kompis eval | head`: a reader that goes away early is not an error
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    process.loadEnvFile();
  } catch {
    // no .env: the environment alone is fine
  }
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(redactUrls(String((err as Error)?.stack ?? err)));
      process.exitCode = 1;
    },
  );
}
