import { println, type CliIo } from '../io';

/**
 * A command's arguments as `parse` (node:util's parseArgs, strict) reads them; a flag the command
 * does not know or one missing its value is refused with the command's usage line, and undefined
 * tells the command to stop with exit code 2.
 */
export function argsOrUsage<T>(io: CliIo, usage: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    // parseArgs's errors carry an ERR_PARSE_ARGS_* code (checked by code: they may come from another realm)
    if (!String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw err;
    println(io.stderr, `kompis: ${(err as Error).message}\n${usage}`);
    return undefined;
  }
}
