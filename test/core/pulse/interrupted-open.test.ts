import { KompisError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/ports';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { batchOf, PulseService } from '../../../src/core/pulse/service';
import type { PulseStore, Store } from '../../../src/core/storage/ports';
import type { TeamRecord } from '../../../src/core/storage/records';
import { recordingSlack } from '../../helpers';
import { FACTORIES } from '../../stores/factories';

const AGENTS = ['UANNA', 'UBO', 'UCARL', 'UDINA', 'UEVA', 'UFRED'];
const IN_DOUBT =
  'My storage did not answer, so I cannot tell whether the round for week 48 was opened. Run /kompis pulse now again in a moment: it opens the round if it was not opened, or says it is open. Either way each member gets the check-in once.';

/**
 * The store fails the one call that opens the week's round, once: `lost`, it opened the round and its
 * answer never came back (Redis stalled past the command timeout, the connection dropped); `refused`,
 * it never ran it. Kompis cannot tell the two apart.
 */
function failingOnce(pulse: PulseStore, how: 'lost' | 'refused'): PulseStore {
  let failed = false;
  return {
    ...pulse,
    openRound: async (...args) => {
      if (failed) return pulse.openRound(...args);
      failed = true;
      if (how === 'lost') await pulse.openRound(...args);
      throw new KompisError('store_unavailable', 'the store did not answer in time');
    },
  };
}

async function world(store: Store, how: 'lost' | 'refused') {
  const { chats, sent } = recordingSlack(() => [...AGENTS, 'ULEAD'].map((id) => ({ id, name: id })));
  // Monday 23 November 2026, 10:00 in Oslo: week 48, no round due by schedule
  const clock = { now: () => new Date('2026-11-23T09:00:00Z') };
  const pulse = new PulseService({ wrapping: wrappingKey('interrupted open test secret'), pulse: failingOnce(store.pulse, how), teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
  const fresh: TeamRecord = { id: 'slack:CTEAM', platform: 'slack', channel: 'CTEAM', name: 'CTEAM', tz: 'Europe/Oslo', lang: 'en', leads: [], updatedAt: clock.now().toISOString() };
  await pulse.setup(fresh, 'ULEAD', { k: 5 }, 'en');
  const team = async () => (await store.teams.getTeam('slack:CTEAM'))!;
  const checkins = () => sent.filter((s) => s.message.kind === 'pulse-checkin' && !s.message.reminder).map((s) => s.to).sort();
  return { pulse, team, checkins };
}

describe.each(FACTORIES)('a pulse round whose opening the store does not answer, on $name', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.open();
  });
  afterEach(() => store.close());

  it('opened all the same: the lead is told it may be open, not that nothing was saved; pulse now again says it is open, and every member gets one check-in', async () => {
    const w = await world(store, 'lost');
    expect(await w.pulse.openNow(await w.team(), 'ULEAD', 'en')).toMatchObject({ tone: 'warning', lines: [IN_DOUBT] });
    const [round] = await store.pulse.listRounds('slack:CTEAM', 5);
    expect(round).toMatchObject({ week: '2026-W48', state: 'open', invited: AGENTS.length });

    expect((await w.pulse.openNow(await w.team(), 'ULEAD', 'en')).lines).toEqual(['Week 48 already has a round; it closes Thursday 26 November at 10:00.']);
    for (let i = 0; i < 3; i++) await w.pulse.tick();
    expect(w.checkins()).toEqual([...AGENTS].sort());
    expect(await store.outbox.counts(batchOf(round!.id, 'checkin'))).toEqual({ pending: 0, sending: 0, sent: AGENTS.length });
  });

  it('never opened: the lead is told the same, and pulse now again opens it, with one check-in to every member', async () => {
    const w = await world(store, 'refused');
    expect(await w.pulse.openNow(await w.team(), 'ULEAD', 'en')).toMatchObject({ tone: 'warning', lines: [IN_DOUBT] });
    expect(await store.pulse.listRounds('slack:CTEAM', 5)).toEqual([]);

    expect((await w.pulse.openNow(await w.team(), 'ULEAD', 'en')).lines).toEqual(['The round for week 48 is open: check-ins go to 6 members, closing Thursday 26 November at 10:00.']);
    for (let i = 0; i < 3; i++) await w.pulse.tick();
    expect(w.checkins()).toEqual([...AGENTS].sort());
  });

  it('says so in every language', async () => {
    for (const lang of ['nb', 'sv', 'da'] as const) {
      const fresh = await factory.open();
      try {
        const w = await world(fresh, 'lost');
        const said = await w.pulse.openNow(await w.team(), 'ULEAD', lang);
        expect(said.tone).toBe('warning');
        expect(said.lines[0]).toContain('48');
        expect(said.lines[0]).toContain('/kompis pulse now');
      } finally {
        await fresh.close();
      }
    }
  });
});
