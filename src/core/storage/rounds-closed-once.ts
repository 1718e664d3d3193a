import { KompisError } from '../errors';
import type { PulseRound, Snapshot } from './records';

/** A round as the store an import goes into holds it. */
export type HeldRound = Pick<PulseRound, 'id' | 'team' | 'week' | 'state'>;

/**
 * A pulse round closes once, and an import keeps it so. Brought back open with the key and sealed
 * answers a backup kept, a round would close again without the answers given after the backup, and
 * the two summaries would differ by exactly those answers. Before anything is written, an import is
 * refused when the backup holds open a round the store holds closed (that round, or the team's
 * round of the same week), or holds a key or sealed answers of a round it does not hold open (a
 * closed round keeps none). Returns the ids of the backup's rounds the store holds closed: the import
 * leaves them as they closed, results included.
 *
 * `held` gives the store's rounds for one of the backup's: the round of that id and, given a team
 * and week, the team's round of that week.
 */
export function roundsClosedHere(s: Snapshot, held: (r: { id: string; team?: string; week?: string }) => HeldRound[], where: string): Set<string> {
  const openInBackup = new Set(s.rounds.filter((r) => r.state === 'open').map((r) => r.id));
  const strays = s.roundSecrets.filter((sec) => !openInBackup.has(sec.roundId)).map((sec) => s.rounds.find((r) => r.id === sec.roundId) ?? { id: sec.roundId });
  if (strays.length > 0) {
    throw new KompisError(
      'bad_backup',
      `the backup holds the key and sealed answers of ${named(strays)}, which it does not hold open; nothing was imported. A closed pulse round keeps neither, so the file was changed after kompis export wrote it.`,
    );
  }
  const closed = new Set<string>();
  const reopened: PulseRound[] = [];
  for (const r of s.rounds) {
    const here = held(r);
    if (here.some((h) => h.id === r.id && h.state === 'closed')) closed.add(r.id);
    if (r.state === 'open' && here.some((h) => h.state === 'closed')) reopened.push(r);
  }
  // results of a round the backup does not list
  for (const res of s.results) if (!closed.has(res.roundId) && held({ id: res.roundId }).some((h) => h.id === res.roundId && h.state === 'closed')) closed.add(res.roundId);
  if (reopened.length > 0) {
    throw new KompisError(
      'round_closed',
      `${where} holds ${named(reopened)} closed, and the backup holds ${reopened.length === 1 ? 'it' : 'them'} open; nothing was imported. A pulse round closes once: brought back open, it would close again without the answers given after the backup was written, and the two summaries would tell those answers apart. Import an export written after the round closed, or leave the round out of the file (its entries in rounds, results and roundSecrets).`,
      { rounds: reopened.map((r) => r.id) },
    );
  }
  return closed;
}

function named(rounds: { id: string; team?: string; week?: string }[]): string {
  return rounds.map((r) => (r.team && r.week ? `the pulse round of ${r.team} for ${r.week} (${r.id})` : `the pulse round ${r.id}`)).join('; ');
}
