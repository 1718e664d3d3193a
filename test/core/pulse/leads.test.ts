import { tPulse } from '../../../src/core/i18n/pulse-strings';
import { silentLogger } from '../../../src/core/ports';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { batchOf, PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import type { PulseRound } from '../../../src/core/storage/records';
import { recordingSlack } from '../../helpers';
import { FACTORIES } from '../../stores/factories';

/**
 * Two teams whose leads sit in their own channel, and each in the other team's as an agent: Kari
 * leads A and works in B, Nils leads B and works in A. And a channel of none but its lead.
 */
const TEAMS = [
  { id: 'slack:CTEAMA', channel: 'CTEAMA', leads: ['UKARI'], people: ['UKARI', 'UOLA', 'UPER', 'ULISE', 'UNILS'] },
  { id: 'slack:CTEAMB', channel: 'CTEAMB', leads: ['UNILS'], people: ['UNILS', 'UEVA', 'UKARI'] },
  { id: 'slack:CLEADS', channel: 'CLEADS', leads: ['UKARI'], people: ['UKARI'] },
];
const [A, B, C] = TEAMS as [(typeof TEAMS)[number], (typeof TEAMS)[number], (typeof TEAMS)[number]];

async function world(store: Store, pulseOf: { k: number; commentK?: number } = { k: 3 }) {
  const clock = { t: new Date('2026-11-27T12:00:30Z'), now: () => clock.t }; // Friday 13:00:30 in Oslo: the rounds open
  const { chats, sent } = recordingSlack((channel) => (TEAMS.find((t) => t.channel === channel)?.people ?? []).map((id) => ({ id, name: id.slice(1).toLowerCase() })));
  for (const t of TEAMS) {
    await store.teams.saveTeam({ id: t.id, platform: 'slack', channel: t.channel, tz: 'Europe/Oslo', lang: 'en', leads: t.leads, pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], ...pulseOf, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
  }
  const pulse = new PulseService({ wrapping: wrappingKey('leads test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
  await pulse.tick();
  const roundOf = async (team: { id: string }) => (await store.pulse.listRounds(team.id, 1))[0]!;
  /** Who got a message of `kind` for the round, sorted. */
  const to = (round: PulseRound, kind: 'checkin' | 'reminder') =>
    sent.filter((s) => s.message.kind === 'pulse-checkin' && s.message.deliveryId === batchOf(round.id, kind)).map((s) => s.to).sort();
  const scores = (round: PulseRound) => Object.fromEntries(round.questionIds.map((q) => [q, q === 'enps' ? 8 : 4]));
  return { clock, sent, pulse, roundOf, to, scores };
}

describe.each(FACTORIES)("a team's leads and the pulse, on $name", (factory) => {
  let store: Store;
  afterEach(() => store.close());

  it('a lead in the channel gets no check-in and no reminder and is not counted in `invited`; the lead of another team is asked there as an agent', async () => {
    store = await factory.open();
    const w = await world(store);
    const [a, b] = [await w.roundOf(A), await w.roundOf(B)];
    expect(a.invited).toBe(4);
    expect(b.invited).toBe(2);
    expect(w.to(a, 'checkin')).toEqual(['ULISE', 'UNILS', 'UOLA', 'UPER']);
    expect(w.to(b, 'checkin')).toEqual(['UEVA', 'UKARI']);
    expect(await store.outbox.counts(batchOf(a.id, 'checkin'))).toEqual({ pending: 0, sending: 0, sent: 4 });

    w.clock.t = new Date(Date.parse(a.remindAt!) + 30_000);
    await w.pulse.tick();
    expect(w.to(a, 'reminder')).toEqual(['ULISE', 'UNILS', 'UOLA', 'UPER']);
    expect(w.to(b, 'reminder')).toEqual(['UEVA', 'UKARI']);
    expect(await store.outbox.counts(batchOf(a.id, 'reminder'))).toEqual({ pending: 0, sending: 0, sent: 4 });
  });

  it("a lead's answer is refused with the notice in the asker's language and nothing is stored; in the team they work in, it counts", async () => {
    store = await factory.open();
    const w = await world(store);
    const [a, b] = [await w.roundOf(A), await w.roundOf(B)];
    for (const lang of ['nb', 'sv', 'da', 'en'] as const) {
      const refused = await w.pulse.answer(a.id, { platform: 'slack', user: 'UKARI' }, w.scores(a), 'Lise is struggling with the new rota', lang);
      expect(refused).toMatchObject({ kind: 'notice', lang, tone: 'info', lines: [tPulse(lang, 'leadsDoNotAnswer')] });
    }
    // an incomplete answer from a lead is refused as a lead's, not sent back to be completed
    expect(await w.pulse.answer(a.id, { platform: 'slack', user: 'UKARI' }, {}, undefined, 'sv')).toMatchObject({ tone: 'info', lines: [tPulse('sv', 'leadsDoNotAnswer')] });
    expect((await store.pulse.sealedAnswers(a.id)).entries).toEqual([]);

    expect(await w.pulse.answer(b.id, { platform: 'slack', user: 'UKARI' }, w.scores(b), undefined, 'en')).toMatchObject({ tone: 'success' });
    expect((await store.pulse.sealedAnswers(b.id)).entries).toHaveLength(1);
    for (const agent of ['UOLA', 'UPER', 'UNILS']) expect(await w.pulse.answer(a.id, { platform: 'slack', user: agent }, w.scores(a), undefined, 'en')).toMatchObject({ tone: 'success' });

    w.clock.t = new Date(Date.parse(a.closesAt) + 60_000);
    await w.pulse.tick();
    expect(await store.pulse.results(a.id)).toMatchObject({ respondents: 3, comments: [] });
    expect(JSON.stringify(await store.exportAll())).not.toContain('struggling');
  });

  it('a check-in or reminder queued for someone who leads the team when it goes out is not sent: a round an earlier Kompis opened with its lead, a lead named while the round is open', async () => {
    store = await factory.open();
    const w = await world(store);
    const a = await w.roundOf(A);
    // what a Kompis that still asked leads queued, and Ola made a lead after his check-in went out
    await store.outbox.enqueue(batchOf(a.id, 'checkin'), [{ id: 'UKARI', to: 'UKARI' }]);
    const team = (await store.teams.getTeam(A.id))!;
    await store.teams.saveTeam({ ...team, leads: ['UKARI', 'UOLA'] });
    w.clock.t = new Date(w.clock.t.getTime() + 60_000);
    await w.pulse.tick();
    expect(w.to(a, 'checkin')).toEqual(['ULISE', 'UNILS', 'UOLA', 'UPER']);
    expect(await store.outbox.counts(batchOf(a.id, 'checkin'))).toMatchObject({ pending: 0, sending: 0 });

    w.clock.t = new Date(Date.parse(a.remindAt!) + 30_000);
    await w.pulse.tick();
    expect(w.to(a, 'reminder')).toEqual(['ULISE', 'UNILS', 'UPER']);
  });

  it("a channel of none but the team's leads has nobody to ask: the schedule opens no round, and `pulse now` says why", async () => {
    store = await factory.open();
    const w = await world(store);
    expect(await store.pulse.listRounds(C.id, 1)).toEqual([]);
    const team = (await store.teams.getTeam(C.id))!;
    expect(await w.pulse.openNow(team, 'UKARI', 'en')).toMatchObject({ tone: 'warning', lines: ["Found no members in the team's channel to send the check-in to (the team's leads do not get it)."] });
    expect(await store.pulse.listRounds(C.id, 1)).toEqual([]);
    expect(w.sent.filter((s) => s.to === 'UKARI').map((s) => s.message.kind === 'pulse-checkin' && s.message.deliveryId)).toEqual([`pulse:${(await w.roundOf(B)).id}:checkin`]);
  });

  it('`pulse now` in a week whose round a lead closed early says it closed and when the next opens, not that it is open', async () => {
    store = await factory.open();
    const w = await world(store);
    const team = (await store.teams.getTeam(A.id))!;
    expect((await w.pulse.openNow(team, 'UKARI', 'en')).lines[0]).toBe('Week 48 already has a round; it closes Monday 30 November at 13:00.');
    w.clock.t = new Date('2026-11-28T09:15:00Z');
    await w.pulse.closeNow(team, 'UKARI', 'en');
    await w.pulse.tick();
    expect((await w.roundOf(A)).state).toBe('closed');
    expect((await w.pulse.openNow(team, 'UKARI', 'sv')).lines[0]).toBe('Vecka 48 har haft sin omgång; den stängde lördag 28 november kl. 10:15. Nästa omgång öppnar fredag 4 december kl. 13:00.');
    expect(await store.pulse.listRounds(A.id, 5)).toHaveLength(1);
  });

  it('a comment over 1,000 characters is stored cut at 1,000, and the reply says so; one of 1,000 is stored whole', async () => {
    store = await factory.open();
    const w = await world(store, { k: 3, commentK: 3 });
    const a = await w.roundOf(A);
    const sentence = 'Calls drop when a transfer times out. ';
    const write = (n: number) => sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n - 1) + 'X';
    const [justOver, whole, farOver] = [write(1001), write(1000), write(3000)];

    const replies = [
      await w.pulse.answer(a.id, { platform: 'slack', user: 'UOLA' }, w.scores(a), justOver, 'en'),
      await w.pulse.answer(a.id, { platform: 'slack', user: 'UPER' }, w.scores(a), whole, 'en'),
      await w.pulse.answer(a.id, { platform: 'slack', user: 'UNILS' }, w.scores(a), farOver, 'nb'),
    ];
    expect(replies[0]!.lines).toEqual(['Thanks! Stored: 6 answers and the first 1,000 characters of your comment (the rest was not stored), as counts for the team. Not linked to you: the only trace is a one-way code that stops a second answer, deleted when the round closes.']);
    expect(replies[1]!.lines[0]).toContain('Stored: 6 answers and your comment, as counts');
    expect(replies[2]!.lines[0]).toContain('Lagret: 6 svar og de første 1\u00a0000 tegnene av kommentaren din (resten ble ikke lagret), som tellinger');

    w.clock.t = new Date(Date.parse(a.closesAt) + 60_000);
    await w.pulse.tick();
    const comments = (await store.pulse.results(a.id))!.comments;
    expect(comments).toHaveLength(3);
    expect(comments).toContain(whole);
    const cut = comments.filter((c) => c !== whole);
    expect(cut.sort()).toEqual([`${justOver.slice(0, 999).trimEnd()}…`, `${farOver.slice(0, 999).trimEnd()}…`].sort());
    for (const c of cut) expect(c.length).toBeLessThanOrEqual(1000);
  });
});
