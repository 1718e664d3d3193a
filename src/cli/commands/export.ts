import { openStore } from '../../stores/index';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';

/** `kompis export > backup.json`: everything in the configured store, as one JSON document. */
export async function run(_argv: string[], io: CliIo): Promise<number> {
  const { config, logger } = cliContext(io);
  const store = await openStore(config, logger);
  try {
    println(io.stdout, JSON.stringify(await store.exportAll(), null, 1));
    return 0;
  } finally {
    await store.close();
  }
}
