import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isoWeek } from '../../../src/core/pulse/iso-week';
import { applyPulseRetention } from '../../../src/core/pulse/retention';
import { silentLogger } from '../../../src/core/ports';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { fixedClock } from '../../helpers';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-22T23:59:00Z', '2026-W47'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2027-01-01T00:00:00Z', '2026-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
  ])('%s is in %s', (iso, week) => {
    expect(isoWeek(new Date(iso))).toBe(week);
  });
});

describe('pulse comment retention', () => {
  it('deletes comments older than the configured weeks, once across replicas', async () => {
    const store = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-ret-')));
    const at = '2026-01-01T00:00:00.000Z';
    const old = await store.pulse.openRound({ team: 'T', week: '2026-W10', questionIds: ['q'], opensAt: at, closesAt: at });
    const recent = await store.pulse.openRound({ team: 'T', week: '2026-W45', questionIds: ['q'], opensAt: at, closesAt: at });
    await store.pulse.closeRound(old.id, { respondents: 1, counts: { q: { '3': 1 } }, comments: ['old comment'] }, { entries: [], version: 0 });
    await store.pulse.closeRound(recent.id, { respondents: 1, counts: { q: { '3': 1 } }, comments: ['recent comment'] }, { entries: [], version: 0 });
    const deps = { pulse: store.pulse, locks: store.locks, clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger, owner: 'r1' };
    await store.locks.acquire('pulse-retention', 'r2', 60_000);
    expect(await applyPulseRetention(deps, 26)).toBeUndefined();
    await store.locks.release('pulse-retention', 'r2');
    expect(await applyPulseRetention(deps, 26)).toBe(1);
    expect((await store.pulse.results(old.id))!.comments).toEqual([]);
    expect((await store.pulse.results(recent.id))!.comments).toEqual(['recent comment']);
    await store.close();
  });
});
