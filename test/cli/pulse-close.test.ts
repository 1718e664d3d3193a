import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_QUESTION_IDS } from '../../src/core/pulse/questions';
import { newRoundKey, wrappingKey } from '../../src/core/pulse/round-key';
import { sealAnswer } from '../../src/core/pulse/seal';
import { batchOf, respondentHash } from '../../src/core/pulse/service';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';
import { runCli } from './run-cli';

const DEPLOYMENT_SECRET = 'the deployment pulse secret, 32 characters or more';

/** A DATA_DIR as the running Kompis leaves it: a team whose open round holds three answers, its key wrapped under the deployment's pulse secret. */
async function openRoundWithAnswers(secret: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
  const store = openSqliteStore(dir);
  const at = new Date().toISOString();
  await store.teams.saveTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', tz: 'Europe/Oslo', lang: 'en', leads: ['ULEAD'], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 3, openHours: 72, paused: false }, updatedAt: at });
  const { key, wrapped } = newRoundKey(wrappingKey(secret));
  const round = await store.pulse.openRound({ team: 'slack:C1', week: '2026-W48', questionIds: ['workload'], opensAt: at, closesAt: new Date(Date.now() + 3_600_000).toISOString(), k: 3 }, wrapped);
  for (const u of ['U1', 'U2', 'U3']) await store.pulse.recordAnswer(round.id, respondentHash(key, round.id, u), sealAnswer(key, round, { scores: { workload: 4 } }));
  await store.close();
  return { dir, round };
}

describe('kompis pulse close', () => {
  it('an admin closes a team\'s open round: counted as at its time, the summary queued for the running Kompis to send', async () => {
    const { dir, round } = await openRoundWithAnswers(DEPLOYMENT_SECRET);
    fs.writeFileSync(path.join(dir, 'pulse-secret'), DEPLOYMENT_SECRET);

    expect(await runCli(['pulse', 'close'], { DATA_DIR: dir })).toMatchObject({ code: 1, err: expect.stringContaining('kompis pulse teams') });
    expect(await runCli(['pulse', 'teams'], { DATA_DIR: dir })).toMatchObject({ code: 0, out: 'slack:C1\n' });
    const closed = await runCli(['pulse', 'close', '--team', 'slack:C1'], { DATA_DIR: dir });
    expect(closed).toMatchObject({ code: 0, out: expect.stringContaining("Week 48's round closes now") });

    const after = openSqliteStore(dir);
    try {
      expect((await after.pulse.getRound(round.id))!.state).toBe('closed');
      expect(await after.pulse.results(round.id)).toEqual({ roundId: round.id, respondents: 3, counts: { workload: { '4': 3 } }, comments: [] });
      expect(await after.outbox.counts(batchOf(round.id, 'summary'))).toEqual({ pending: 1, sending: 0, sent: 0 });
      expect(await runCli(['pulse', 'close', '--team', 'slack:C1'], { DATA_DIR: dir })).toMatchObject({ code: 1, err: expect.stringContaining('no open round') });
    } finally {
      await after.close();
    }
  });

  it('refuses words it does not take with its usage line, exit 2, and closes nothing', async () => {
    const { dir, round } = await openRoundWithAnswers(DEPLOYMENT_SECRET);
    fs.writeFileSync(path.join(dir, 'pulse-secret'), DEPLOYMENT_SECRET);
    const usage = 'Use: kompis pulse close --team TEAM_ID (a team id such as slack:C0123456789; kompis pulse teams lists them)';
    expect(await runCli(['pulse', 'teams', 'extra', 'junk'], { DATA_DIR: dir })).toEqual({ code: 2, out: '', err: `kompis: pulse teams takes no other words ("extra junk")\n${usage}\n` });
    expect(await runCli(['pulse', 'close', '--team', 'slack:C1', 'now'], { DATA_DIR: dir })).toEqual({ code: 2, out: '', err: `kompis: pulse close takes no other words ("now")\n${usage}\n` });
    const store = openSqliteStore(dir);
    try {
      expect((await store.pulse.getRound(round.id))!.state).toBe('open');
    } finally {
      await store.close();
    }
  });

  it('run without the secret the round was opened with, counts and deletes nothing: the round stays open with its answers, and says why', async () => {
    const { dir, round } = await openRoundWithAnswers(DEPLOYMENT_SECRET);
    const sealedNow = async () => {
      const store = openSqliteStore(dir);
      try {
        return { state: (await store.pulse.getRound(round.id))!.state, sealed: (await store.pulse.sealedAnswers(round.id)).entries.length, counted: (await store.pulse.results(round.id))?.respondents };
      } finally {
        await store.close();
      }
    };
    // no PULSE_SECRET and no secret file of its own: a named error, and no secret file made
    expect(await runCli(['pulse', 'close', '--team', 'slack:C1'], { DATA_DIR: dir })).toMatchObject({ code: 1, err: expect.stringContaining('PULSE_SECRET') });
    expect(fs.existsSync(path.join(dir, 'pulse-secret'))).toBe(false);
    // another secret: the round is not closed, nothing is counted or lost
    const wrong = await runCli(['pulse', 'close', '--team', 'slack:C1'], { DATA_DIR: dir, PULSE_SECRET: 'another secret, of thirty-two characters or more' });
    expect(wrong).toMatchObject({ code: 1, err: expect.stringContaining('sealed under another pulse secret') });
    expect(await sealedNow()).toEqual({ state: 'open', sealed: 3, counted: 0 });
    // the secret it was opened with: closed, all three counted
    const right = await runCli(['pulse', 'close', '--team', 'slack:C1'], { DATA_DIR: dir, PULSE_SECRET: DEPLOYMENT_SECRET });
    expect(right).toMatchObject({ code: 0 });
    expect(await sealedNow()).toEqual({ state: 'closed', sealed: 0, counted: 3 });
  });
});
