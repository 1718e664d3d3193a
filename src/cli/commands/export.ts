import { parseArgs } from 'node:util';
import { openStore } from '../../stores/index';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';
import { argsOrUsage } from './args';

const USAGE = 'Use: kompis export > backup.json (everything in the configured store, as JSON; it takes no other arguments)';

/** `kompis export > backup.json`: everything in the configured store, as one JSON document. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  // a flag this command does not have (--json, --team …) would otherwise be taken as obeyed
  const args = argsOrUsage(io, USAGE, () => parseArgs({ args: argv, strict: true, allowPositionals: false, options: { help: { type: 'boolean', short: 'h', default: false } } }));
  if (!args) return 2;
  if (args.values.help) {
    println(io.stdout, USAGE);
    return 0;
  }
  const { config, logger } = cliContext(io);
  const store = await openStore(config, logger);
  try {
    println(io.stdout, JSON.stringify(await store.exportAll(), null, 1));
    return 0;
  } finally {
    await store.close();
  }
}
