import { parseArgs } from 'node:util';
import type { Config } from '../../config';
import { KompisError } from '../../core/errors';
import { weekNumber } from '../../core/pulse/iso-week';
import { redactUrl } from '../../core/redact';
import type { Holdings, Store } from '../../core/storage/ports';
import { Snapshot } from '../../core/storage/records';
import { openStore } from '../../stores/index';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';
import { readTextFile } from '../text-file';
import { argsOrUsage } from './args';

const USAGE = 'Use: kompis import [--replace] backup.json (the file written by kompis export; --replace writes it over a store that already holds data)';

/**
 * `kompis import backup.json`: loads an export into the configured store (SQLite or Redis), when
 * that store holds nothing yet. `--replace` writes it over what the store holds: each record of
 * the backup replaces the store's of the same id, newer or not, but a pulse round the store holds
 * closed, which stays as it closed (and a backup that holds it open is refused: a round closes once).
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = argsOrUsage(io, USAGE, () =>
    parseArgs({ args: argv, strict: true, allowPositionals: true, options: { replace: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }),
  );
  if (!args) return 2;
  if (args.values.help) {
    println(io.stdout, USAGE);
    return 0;
  }
  const [file, ...more] = args.positionals;
  if (!file || more.length > 0) {
    println(io.stderr, `kompis: import ${file ? 'takes one file' : 'needs the file written by kompis export'}\n${USAGE}`);
    return 2;
  }
  const text = readTextFile(file, 'the backup file');
  if (typeof text !== 'string') throw new KompisError('bad_backup', text.problem);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new KompisError('bad_backup', `${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  const parsed = Snapshot.safeParse(json);
  if (!parsed.success) throw new KompisError('bad_backup', `${file} is not a Kompis export: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const { config, logger } = cliContext(io);
  const store = await openStore(config, logger);
  try {
    if (!args.values.replace) {
      // a backup is older than what a store in use holds: written over it, a goal's later progress, a closed question or a closed round would go back
      const held = described(await store.holdings());
      if (held.length > 0) {
        throw new KompisError(
          'store_not_empty',
          `${whereIs(store, config)} already holds ${list(held)}; nothing was imported. To overwrite it with the backup, run: kompis import --replace ${file} (each goal, question, team and open pulse round in the backup replaces the store's of the same id, even where the store's is newer; a pulse round closed in the store stays as it closed; what the backup does not hold stays).`,
        );
      }
    }
    await store.importAll(parsed.data);
    const s = parsed.data;
    println(io.stderr, `imported into ${store.kind}: ${s.goals.length} goals, ${s.kudos.length} kudos, ${s.rounds.length} pulse rounds, ${s.unanswered.length} unanswered questions, ${s.feedback.length} feedback`);
    const open = s.rounds.filter((r) => r.state === 'open');
    // an open round's key is wrapped under the exporting Kompis's pulse secret, which no export holds
    if (open.length > 0) {
      println(
        io.stderr,
        `The backup holds ${open.length === 1 ? 'an open pulse round' : `${open.length} open pulse rounds`} (${open.map((r) => `${r.team}, week ${weekNumber(r.week)}`).join('; ')}): ${open.length === 1 ? 'its' : 'their'} answers open only with the pulse secret of the Kompis that exported it. Give every Kompis on this store that Kompis's PULSE_SECRET, or, if it had none, the content of its DATA_DIR/pulse-secret file, e.g. PULSE_SECRET="$(cat OLD_DATA_DIR/pulse-secret)". Under another secret the answers cannot be opened or counted, and the round stays open until a Kompis with that secret closes it.`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** What a store holds, as an admin would count it; empty for a store nothing has been written to. */
function described(h: Holdings): string[] {
  const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  return [
    ...count(h.goals, 'goal', 'goals'),
    ...count(h.kudos, 'kudos', 'kudos'),
    ...count(h.rounds, 'pulse round', 'pulse rounds'),
    ...count(h.teams, 'team', 'teams'),
    ...count(h.unanswered, "question on the curators' list", "questions on the curators' list"),
    ...count(h.feedback, 'answer feedback', 'answer feedback'),
    ...count(h.conversations + h.userTeams, 'record of channel bookkeeping', 'records of channel bookkeeping'),
  ];
}

function list(items: string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

function whereIs(store: Store, config: Config): string {
  return store.kind === 'redis' ? `Redis at ${redactUrl(config.REDIS_URL ?? '')} (prefix ${config.REDIS_KEY_PREFIX})` : `The SQLite store in ${config.dataDir}`;
}
