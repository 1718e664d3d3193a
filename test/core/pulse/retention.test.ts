import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isoWeek } from '../../../src/core/pulse/iso-week';
import { applyPulseRetention } from '../../../src/core/pulse/retention';
import { silentLogger } from '../../../src/core/ports';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { fixedClock } from '../../helpers';
import { FACTORIES } from '../../stores/factories';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-22T23:59:00Z', '2026-W47'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2027-01-01T00:00:00Z', '2026-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['0493-09-13T20:00:00Z', '0493-W37'],
    ['0050-06-15T00:00:00Z', '0050-W24'],
  ])('%s is in %s', (iso, week) => {
    expect(isoWeek(new Date(iso))).toBe(week);
  });

  it('has no week for a date that is no date', () => {
    expect(() => isoWeek(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('pulse comment retention', () => {
  it('deletes comments older than the configured weeks, once across replicas', async () => {
    const store = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-ret-')));
    const at = '2026-01-01T00:00:00.000Z';
    const old = await store.pulse.openRound({ team: 'T', week: '2026-W10', questionIds: ['q'], opensAt: at, closesAt: at });
    const recent = await store.pulse.openRound({ team: 'T', week: '2026-W45', questionIds: ['q'], opensAt: at, closesAt: at });
    await store.pulse.closeRound(old.id, { respondents: 1, counts: { q: { '3': 1 } }, comments: ['old comment'] }, { entries: [], version: 0, answered: 0 });
    await store.pulse.closeRound(recent.id, { respondents: 1, counts: { q: { '3': 1 } }, comments: ['recent comment'] }, { entries: [], version: 0, answered: 0 });
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

describe.each(FACTORIES)('pulse comment retention of any length: $name', (factory) => {
  it('a retention reaching back before any round deletes nothing; a normal one still deletes old comments', async () => {
    const store = await factory.open();
    try {
      const at = '2026-01-01T00:00:00.000Z';
      const old = await store.pulse.openRound({ team: 'T', week: '2026-W10', questionIds: ['q'], opensAt: at, closesAt: at });
      const recent = await store.pulse.openRound({ team: 'T', week: '2026-W45', questionIds: ['q'], opensAt: at, closesAt: at });
      await store.pulse.closeRound(old.id, { respondents: 1, counts: { q: { '3': 1 } }, comments: ['old comment'] }, await store.pulse.sealedAnswers(old.id));
      await store.pulse.closeRound(recent.id, { respondents: 1, counts: { q: { '3': 1 } }, comments: ['recent comment'] }, await store.pulse.sealedAnswers(recent.id));
      const deps = { pulse: store.pulse, locks: store.locks, clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger, owner: 'r1' };
      // 80,000 weeks back is the year 493; 20,000,000 weeks back is before any date JavaScript has
      for (const weeks of [80_000, 20_000_000, Number.MAX_SAFE_INTEGER]) expect(await applyPulseRetention(deps, weeks)).toBe(0);
      expect((await store.pulse.results(old.id))!.comments).toEqual(['old comment']);
      expect((await store.pulse.results(recent.id))!.comments).toEqual(['recent comment']);
      expect(await applyPulseRetention(deps, 26)).toBe(1);
      expect((await store.pulse.results(old.id))!.comments).toEqual([]);
      expect((await store.pulse.results(recent.id))!.comments).toEqual(['recent comment']);
    } finally {
      await store.close();
    }
  });
});
