import fs from 'node:fs';
import { KompisError } from '../../core/errors';
import { Snapshot } from '../../core/storage/records';
import { openStore } from '../../stores/index';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';

/** `kompis import backup.json`: loads an export into the configured store (SQLite or Redis). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const file = argv[0];
  if (!file) throw new KompisError('usage', 'import needs the file written by kompis export: kompis import backup.json');
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new KompisError('bad_backup', `${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  const parsed = Snapshot.safeParse(json);
  if (!parsed.success) throw new KompisError('bad_backup', `${file} is not a Kompis export: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const { config, logger } = cliContext(io);
  const store = await openStore(config, logger);
  try {
    await store.importAll(parsed.data);
    const s = parsed.data;
    println(io.stderr, `imported into ${store.kind}: ${s.goals.length} goals, ${s.kudos.length} kudos, ${s.rounds.length} pulse rounds, ${s.unanswered.length} unanswered questions, ${s.feedback.length} feedback`);
    return 0;
  } finally {
    await store.close();
  }
}
