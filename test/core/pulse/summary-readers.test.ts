import { tPulse } from '../../../src/core/i18n/pulse-strings';
import { silentLogger } from '../../../src/core/ports';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { batchOf, PulseService } from '../../../src/core/pulse/service';
import type { PulseSummaryMessage } from '../../../src/core/messages';
import type { Store } from '../../../src/core/storage/ports';
import type { PulseRound, TeamRecord } from '../../../src/core/storage/records';
import { recordingSlack } from '../../helpers';
import { FACTORIES } from '../../stores/factories';

/** Two co-leads and two agents in one channel, K = 3: a lead's own answer in the summary would leave two to tell apart. */
const T = 'slack:CTEAM';
const MEMBERS = ['UANNA', 'UBO', 'UL1', 'UL2'];

async function world(store: Store, members = MEMBERS) {
  const clock = { t: new Date('2026-11-23T09:00:00Z'), now: () => clock.t };
  const { chats, sent } = recordingSlack(() => members.map((id) => ({ id, name: id })));
  const pulse = new PulseService({ wrapping: wrappingKey('summary readers test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
  const team = async () => (await store.teams.getTeam(T))!;
  const fresh: TeamRecord = { id: T, platform: 'slack', channel: 'CTEAM', name: 'CTEAM', tz: 'Europe/Oslo', lang: 'en', leads: [], updatedAt: clock.t.toISOString() };
  const leads = async (by: string, list: string[]) => pulse.setup((await store.teams.getTeam(T)) ?? fresh, by, { k: 3, leads: list }, 'en');
  const answer = async (round: PulseRound, who: string, score: number, lang: 'nb' | 'sv' | 'da' | 'en' = 'en') =>
    pulse.answer(round.id, { platform: 'slack', user: who }, Object.fromEntries(round.questionIds.map((q) => [q, q === 'enps' ? 2 * score : score])), undefined, lang);
  const summaryTo = (lead: string) => sent.find((s) => s.to === lead && s.message.kind === 'pulse-summary')?.message as PulseSummaryMessage | undefined;
  const summaries = () => sent.filter((s) => s.message.kind !== 'pulse-checkin').map((s) => s.to).sort();
  const checkins = (round: PulseRound, kind: 'checkin' | 'reminder') => sent.filter((s) => s.message.kind === 'pulse-checkin' && s.message.deliveryId === batchOf(round.id, kind)).map((s) => s.to).sort();
  return { clock, sent, pulse, team, leads, answer, summaries, summaryTo, checkins };
}

describe.each(FACTORIES)("a round's summary goes to the leads it opened with, on $name", (factory) => {
  let store: Store;
  afterEach(() => store.close());

  it('a co-lead who stepped out, was asked and answered, then was named lead again, gets neither the summary nor the results of that round', async () => {
    store = await factory.open();
    const w = await world(store);
    await w.leads('UL1', ['UL1', 'UL2']);
    await w.leads('UL1', ['UL2']); // L1 steps out
    await w.pulse.openNow(await w.team(), 'UL2', 'en');
    await w.pulse.tick();
    const round = (await store.pulse.listRounds(T, 1))[0]!;
    expect(w.checkins(round, 'checkin')).toEqual(['UANNA', 'UBO', 'UL1']);
    for (const [who, score] of [['UANNA', 2], ['UBO', 2], ['UL1', 5]] as const) expect((await w.answer(round, who, score)).tone).toBe('success');
    await w.leads('UL2', ['UL1', 'UL2']); // L2 puts L1 back before the close

    w.sent.length = 0;
    await w.pulse.closeNow(await w.team(), 'UL1', 'en');
    await w.pulse.tick();
    expect(w.summaries()).toEqual(['UL2']);
    expect(await store.outbox.counts(batchOf(round.id, 'summary'))).toMatchObject({ pending: 0, sending: 0, sent: 1 });
    expect(await w.pulse.results(await w.team(), 'UL2', 'en')).toMatchObject({ kind: 'pulse-summary', responseLine: '3 of 3 answered (100 %).' });
    for (const lang of ['nb', 'sv', 'da', 'en'] as const) {
      expect(await w.pulse.results(await w.team(), 'UL1', lang)).toEqual({ kind: 'notice', lang, tone: 'info', lines: [tPulse(lang, 'notReaderOfRound', { week: '48' })] });
    }
    expect(tPulse('en', 'notReaderOfRound', { week: '48' })).toMatch(/^Week 48's round opened while you were not a lead of the team, so its results are not shown to you/);

    // next week's round opens with L1 a lead again: L1 is not asked, and reads it
    w.clock.t = new Date('2026-11-30T09:00:00Z');
    await w.pulse.openNow(await w.team(), 'UL1', 'en');
    await w.pulse.tick();
    const week49 = (await store.pulse.listRounds(T, 1))[0]!;
    expect(week49.week).toBe('2026-W49');
    expect(week49.leadHashes).toHaveLength(2);
    // the round keeps its leads as keyed hashes: no user id is stored with a round
    expect(JSON.stringify((await store.exportAll()).rounds)).not.toMatch(/UL1|UL2|UANNA|UBO/);
    expect(w.checkins(week49, 'checkin')).toEqual(['UANNA', 'UBO']);
  });

  it('a lead when the round opened who steps out while it is open is not reminded and cannot answer it; a lead named while it is open gets the next summary, not this one', async () => {
    store = await factory.open();
    const w = await world(store);
    await w.leads('UL1', ['UL1']);
    await w.pulse.openNow(await w.team(), 'UL1', 'en');
    await w.pulse.tick();
    const round = (await store.pulse.listRounds(T, 1))[0]!;
    expect(w.checkins(round, 'checkin')).toEqual(['UANNA', 'UBO', 'UL2']);
    await w.leads('UL1', ['UL2']); // L1 steps out, L2 steps in

    for (const lang of ['nb', 'sv', 'da', 'en'] as const) {
      expect(await w.answer(round, 'UL1', 5, lang)).toMatchObject({ lang, tone: 'info', lines: [tPulse(lang, 'ledWhenOpened')] });
    }
    expect((await store.pulse.sealedAnswers(round.id)).entries).toEqual([]);
    for (const who of ['UANNA', 'UBO']) expect((await w.answer(round, who, 3)).tone).toBe('success');

    w.clock.t = new Date(Date.parse(round.remindAt!) + 30_000);
    await w.pulse.tick();
    // UL2 leads now; UL1 led when it opened: neither is reminded
    expect(w.checkins(round, 'reminder')).toEqual([]);
    expect(await store.outbox.counts(batchOf(round.id, 'reminder'))).toMatchObject({ sent: 2 });

    w.sent.length = 0;
    w.clock.t = new Date(Date.parse(round.closesAt) + 60_000);
    await w.pulse.tick();
    // L1 no longer leads, L2 did not when it opened (and answered nothing, but could have): nobody gets it
    expect(w.summaries()).toEqual([]);
    expect(await w.pulse.results(await w.team(), 'UL2', 'en')).toMatchObject({ kind: 'notice', lines: [tPulse('en', 'notReaderOfRound', { week: '48' })] });
  });

  it("a member named lead sees no earlier week in the trend that asked them: with their own answer in its mean, K - 1 others' would be left", async () => {
    store = await factory.open();
    const w = await world(store, [...MEMBERS, 'UCARL']);
    await w.leads('UL1', ['UL1']);
    // week 48: exactly K answer, UL2 among them
    await w.pulse.openNow(await w.team(), 'UL1', 'en');
    await w.pulse.tick();
    const week48 = (await store.pulse.listRounds(T, 1))[0]!;
    expect(w.checkins(week48, 'checkin')).toEqual(['UANNA', 'UBO', 'UCARL', 'UL2']);
    for (const [who, score] of [['UANNA', 2], ['UBO', 2], ['UL2', 5]] as const) expect((await w.answer(week48, who, score)).tone).toBe('success');
    await w.pulse.closeNow(await w.team(), 'UL1', 'en');
    await w.pulse.tick();
    expect(w.summaryTo('UL1')).toMatchObject({ responseLine: '3 of 4 answered (75 %).' });

    // UL2 is named lead; week 49 opens with both and asks the three others
    await w.leads('UL1', ['UL1', 'UL2']);
    w.clock.t = new Date('2026-11-30T09:00:00Z');
    await w.pulse.openNow(await w.team(), 'UL1', 'en');
    await w.pulse.tick();
    const week49 = (await store.pulse.listRounds(T, 1))[0]!;
    expect(w.checkins(week49, 'checkin')).toEqual(['UANNA', 'UBO', 'UCARL']);
    for (const who of ['UANNA', 'UBO', 'UCARL']) expect((await w.answer(week49, who, 4)).tone).toBe('success');
    w.sent.length = 0;
    await w.pulse.closeNow(await w.team(), 'UL1', 'en');
    await w.pulse.tick();
    expect(w.summaries()).toEqual(['UL1', 'UL2']);

    // UL1 led week 48 when it opened, was not asked in it, and sees it: 3.0 → 4.0
    const first = w.summaryTo('UL1')!;
    for (const q of first.questions.filter((x) => x.id !== 'enps')) expect(q).toMatchObject({ mean: 4, change: 1, trend: [3, 4] });
    // UL2 knows their own 5 in week 48's 3.0: the other two's mean, 2, would be theirs to read
    const second = w.summaryTo('UL2')!;
    for (const q of second.questions) {
      expect(q.trend).toHaveLength(1);
      expect(q.change).toBeUndefined();
    }
    expect({ ...second, questions: [] }).toEqual({ ...first, questions: [], comments: second.comments });
    // and so with results, in each language; UL1's results keep the trend
    for (const lang of ['nb', 'sv', 'da', 'en'] as const) {
      const again = await w.pulse.results(await w.team(), 'UL2', lang);
      expect(again.kind).toBe('pulse-summary');
      if (again.kind === 'pulse-summary') for (const q of again.questions) expect(q).toMatchObject({ trend: [q.mean] });
    }
    expect(await w.pulse.results(await w.team(), 'UL1', 'en')).toMatchObject({ questions: expect.arrayContaining([expect.objectContaining({ trend: [3, 4] })]) });
  });
});
