import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_QUESTION_IDS } from '../../src/core/pulse/questions';
import { sealAnswer } from '../../src/core/pulse/seal';
import { batchOf, respondentHash } from '../../src/core/pulse/service';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';
import { runCli } from './run-cli';

describe('kompis pulse close', () => {
  it('an admin closes a team\'s open round: counted as at its time, the summary queued for the running Kompis to send', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const store = openSqliteStore(dir);
    const at = new Date().toISOString();
    await store.teams.saveTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', tz: 'Europe/Oslo', lang: 'en', leads: ['ULEAD'], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 3, openHours: 72, paused: false }, updatedAt: at });
    const round = await store.pulse.openRound({ team: 'slack:C1', week: '2026-W48', questionIds: ['workload'], opensAt: at, closesAt: new Date(Date.now() + 3_600_000).toISOString(), k: 3 });
    const key = (await store.pulse.roundKey(round.id))!;
    for (const u of ['U1', 'U2', 'U3']) await store.pulse.recordAnswer(round.id, respondentHash(key, round.id, u), sealAnswer(key, round, { scores: { workload: 4 } }));
    await store.close();

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
});
