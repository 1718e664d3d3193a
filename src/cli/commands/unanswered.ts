import { parseArgs } from 'node:util';
import { systemClock } from '../../core/ports';
import { openStore } from '../../stores/index';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';
import { argsOrUsage } from './args';

const USAGE = 'Use: kompis unanswered [--json] lists the open questions; kompis unanswered --close ID closes one (its ID is the first word of its line)';

/** `kompis unanswered [--close ID]`: the questions the store could not answer or only came close to, for curators. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = argsOrUsage(io, USAGE, () => parseArgs({ args: argv, strict: true, options: { close: { type: 'string' }, json: { type: 'boolean', default: false } } }));
  if (!args) return 2;
  const { values } = args;
  const id = values.close?.trim();
  // `--close ""` (an unset shell variable) names no question: not a request for the list
  if (id === '') {
    println(io.stderr, `kompis: --close needs the ID of the question to close\n${USAGE}`);
    return 2;
  }
  const { config, logger } = cliContext(io);
  const store = await openStore(config, logger);
  try {
    if (id !== undefined) {
      const closed = await store.curation.closeUnanswered(id, 'cli', systemClock.now().toISOString());
      println(closed ? io.stdout : io.stderr, closed ? `closed ${id}` : `no open question with id ${id}`);
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
