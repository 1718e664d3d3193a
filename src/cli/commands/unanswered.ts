import { parseArgs } from 'node:util';
import { systemClock } from '../../core/ports';
import { openStore } from '../../stores/index';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';

/** `kompis unanswered [--close ID]`: the questions the store could not answer or only came close to, for curators. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { close: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const { config, logger } = cliContext(io);
  const store = await openStore(config, logger);
  try {
    if (values.close) {
      const closed = await store.curation.closeUnanswered(values.close, 'cli', systemClock.now().toISOString());
      println(closed ? io.stdout : io.stderr, closed ? `closed ${values.close}` : `no open question with id ${values.close}`);
      return closed ? 0 : 1;
    }
    const open = await store.curation.listOpenUnanswered(200);
    if (values.json) println(io.stdout, JSON.stringify(open));
    else if (open.length === 0) println(io.stdout, 'No open questions.');
    else for (const q of open) println(io.stdout, `${q.id}  ${q.askedAt.slice(0, 10)}  [${q.lang}]  ${q.question}${q.why ? `  (${q.why})` : ''}`);
    return 0;
  } finally {
    await store.close();
  }
}
