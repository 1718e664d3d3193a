import { createHmac } from 'node:crypto';
import { slashCommand } from '../../fakes/slack/payloads';
import { FACTORIES } from '../../stores/factories';
import { eventually } from './harness';
import { AGENTS, answer, CHANNEL, dmOf, dmsTo, LEAD, MEMBERS, rawDump, setup, world, type World } from './pulse-world';

/** What a comment must never be stored with: a name, an e-mail, a phone number, a link. */
const PERSONAL = ['Ola Hansen', 'ola.hansen@example.com', '912 34 567', 'example.com/in/ola'];
const comment = (i: number) => `Point ${i}: ask Ola Hansen (ola.hansen@example.com, +47 912 34 567, https://example.com/in/ola)`;

async function openRound(w: World, k = '5', commentK?: string): Promise<string> {
  await setup(w, k, commentK);
  await w.h.command(slashCommand('pulse now', { user: LEAD }));
  await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
  return (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!.id;
}

async function closeRound(w: World, roundId: string): Promise<void> {
  const round = (await w.store.pulse.getRound(roundId))!;
  w.clock.t = new Date(Date.parse(round.closesAt) + 60_000);
  await w.pulse.tick();
}

describe.each(FACTORIES)('what the store holds of pulse answers, on $name', (factory) => {
  let w: World;
  afterEach(() => w.close());

  it('comments are scrubbed before they are stored and kept shuffled: no store or export holds a name, e-mail, phone or link, nor the order they came in', async () => {
    // a fixed shuffle, so the test can tell a shuffled order from the order of answering
    w = await world(factory, { random: () => 0 });
    const roundId = await openRound(w);
    for (const [i, m] of AGENTS.entries()) await answer(w, m, () => 4, comment(i));
    for (const dump of [JSON.stringify(await w.store.exportAll()), await rawDump(w.store)]) for (const p of PERSONAL) expect(dump).not.toContain(p);

    await closeRound(w, roundId);
    const stored = (await w.store.pulse.results(roundId))!.comments;
    expect([...stored].sort()).toEqual(AGENTS.map((_, i) => `Point ${i}: ask [name] ([e-mail], [phone], [link])`).sort());
    expect(stored).not.toEqual(AGENTS.map((_, i) => `Point ${i}: ask [name] ([e-mail], [phone], [link])`));
    for (const dump of [JSON.stringify(await w.store.exportAll()), await rawDump(w.store)]) for (const p of PERSONAL) expect(dump).not.toContain(p);
  });

  it('an open round counts nothing: reading the store before and after one person answers shows no change in any count', async () => {
    w = await world(factory);
    const roundId = await openRound(w);
    await answer(w, AGENTS[0]!, () => 2);
    const before = await w.store.exportAll();
    await answer(w, AGENTS[1]!, () => 5, 'The new queue tool is slow');
    const after = await w.store.exportAll();
    expect(after.results).toEqual(before.results);
    expect(after.results.find((r) => r.roundId === roundId)).toEqual({ roundId, respondents: 0, counts: {}, comments: [] });
    expect(JSON.stringify(after)).not.toContain('queue tool');
    expect(await rawDump(w.store)).not.toContain('queue tool');

    await answer(w, AGENTS[2]!, () => 4);
    await answer(w, AGENTS[3]!, () => 4);
    await answer(w, AGENTS[4]!, () => 4);
    await closeRound(w, roundId);
    // counted at close, all at once
    expect(await w.store.pulse.results(roundId)).toMatchObject({ respondents: 5, comments: ['The new queue tool is slow'] });
    expect((await w.store.pulse.results(roundId))!.counts.workload).toEqual({ '2': 1, '4': 3, '5': 1 });
  });

  it('comments need more answers than scores: at K=3 four answers show the scores, and of the comments only that there were some', async () => {
    w = await world(factory);
    const roundId = await openRound(w, '3');
    for (const [i, m] of AGENTS.slice(0, 4).entries()) await answer(w, m, () => 4, i === 0 ? 'The rota ignores my childcare days' : undefined);
    await closeRound(w, roundId);
    await eventually(() => expect(dmsTo(w, LEAD).some((c) => String(c.args.text).startsWith('Pulse for'))).toBe(true));
    const summary = JSON.stringify(dmsTo(w, LEAD).find((c) => String(c.args.text).startsWith('Pulse for'))!.args);
    expect(summary).toContain('4 of 6 answered');
    expect(summary).toContain('There were comments, but they are shown only from 5 answers');
    expect(summary).not.toContain('childcare');
    expect(await w.store.pulse.results(roundId)).toMatchObject({ respondents: 4, comments: [], commentsWithheld: true });
    expect(JSON.stringify(await w.store.exportAll())).not.toContain('childcare');
    expect(await rawDump(w.store)).not.toContain('childcare');
  });

  it('a team may show comments from K answers, never from fewer: the setup refuses a comment threshold below K on its field', async () => {
    w = await world(factory);
    const refused = (await setup(w, '4', '3')) as { response_action: string; errors: Record<string, string> };
    expect(refused).toMatchObject({ response_action: 'errors', errors: { pulse_comment_k: 'Comments cannot be shown from fewer answers than the results (4).' } });
    const roundId = await openRound(w, '3', '3');
    for (const [i, m] of AGENTS.slice(0, 3).entries()) await answer(w, m, () => 4, i === 0 ? 'More coaching please' : undefined);
    await closeRound(w, roundId);
    expect(await w.store.pulse.results(roundId)).toMatchObject({ respondents: 3, comments: ['More coaching please'] });
  });

  it('an open round\'s export, given to a script that knows every member id, tells neither who answered nor what', async () => {
    w = await world(factory);
    const roundId = await openRound(w, '3');
    const respondents = AGENTS.slice(0, 3);
    for (const m of respondents) await answer(w, m, () => 5, 'Feeling burnt out lately');
    const snapshot = await w.store.exportAll();

    // the script: every member id hashed with every key the export holds, as Kompis hashes respondents
    const identified = snapshot.roundSecrets.flatMap((secret) =>
      MEMBERS.filter((m) => {
        const key = Buffer.from(secret.key, 'base64');
        return [m, `slack:${m}`].some((id) => secret.answered.includes(createHmac('sha256', key).update(`${secret.roundId}\n${id}`).digest('hex')));
      }),
    );
    expect(snapshot.roundSecrets.map((s) => s.roundId)).toEqual([roundId]);
    expect(identified).toEqual([]);
    // and nothing says what the round holds: no counts, no comment
    expect(snapshot.results).toEqual([{ roundId, respondents: 0, counts: {}, comments: [] }]);
    expect(JSON.stringify(snapshot)).not.toContain('burnt out');
    expect(await rawDump(w.store)).not.toContain('burnt out');
  });
});

