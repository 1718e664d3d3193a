import { tPulse } from '../../../src/core/i18n/pulse-strings';
import { silentLogger } from '../../../src/core/ports';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { batchOf, PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import type { PulseRound, TeamRecord } from '../../../src/core/storage/records';
import { recordingSlack } from '../../helpers';
import { FACTORIES } from '../../stores/factories';

/**
 * A team, and a second channel a lead set up with the same people but one: were everyone asked in
 * both the same week, the two summaries set against each other would give that one's answers.
 */
const TEAM = ['UANNA', 'UBO', 'UCARL', 'UDINA', 'UEVA', 'UFRED'];
const CHANNELS: Record<string, string[]> = { CTEAM: [...TEAM, 'ULEAD'], CSUB: [...TEAM.filter((m) => m !== 'UFRED'), 'ULEAD'] };

async function world(store: Store, at: string, channels: Record<string, string[]> = CHANNELS) {
  const clock = { t: new Date(at), now: () => clock.t };
  const { chats, sent } = recordingSlack((channel) => (channels[channel] ?? []).map((id) => ({ id, name: id })));
  const pulse = new PulseService({ wrapping: wrappingKey('once a week test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
  const team = async (channel: string) => (await store.teams.getTeam(`slack:${channel}`))!;
  /** Sets the channel's pulse up as ULEAD, with any other setup given. */
  const setup = async (channel: string, extra: { tz?: string; day?: number; time?: string } = {}) => {
    const existing = await store.teams.getTeam(`slack:${channel}`);
    const fresh: TeamRecord = { id: `slack:${channel}`, platform: 'slack', channel, name: channel, tz: 'Europe/Oslo', lang: 'en', leads: [], updatedAt: clock.t.toISOString() };
    return pulse.setup(existing ?? fresh, 'ULEAD', { k: 5, ...extra }, 'en');
  };
  const checkins = (round: PulseRound, kind: 'checkin' | 'reminder' = 'checkin') =>
    sent.filter((s) => s.message.kind === 'pulse-checkin' && s.message.deliveryId === batchOf(round.id, kind)).map((s) => s.to).sort();
  const roundOf = async (channel: string) => (await store.pulse.listRounds(`slack:${channel}`, 5))[0];
  return { clock, sent, pulse, team, setup, checkins, roundOf };
}

describe.each(FACTORIES)('a person is asked once a week, whatever team asks, on $name', (factory) => {
  let store: Store;
  afterEach(() => store.close());

  it('a second channel of the same people opened the same week asks nobody, and its lead is told why', async () => {
    store = await factory.open();
    const w = await world(store, '2026-11-23T09:00:00Z');
    await w.setup('CTEAM');
    await w.setup('CSUB');
    expect((await w.pulse.openNow(await w.team('CTEAM'), 'ULEAD', 'en')).tone).toBe('success');
    const refused = await w.pulse.openNow(await w.team('CSUB'), 'ULEAD', 'en');
    expect(refused).toMatchObject({ tone: 'info', lines: ["No round for week 48: everyone in the team's channel has already been asked this week in another team's pulse. Each person is asked once a week, so nobody can be singled out by setting two summaries against each other. The next round opens Friday 4 December at 13:00."] });
    for (const lang of ['nb', 'sv', 'da'] as const) expect((await w.pulse.openNow(await w.team('CSUB'), 'ULEAD', lang)).lines[0]).toContain(tPulse(lang, 'allAskedElsewhere', { week: '48', next: '' }).slice(0, 12));
    await w.pulse.tick();
    expect(await w.roundOf('CSUB')).toBeUndefined();
    const round = (await w.roundOf('CTEAM'))!;
    expect(w.checkins(round)).toEqual([...TEAM].sort());
    expect(w.sent.map((s) => s.to).sort()).toEqual([...TEAM].sort());

    // the scheduler's own time for the second channel that week opens nothing either
    w.clock.t = new Date('2026-11-27T12:00:30Z');
    await w.pulse.tick();
    expect(await w.roundOf('CSUB')).toBeUndefined();
    expect(w.sent.filter((s) => s.message.kind === 'pulse-checkin')).toHaveLength(TEAM.length);

    // next week the second channel's schedule comes first and takes its five; the team's own round asks the one left
    w.clock.t = new Date('2026-12-04T12:00:30Z');
    await w.pulse.tick();
    const [nextTeam, nextSub] = [(await w.roundOf('CTEAM'))!, (await w.roundOf('CSUB'))!];
    expect([nextTeam.week, nextSub.week]).toEqual(['2026-W49', '2026-W49']);
    expect(w.checkins(nextSub)).toEqual(CHANNELS.CSUB!.filter((m) => m !== 'ULEAD').sort());
    expect(w.checkins(nextTeam)).toEqual(['UFRED']);
    expect(nextTeam.invited).toBe(1);
  });

  it('the smaller channel opened first: the team round asks only the one left out, the lead learns how many were asked elsewhere, and reminders follow whom each round asked', async () => {
    store = await factory.open();
    const w = await world(store, '2026-11-23T09:00:00Z');
    await w.setup('CSUB');
    await w.setup('CTEAM');
    expect((await w.pulse.openNow(await w.team('CSUB'), 'ULEAD', 'en')).lines).toEqual(['The round for week 48 is open: check-ins go to 5 members, closing Thursday 26 November at 10:00.']);
    expect((await w.pulse.openNow(await w.team('CTEAM'), 'ULEAD', 'en')).lines).toEqual([
      'The round for week 48 is open: check-ins go to 1 member, closing Thursday 26 November at 10:00.',
      "5 members are left out: already asked this week in another team's pulse (each person is asked once a week).",
    ]);
    await w.pulse.tick();
    const [sub, team] = [(await w.roundOf('CSUB'))!, (await w.roundOf('CTEAM'))!];
    expect(w.checkins(team)).toEqual(['UFRED']);
    expect(w.checkins(sub)).toHaveLength(5);

    w.clock.t = new Date(Date.parse(team.remindAt!) + 30_000);
    await w.pulse.tick();
    expect(w.checkins(team, 'reminder')).toEqual(['UFRED']);
    expect(w.checkins(sub, 'reminder')).toEqual(CHANNELS.CSUB!.filter((m) => m !== 'ULEAD').sort());
    // each person got one check-in and one reminder that week, of one round
    const per = new Map<string, number>();
    for (const s of w.sent) per.set(s.to, (per.get(s.to) ?? 0) + 1);
    expect([...per.values()]).toEqual(TEAM.map(() => 2));
  });

  it("a team's time zone does not change to one in another week while the team has had rounds: no second round in the same days", async () => {
    store = await factory.open();
    // Sunday 12:30 in Pago Pago (week 48) is Monday 00:30 in Oslo (week 49)
    const w = await world(store, '2026-11-29T23:30:00Z', { CTEAM: [...TEAM, 'ULEAD'] });
    await w.setup('CTEAM', { tz: 'Pacific/Pago_Pago' });
    expect((await w.pulse.openNow(await w.team('CTEAM'), 'ULEAD', 'en')).tone).toBe('success');
    const moved = await w.setup('CTEAM', { tz: 'Europe/Oslo' });
    expect(moved).toMatchObject({ tone: 'warning', lines: ['Nothing was saved: it is week 48 in Pacific/Pago_Pago and week 49 in Europe/Oslo. A team has one round a week, so its time zone changes only while both are in the same week. Try again from Monday 30 November at 00:00 (Pacific/Pago_Pago).'] });
    for (const lang of ['nb', 'sv', 'da'] as const) expect((await w.pulse.setup(await w.team('CTEAM'), 'ULEAD', { tz: 'Europe/Oslo' }, lang)).lines[0]).toMatch(/Pacific\/Pago_Pago.*48.*Europe\/Oslo.*49/);
    expect((await w.team('CTEAM')).tz).toBe('Pacific/Pago_Pago');
    expect((await w.pulse.openNow(await w.team('CTEAM'), 'ULEAD', 'en')).lines[0]).toMatch(/^Week 48 already has a round/);
    await w.pulse.tick();
    expect(await store.pulse.listRounds('slack:CTEAM', 5)).toHaveLength(1);

    // once Pago Pago is in week 49 too, the zone changes, and week 49 is a week on
    w.clock.t = new Date('2026-11-30T11:00:00Z');
    expect((await w.setup('CTEAM', { tz: 'Europe/Oslo' })).tone).toBe('success');
    expect((await w.team('CTEAM')).tz).toBe('Europe/Oslo');

    // a team with no round yet sets any zone up at any time
    w.clock.t = new Date('2026-12-06T23:30:00Z');
    expect((await w.setup('CNEW', { tz: 'Pacific/Pago_Pago' })).tone).toBe('success');
    expect((await w.setup('CNEW', { tz: 'Pacific/Kiritimati' })).tone).toBe('success');
  });

  it('only those a round asked answer it: not a member another team asked that week, not one who joined after it opened, whatever round id they send', async () => {
    store = await factory.open();
    const channels = { CTEAM: [...TEAM, 'ULEAD'], CSUB: ['UANNA', 'UBO', 'UCARL', 'UGRO', 'ULEAD'] };
    const w = await world(store, '2026-11-23T09:00:00Z', channels);
    await w.setup('CTEAM');
    await w.setup('CSUB');
    await w.pulse.openNow(await w.team('CTEAM'), 'ULEAD', 'en');
    await w.pulse.openNow(await w.team('CSUB'), 'ULEAD', 'en');
    await w.pulse.tick();
    const [team, sub] = [(await w.roundOf('CTEAM'))!, (await w.roundOf('CSUB'))!];
    expect(w.checkins(sub)).toEqual(['UGRO']);
    const answer = (round: PulseRound, user: string) => w.pulse.answer(round.id, { platform: 'slack', user }, Object.fromEntries(round.questionIds.map((q) => [q, 3])), undefined, 'en');
    // UANNA was asked by the team's round: a submit naming the other round is refused and counts nowhere
    expect(await answer(sub, 'UANNA')).toMatchObject({ tone: 'info', lines: [tPulse('en', 'notAsked')] });
    // UGRO was asked by the other round only; UZED joined the team's channel after its round opened
    expect(await answer(team, 'UGRO')).toMatchObject({ tone: 'info', lines: [tPulse('en', 'notAsked')] });
    expect(await answer(team, 'UZED')).toMatchObject({ tone: 'info', lines: [tPulse('en', 'notAsked')] });
    // those each round asked answer it
    expect((await answer(team, 'UANNA')).tone).toBe('success');
    expect((await answer(sub, 'UGRO')).tone).toBe('success');
    const respondents = async (round: PulseRound) => (await store.pulse.sealedAnswers(round.id)).entries.length;
    expect([await respondents(team), await respondents(sub)]).toEqual([1, 1]);
  });

  it('whom the week\'s rounds asked moves with an export, and an open round that marked no one marks whom it asks before another round that week opens', async () => {
    store = await factory.open();
    const channels = { CTEAM: [...TEAM, 'ULEAD'], CSUB: ['UANNA', 'UBO', 'UGRO', 'ULEAD'] };
    const before = await world(store, '2026-11-23T09:00:00Z', channels);
    await before.setup('CTEAM');
    await before.setup('CSUB', { day: 2 });
    await before.pulse.openNow(await before.team('CTEAM'), 'ULEAD', 'en');
    const snapshot = await store.exportAll();
    expect(snapshot.asked).toHaveLength(TEAM.length);
    const answerIn = async (w: Awaited<ReturnType<typeof world>>, channel: string, user: string) => {
      const round = (await w.roundOf(channel))!;
      return (await w.pulse.answer(round.id, { platform: 'slack', user }, Object.fromEntries(round.questionIds.map((q) => [q, 3])), undefined, 'en')).tone;
    };

    // moved with its marks, and without them (a backup of a store that kept none: the open round marks
    // its members on the next pass): either way the other channel's round, opening later that week,
    // asks only the one the team's did not, and hears only that one
    for (const moving of [snapshot, { ...snapshot, asked: [] }]) {
      const moved = await factory.open();
      try {
        await moved.importAll(moving);
        const after = await world(moved, '2026-11-24T12:00:30Z', channels);
        await after.pulse.tick();
        expect(after.checkins((await after.roundOf('CSUB'))!)).toEqual(['UGRO']);
        expect(await answerIn(after, 'CTEAM', 'UANNA')).toBe('success');
        expect(await answerIn(after, 'CSUB', 'UBO')).toBe('info');
      } finally {
        await moved.close();
      }
    }
  });
});
