import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { weekNumber } from '../../core/pulse/iso-week';
import { PulseService } from '../../core/pulse/service';
import { systemClock } from '../../core/ports';
import { loadPulseWrapping } from '../../pulse-secret';
import { openStore } from '../../stores/index';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';

const USAGE = 'Use: kompis pulse close --team TEAM_ID (a team id such as slack:C0123456789; kompis pulse teams lists them)';

/**
 * `kompis pulse close --team ID`: an admin closes a team's open round now, as at its time. This
 * process has no chat platform: the close is stored here and the running Kompis sends the summary.
 * `kompis pulse teams`: the teams with a pulse, and their ids.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { team: { type: 'string' } } });
  const [verb, ...extra] = positionals;
  if (verb !== 'close' && verb !== 'teams') {
    println(io.stderr, USAGE);
    return 2;
  }
  // `pulse close --team T now`: a word the command does not read would otherwise be taken as obeyed
  if (extra.length > 0) {
    println(io.stderr, `kompis: pulse ${verb} takes no other words ("${extra.join(' ')}")\n${USAGE}`);
    return 2;
  }
  const { config, logger } = cliContext(io);
  const store = await openStore(config, logger);
  try {
    const teams = (await store.teams.listTeams()).filter((t) => t.pulse);
    if (verb === 'teams') {
      for (const t of teams) println(io.stdout, `${t.id}  ${t.name ?? ''}`.trimEnd());
      return 0;
    }
    const team = teams.find((t) => t.id === values.team);
    if (!team) {
      println(io.stderr, `${values.team ? `No team with a pulse has the id "${values.team}".` : 'Name the team.'} ${USAGE}`);
      return 1;
    }
    const pulse = new PulseService({ wrapping: loadPulseWrapping(config, { create: false }), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats: {}, clock: systemClock, logger, owner: `cli-${randomUUID()}` });
    const open = (await store.pulse.listRounds(team.id, 3)).find((r) => r.state === 'open');
    const reply = await pulse.closeNow(team, undefined, 'en');
    // the close itself, here and now when no running Kompis holds the scheduler (it closes it otherwise)
    await pulse.tick();
    if (reply.tone === 'success' && open && (await store.pulse.listRounds(team.id, 3)).some((r) => r.id === open.id && r.state === 'open') && !(await pulse.canOpen(open.id))) {
      println(io.stderr, `Week ${weekNumber(open.week)}'s round is due to close, but its answers are sealed under another pulse secret than this process has: nothing was counted or deleted. The running Kompis closes it with its own secret; or run this again with its PULSE_SECRET.`);
      return 1;
    }
    println(reply.tone === 'success' ? io.stdout : io.stderr, reply.lines.join(' '));
    return reply.tone === 'success' ? 0 : 1;
  } finally {
    await store.close();
  }
}
