import { silentLogger } from '../../../src/core/ports';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { batchOf, PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import { recordingSlack } from '../../helpers';
import { FACTORIES } from '../../stores/factories';

const TEAM = 'slack:CREMIND';
const MEMBERS = ['UKARI', 'UOLA', 'UPER', 'ULISE', 'UNILS', 'UEVA'];

describe.each(FACTORIES)('the reminder of an open round, on $name', (factory) => {
  let store: Store;
  afterEach(() => store.close());

  it('is queued for every member, so the store cannot tell who answered; only those who have not answered get it', async () => {
    store = await factory.open();
    const clock = { t: new Date('2026-11-27T12:00:30Z'), now: () => clock.t };
    const { chats, sent } = recordingSlack(() => MEMBERS.map((id) => ({ id, name: id })));
    await store.teams.saveTeam({ id: TEAM, platform: 'slack', channel: 'CREMIND', tz: 'Europe/Oslo', lang: 'en', leads: ['ULEAD'], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
    const pulse = new PulseService({ wrapping: wrappingKey('reminder test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
    await pulse.tick();
    const round = (await store.pulse.listRounds(TEAM, 1))[0]!;
    expect(sent.map((s) => s.to).sort()).toEqual([...MEMBERS].sort());
    for (const who of ['UKARI', 'UPER']) await pulse.answer(round.id, { platform: 'slack', user: who }, Object.fromEntries(round.questionIds.map((q) => [q, 4])), undefined, 'en');

    // the reminder is due: the four who have not answered are reminded, and the queue ends alike for all six
    sent.length = 0;
    clock.t = new Date(Date.parse(round.remindAt!) + 30_000);
    await pulse.tick();
    expect(sent.map((s) => s.to).sort()).toEqual(['UEVA', 'ULISE', 'UNILS', 'UOLA']);
    expect(await store.outbox.counts(batchOf(round.id, 'reminder'))).toEqual({ pending: 0, sending: 0, sent: 6 });
  });
});
