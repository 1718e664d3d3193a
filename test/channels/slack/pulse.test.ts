import fs from 'node:fs';
import { TEST_WRAPPING } from '../../helpers';
import path from 'node:path';
import { unwrapRoundKey } from '../../../src/core/pulse/round-key';
import { PulseService, respondentHash, userKey } from '../../../src/core/pulse/service';
import type { SqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { dyingOutbox } from '../../fakes/dying-outbox';
import { blockAction, slashCommand } from '../../fakes/slack/payloads';
import { FACTORIES, sqliteFactory } from '../../stores/factories';
import { eventually } from './harness';
import { AGENTS, answer, buttons, CHANNEL, COMMENT, dmOf, dmsTo, LEAD, MEMBERS, rawDump, setup, world, type World } from './pulse-world';

describe.each(FACTORIES)('the weekly pulse in Slack, on $name', (factory) => {
  let w: World;
  beforeEach(async () => {
    w = await world(factory);
  });
  afterEach(() => w.close());

  it('runs a round for 6 agents (their lead, in the channel too, is not asked): setup, check-ins, answers once, summary at close, and no respondent id or answer left anywhere', async () => {
    expect(await setup(w)).not.toHaveProperty('response_action');
    const saved = await w.store.teams.getTeam(`slack:${CHANNEL}`);
    expect(saved).toMatchObject({ leads: [LEAD], tz: 'Europe/Oslo', lang: 'en', pulse: { day: 5, time: '13:00', k: 5, openHours: 72 } });
    // the confirmation's notification text names the lead as Slack shows a mention, not as a template
    await eventually(() => expect(dmsTo(w, LEAD).some((c) => String(c.args.text).includes('Pulse set up'))).toBe(true));
    const confirmation = String(dmsTo(w, LEAD).find((c) => String(c.args.text).includes('Pulse set up'))!.args.text);
    expect(confirmation).toContain(`Leads: <@${LEAD}>`);
    expect(confirmation).not.toContain('{@');

    const now = (await w.h.command(slashCommand('pulse now', { user: LEAD }))) as { text: string };
    expect(now.text).toContain('check-ins go to 6 members');
    await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
    // one check-in each agent, none for the lead (who got only the setup confirmation)
    expect(MEMBERS.map((m) => dmsTo(w, m).filter((c) => c.args.metadata !== undefined).length)).toEqual([0, 1, 1, 1, 1, 1, 1]);

    const confirmations: string[] = [];
    // a comment with Slack's own markup in it: the channel's markup, given to the scrubber, goes too
    const MARKUP_COMMENT = 'Thanks <@UAGENT004|sofie> for <https://nordic.slack.com/archives/C1/p2|this thread>';
    for (const [i, m] of AGENTS.entries()) confirmations.push(await answer(w, m, (q) => (q === 'enps' ? 9 : 4 - (i % 2)), i === 0 ? COMMENT : i === 1 ? MARKUP_COMMENT : undefined));
    expect(confirmations[0]).toMatch(/Stored: 6 answers and your comment, as counts for the team\. Not linked to you/);
    expect(confirmations[2]).toMatch(/Stored: 6 answers, as counts/);
    // the member's picks are gone from the DM: the form was replaced by the confirmation
    expect(JSON.stringify(dmOf(w, AGENTS[0]!)!.blocks)).not.toContain('pulse_pick_');

    // the same person again: refused, nothing counted twice
    const again = w.h.slack.posted.find((p) => p.channel === `D${AGENTS[0]}`)!;
    const updates = w.h.slack.callsOf('chat.update').length;
    const resend = blockAction({ action_id: 'pulse_submit', type: 'button', value: `${(await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!.id}|0|expectations=1;support=1;results=1;recognition=1;workload=1;enps=0` }, { user: AGENTS[0], channel: `D${AGENTS[0]}`, messageTs: again.ts });
    await w.h.interact(resend);
    await w.h.slack.waitFor(() => w.h.slack.callsOf('chat.update').length > updates);
    expect(String(w.h.slack.callsOf('chat.update').at(-1)!.args.text)).toContain('already answered');

    // no live view: while open the lead learns only when it closes; another member learns nothing
    const open = (await w.h.command(slashCommand('pulse results', { user: LEAD }))) as { text: string };
    expect(open.text).toContain('Results come when it closes');
    expect(JSON.stringify(open)).not.toMatch(/▰|answered \(/);
    const notLead = (await w.h.command(slashCommand('pulse results', { user: 'ULEADOTHER' }))) as { text: string };
    expect(notLead.text).toContain("Bare teamets ledere");

    const round = (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!;
    w.clock.t = new Date(Date.parse(round.closesAt) + 60_000);
    await w.pulse.tick();
    const summary = dmsTo(w, LEAD).find((c) => String(c.args.text).startsWith('Pulse for'))!;
    expect(summary).toBeDefined();
    const text = JSON.stringify(summary.args.blocks);
    expect(summary.args.text).toContain('6 of 6 answered (100 %)');
    expect(text).toContain('Clear expectations');
    expect(text).toContain('eNPS 100');
    expect(text).toContain('[name] helped me a lot this week, call me on [phone]');
    expect(text).not.toMatch(/Ola|Hansen|912/);
    expect(text).toContain('Thanks [name] for [link]');
    expect(text).not.toMatch(/UAGENT004|sofie|archives/);
    // exactly one summary, also when the scheduler runs again
    await w.pulse.tick();
    expect(dmsTo(w, LEAD).filter((c) => String(c.args.text).startsWith('Pulse for'))).toHaveLength(1);
    // and /metrics counts what went out
    const metrics = await w.metrics.registry.metrics();
    expect(metrics).toContain('kompis_messages_total{platform="slack",kind="checkin",outcome="sent"} 6');
    expect(metrics).toContain('kompis_messages_total{platform="slack",kind="summary",outcome="sent"} 1');

    const exported = JSON.stringify(await w.store.exportAll());
    const raw = await rawDump(w.store);
    for (const agent of AGENTS) {
      expect(exported).not.toContain(agent);
      expect(raw).not.toContain(agent);
    }
    const snapshot = await w.store.exportAll();
    expect(JSON.stringify([snapshot.rounds, snapshot.results, snapshot.roundSecrets])).not.toContain(LEAD);
    expect(snapshot.roundSecrets).toEqual([]);
    // logs never carry an answer or a comment
    const logText = JSON.stringify([...w.logs.lines, ...w.h.logger.lines]);
    expect(logText).not.toMatch(/helped me|expectations=|"picks"|"scores"/);
  });

  it('below K shows nothing on any path: summary, command, export', async () => {
    await setup(w);
    await w.h.command(slashCommand('pulse now', { user: LEAD }));
    await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
    for (const m of AGENTS.slice(0, 3)) await answer(w, m, () => 2, m === AGENTS[0] ? COMMENT : undefined);
    const round = (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!;
    w.clock.t = new Date(Date.parse(round.closesAt) + 60_000);
    await w.pulse.tick();
    await eventually(() => expect(dmsTo(w, LEAD).some((c) => String(c.args.text).includes('Not enough answers'))).toBe(true));
    const toLead = JSON.stringify(dmsTo(w, LEAD).map((c) => c.args));
    // fewer than K, never how many: with few asked, the number says who answered
    expect(toLead).toContain('fewer than 5 answered');
    expect(toLead).not.toMatch(/▰|helped me|Clear expectations|eNPS|3 of/);
    const results = JSON.stringify(await w.h.command(slashCommand('pulse results', { user: LEAD })));
    expect(results).toContain('fewer than 5 answered');
    expect(results).not.toMatch(/▰|helped me|eNPS|3 of/);
    const snapshot = await w.store.exportAll();
    expect(snapshot.results.find((r) => r.roundId === round.id)).toEqual({ roundId: round.id, respondents: 3, counts: {}, comments: [] });
    expect(await rawDump(w.store)).not.toContain('helped me');
  });

  it('sends one reminder, only to those who have not answered, and none after they answer', async () => {
    await setup(w);
    await w.h.command(slashCommand('pulse now', { user: LEAD }));
    await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
    for (const m of AGENTS.slice(0, 2)) await answer(w, m, () => 3);
    const round = (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!;
    w.clock.t = new Date(Date.parse(round.remindAt!) + 60_000);
    await w.pulse.tick();
    await w.pulse.tick();
    const reminded = (user: string) => w.h.slack.posted.filter((p) => p.channel === `D${user}` && (p.metadata as { event_payload: { delivery: string } } | undefined)?.event_payload.delivery.endsWith(':reminder')).length;
    // the lead, not asked, is not reminded either
    expect(MEMBERS.map(reminded)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    const reminder = w.h.slack.posted.find((p) => p.channel === `D${AGENTS[2]}` && String(p.text).startsWith('Reminder'));
    expect(String(reminder?.text)).toContain('closes');
  });

  it('the lead, in the channel, gets no check-in and no reminder and is not counted; their answer from an old card is refused in their language, and nothing is stored', async () => {
    w.h.slack.locales[LEAD] = 'sv-SE';
    await setup(w, '3');
    const now = (await w.h.command(slashCommand('pulse now', { user: LEAD }))) as { text: string };
    expect(now.text).toContain('pulsen skickas till 6 medlemmar');
    await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
    const round = (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!;
    expect(round.invited).toBe(AGENTS.length);
    expect(dmOf(w, LEAD)).toBeUndefined();
    for (const m of AGENTS.slice(0, 3)) await answer(w, m, () => 4);

    // a check-in card the lead still has (an earlier Kompis sent leads one): sent with a comment, refused
    const card = w.h.slack.posted.find((p) => p.channel === `D${LEAD}`)!;
    const updates = w.h.slack.callsOf('chat.update').length;
    const send = blockAction({ action_id: 'pulse_submit', type: 'button', value: `${round.id}|0|expectations=1;support=1;results=1;recognition=1;workload=1;enps=0` }, { user: LEAD, channel: `D${LEAD}`, messageTs: card.ts });
    send.state = { values: { pulse_comment: { pulse_comment_input: { type: 'plain_text_input', value: 'The rota is unfair' } } } };
    await w.h.interact(send);
    await w.h.slack.waitFor(() => w.h.slack.callsOf('chat.update').length > updates);
    const refused = w.h.slack.callsOf('chat.update').at(-1)!.args;
    expect(refused).toMatchObject({ channel: `D${LEAD}`, ts: card.ts });
    expect(String(refused.text)).toContain('Du är chef för det här teamet, så ditt svar sparades inte');
    expect(String(refused.text)).not.toMatch(/Tack|Thanks/);
    expect((await w.store.pulse.sealedAnswers(round.id)).entries).toHaveLength(3);

    w.clock.t = new Date(Date.parse(round.remindAt!) + 60_000);
    await w.pulse.tick();
    await w.pulse.tick();
    const reminded = (user: string) => w.h.slack.posted.filter((p) => p.channel === `D${user}` && (p.metadata as { event_payload: { delivery: string } } | undefined)?.event_payload.delivery.endsWith(':reminder')).length;
    expect(MEMBERS.map(reminded)).toEqual([0, 0, 0, 0, 1, 1, 1]);

    // counted at close (the summary in the team's language): the three agents, of the six asked; nothing of the lead's answer
    w.clock.t = new Date(Date.parse(round.closesAt) + 60_000);
    await w.pulse.tick();
    await eventually(() => expect(dmsTo(w, LEAD).some((c) => String(c.args.text).startsWith('Pulse for'))).toBe(true));
    expect(String(dmsTo(w, LEAD).find((c) => String(c.args.text).startsWith('Pulse for'))!.args.text)).toContain('3 of 6 answered');
    const results = (await w.store.pulse.results(round.id))!;
    expect(results.respondents).toBe(3);
    expect(results.counts.workload).toEqual({ '4': 3 });
    expect(JSON.stringify(await w.store.exportAll())).not.toContain('rota is unfair');
  });

  it("a lead's first tap on a check-in card of their team gets the refusal in their language, and the card is not redrawn with the pick; nothing is stored; an agent's tap still redraws", async () => {
    const NEW_LEAD = AGENTS[5]!;
    w.h.slack.locales[NEW_LEAD] = 'da-DK';
    await setup(w);
    await w.h.command(slashCommand('pulse now', { user: LEAD }));
    await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
    const round = (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!;
    // the agent is made a lead while the round is open: the check-in already in their DM is an old card now
    const team = (await w.store.teams.getTeam(`slack:${CHANNEL}`))!;
    await w.store.teams.saveTeam({ ...team, leads: [LEAD, NEW_LEAD] });
    const tap = async (user: string) => {
      const card = dmOf(w, user)!;
      const pick = buttons(card.blocks).find((b) => b.action_id === 'pulse_pick_workload_4')!;
      const updates = w.h.slack.callsOf('chat.update').length;
      await w.h.interact(blockAction({ ...pick, type: 'button', block_id: 'pulse_q_workload' }, { user, channel: `D${user}`, messageTs: card.ts }));
      await w.h.slack.waitFor(() => w.h.slack.callsOf('chat.update').length > updates);
      // give a second update, if one were coming, the time to arrive
      await new Promise((r) => setTimeout(r, 100));
      return { card, calls: w.h.slack.callsOf('chat.update').slice(updates).map((c) => c.args) };
    };

    const lead = await tap(NEW_LEAD);
    expect(lead.calls).toHaveLength(1);
    expect(lead.calls[0]).toMatchObject({ channel: `D${NEW_LEAD}`, ts: lead.card.ts });
    expect(String(lead.calls[0]!.text)).toContain('Du er leder af dette team, så dit svar blev ikke gemt');
    // the card is the refusal now: no pick shown as taken, nothing left to tap or send
    expect(JSON.stringify(lead.calls[0]!.blocks)).not.toMatch(/pulse_pick_|pulse_submit|✓/);
    expect(JSON.stringify(dmOf(w, NEW_LEAD)!.blocks)).not.toMatch(/pulse_pick_|pulse_submit/);
    // nothing stored: no answer in the round, and no trace that the lead answered
    const key = unwrapRoundKey(TEST_WRAPPING, (await w.store.pulse.roundKey(round.id))!)!;
    const answered = (user: string) => w.store.pulse.hasAnswered(round.id, respondentHash(key, round.id, userKey({ platform: 'slack' }, user)));
    expect((await w.store.pulse.sealedAnswers(round.id)).entries).toHaveLength(0);
    expect(await answered(NEW_LEAD)).toBe(false);

    // an agent's same tap redraws their card with the pick taken, as before
    const agent = await tap(AGENTS[0]!);
    expect(agent.calls).toHaveLength(1);
    expect(agent.calls[0]).toMatchObject({ channel: `D${AGENTS[0]}`, ts: agent.card.ts });
    const picked = buttons(agent.calls[0]!.blocks).find((b) => b.action_id === 'pulse_pick_workload_4') as { text?: { text: string }; style?: string } | undefined;
    expect(picked).toMatchObject({ text: { text: '✓ 4' }, style: 'primary' });
    expect(buttons(agent.calls[0]!.blocks).some((b) => b.action_id === 'pulse_submit')).toBe(true);
    // and the agent's answer, sent, is stored as ever: the store checks above can see one
    expect(await answer(w, AGENTS[0]!, () => 4)).toContain('Stored: 6 answers');
    expect(await answered(AGENTS[0]!)).toBe(true);
    expect((await w.store.pulse.sealedAnswers(round.id)).entries).toHaveLength(1);
  });

  it('a lead closes the round with /kompis pulse close: the summary comes as at the normal close, below K as always; others are refused', async () => {
    await setup(w);
    await w.h.command(slashCommand('pulse now', { user: LEAD }));
    await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
    for (const m of AGENTS.slice(0, 5)) await answer(w, m, () => 4);
    const refused = (await w.h.command(slashCommand('pulse close', { user: AGENTS[0] }))) as { text: string };
    expect(refused.text).toContain("Only the team's leads can change the pulse");
    const closed = (await w.h.command(slashCommand('pulse close', { user: LEAD }))) as { text: string };
    expect(closed.text).toContain("Week 48's round closes now");
    await eventually(() => expect(dmsTo(w, LEAD).some((c) => String(c.args.text).startsWith('Pulse for'))).toBe(true));
    expect(String(dmsTo(w, LEAD).find((c) => String(c.args.text).startsWith('Pulse for'))!.args.text)).toContain('5 of 6 answered');
    expect((await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!.state).toBe('closed');
    const again = (await w.h.command(slashCommand('pulse close', { user: LEAD }))) as { text: string };
    expect(again.text).toContain('There is no open round to close.');
    await w.pulse.tick();
    expect(dmsTo(w, LEAD).filter((c) => String(c.args.text).startsWith('Pulse for'))).toHaveLength(1);
  });

  it('a round a lead closes below K shows nothing but how many answered', async () => {
    await setup(w);
    await w.h.command(slashCommand('pulse now', { user: LEAD }));
    await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
    for (const m of AGENTS.slice(0, 2)) await answer(w, m, () => 1, m === AGENTS[0] ? COMMENT : undefined);
    await w.h.command(slashCommand('pulse close', { user: LEAD }));
    await eventually(() => expect(dmsTo(w, LEAD).some((c) => String(c.args.text).includes('Not enough answers'))).toBe(true));
    expect(JSON.stringify(dmsTo(w, LEAD).map((c) => c.args))).not.toMatch(/▰|helped me|eNPS/);
    const round = (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!;
    expect(await w.store.pulse.results(round.id)).toEqual({ roundId: round.id, respondents: 2, counts: {}, comments: [] });
  });

  it('refuses a setup with K below 3, on the field, and saves nothing', async () => {
    const ack = (await setup(w, '2')) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(ack.errors.pulse_k).toContain('at least 3');
    expect((await w.store.teams.getTeam(`slack:${CHANNEL}`))?.pulse).toBeUndefined();
  });

  it('draws the setup form from core, and refuses a comment threshold below K on its own field', async () => {
    const ack = (await setup(w, '6', '4')) as { response_action: string; errors: Record<string, string> };
    expect(ack).toEqual({ response_action: 'errors', errors: { pulse_comment_k: 'Comments cannot be shown from fewer answers than the results (6).' } });
    expect((await w.store.teams.getTeam(`slack:${CHANNEL}`))?.pulse).toBeUndefined();
    const view = w.h.slack.callsOf('views.open').at(-1)!.args.view as { blocks: { block_id: string; optional?: boolean; element: Record<string, unknown> }[] };
    const blocks = Object.fromEntries(view.blocks.map((b) => [b.block_id, b]));
    expect(Object.keys(blocks)).toEqual(['pulse_channel', 'pulse_leads', 'pulse_day', 'pulse_time', 'pulse_tz', 'pulse_lang', 'pulse_questions', 'pulse_k', 'pulse_comment_k', 'pulse_hours']);
    expect(blocks.pulse_channel!.element).toMatchObject({ type: 'conversations_select', initial_conversation: CHANNEL });
    expect(blocks.pulse_leads!.element).toMatchObject({ type: 'multi_users_select', initial_users: [LEAD] });
    expect(blocks.pulse_k!.element).toMatchObject({ type: 'number_input', is_decimal_allowed: false, min_value: '3', initial_value: '5' });
    expect(blocks.pulse_comment_k).toMatchObject({ optional: true, element: { initial_value: '5' } });
    expect(blocks.pulse_hours!.element).toMatchObject({ min_value: '1', max_value: '168', initial_value: '72' });
    expect(blocks.pulse_questions!.element).toMatchObject({ type: 'multi_static_select', max_selected_items: 6 });
  });
});

describe('pulse delivery after a crash', () => {
  it('resumes without a second DM to anyone when the sender died after Slack took some messages', async () => {
    // the first sender "dies" after Slack accepted its third message, before it could note it as sent
    const first = await world(FACTORIES[0]!, { outbox: dyingOutbox(3) });
    try {
      await setup(first);
      await first.h.command(slashCommand('pulse now', { user: LEAD }));
      await first.h.slack.waitFor(() => first.h.slack.callsOf('chat.postMessage').filter((c) => /^U/.test(String(c.args.channel))).length >= 3);
      await new Promise((r) => setTimeout(r, 200));
      const before = AGENTS.filter((m) => dmOf(first, m)).length;
      expect(before).toBeGreaterThanOrEqual(3);
      expect(before).toBeLessThan(AGENTS.length);
      const counts = await first.store.outbox.counts(`pulse:${(await first.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!.id}:checkin`);
      expect(counts.sending).toBeGreaterThan(0);

      // a restarted replica on the same store and the same Slack
      const restarted = new PulseService({ wrapping: TEST_WRAPPING, pulse: first.store.pulse, teams: first.store.teams, outbox: first.store.outbox, locks: first.store.locks, chats: first.chats, clock: first.clock, logger: first.logs, owner: 'replica-b' });
      first.clock.t = new Date(first.clock.t.getTime() + 120_000); // the dead sender's lock has expired
      await restarted.tick();
      const checkins = (m: string) => first.h.slack.posted.filter((p) => p.channel === `D${m}` && p.metadata !== undefined).length;
      // every agent has one check-in; the lead none
      expect(MEMBERS.map(checkins)).toEqual([0, 1, 1, 1, 1, 1, 1]);
      expect(first.h.slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    } finally {
      await first.close();
    }
  });
});

describe('a closed round on SQLite, with Kompis still running', () => {
  it('leaves nothing of what the close deleted readable in any file under DATA_DIR: no key, no answered hash, no comment of a round below K', async () => {
    const w = await world(sqliteFactory);
    try {
      await setup(w);
      await w.h.command(slashCommand('pulse now', { user: LEAD }));
      await eventually(() => expect(AGENTS.every((m) => dmOf(w, m))).toBe(true), 5000);
      for (const m of AGENTS.slice(0, 3)) await answer(w, m, () => 2, m === AGENTS[0] ? 'Our queue tool crashes every Tuesday' : undefined);
      const round = (await w.store.pulse.listRounds(`slack:${CHANNEL}`, 1))[0]!;
      const key = (await w.store.pulse.roundKey(round.id))!;
      const hashes = AGENTS.slice(0, 3).map((m) => respondentHash(key, round.id, userKey({ platform: 'slack' }, m)));
      w.clock.t = new Date(Date.parse(round.closesAt) + 60_000);
      await w.pulse.tick();
      await eventually(() => expect(dmsTo(w, LEAD).some((c) => String(c.args.text).includes('Not enough answers'))).toBe(true));

      // every file as a copy or a disk snapshot would hold it: no checkpoint from here, the store stays open
      const dir = path.dirname((w.store as SqliteStore).db.name);
      const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const bytes = fs.readFileSync(file);
        const text = bytes.toString('latin1');
        expect({ file, found: bytes.includes(key) }).toEqual({ file, found: false });
        expect({ file, found: text.includes(key.toString('base64')) || text.includes(key.toString('hex')) }).toEqual({ file, found: false });
        for (const h of hashes) expect({ file, found: text.includes(h) }).toEqual({ file, found: false });
        expect({ file, found: text.includes('queue tool crashes') }).toEqual({ file, found: false });
      }
    } finally {
      await w.close();
    }
  });
});
