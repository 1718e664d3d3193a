import { KompisError } from '../../../src/core/errors';
import { GoalService } from '../../../src/core/goals/service';
import { parseProgress } from '../../../src/core/goals/progress';
import type { Address, Chat, OutMessage } from '../../../src/core/messages';
import { silentLogger } from '../../../src/core/ports';
import { FACTORIES, sqliteFactory } from '../../stores/factories';

/** A Chat that records what core sends: the port's fake. While `down`, every send comes back unavailable. */
function recordingChat(): Chat & { sent: { to: Address; message: OutMessage }[]; down: boolean } {
  const chat = {
    platform: 'slack' as const,
    sent: [] as { to: Address; message: OutMessage }[],
    down: false,
    send: async (to: Address, message: OutMessage) => {
      if (chat.down) return { ok: false as const, error: 'unavailable' as const };
      chat.sent.push({ to, message });
      return { ok: true as const };
    },
    members: async () => [],
  };
  return chat;
}

/** Once-only marks that expire on the test's clock, as the stores' marks do on the real one. */
function onceOn(clock: { now(): Date }) {
  const until = new Map<string, number>();
  return {
    markEventSeen: async (id: string, ttlSeconds: number) => {
      const now = clock.now().getTime();
      if ((until.get(id) ?? 0) > now) return false;
      until.set(id, now + ttlSeconds * 1000);
      return true;
    },
  };
}

describe('GoalService housekeeping', () => {
  it('sends the owner of a goal past its due date one private, kind note, and nothing public', async () => {
    const store = await sqliteFactory.open();
    try {
      const clock = { t: new Date('2026-11-20T10:00:00Z'), now: () => clock.t };
      const chat = recordingChat();
      const goals = new GoalService({ goals: store.goals, teams: store.teams, once: onceOn(clock), outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: chat }, clock, logger: silentLogger });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'sv', tz: 'Europe/Stockholm' });
      const created = await goals.create(team, { title: 'Svarstid under 6 min', metric: 'AHT', start: 7.5, target: 6, unit: 'min', direction: 'lower', due: '2026-11-30', owner: 'UOWNER01' }, 'sv');
      if (!created.ok) throw new Error('not created');
      chat.sent.length = 0;
      await goals.tick();
      expect(chat.sent).toEqual([]);
      // 1 December in Stockholm: the due date (30 Nov) has passed
      clock.t = new Date('2026-11-30T23:30:00Z');
      await goals.tick();
      await goals.tick();
      expect(chat.sent).toHaveLength(1);
      expect(chat.sent[0]!.to).toEqual({ kind: 'user', id: 'UOWNER01', via: 'C1' });
      expect(chat.sent[0]!.message).toMatchObject({ kind: 'notice', lang: 'sv', lines: [expect.stringContaining('passerade slutdatumet')] });
      // a year and more later, when the once-only mark has expired: still the one note (the outbox keeps it as sent)
      clock.t = new Date('2028-01-15T10:00:00Z');
      await goals.tick();
      expect(chat.sent).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('a note or digest the platform could not take is sent on a later tick, once; a quiet week gets no digest', async () => {
    const store = await sqliteFactory.open();
    try {
      const clock = { t: new Date('2026-11-20T10:00:00Z'), now: () => clock.t };
      const chat = recordingChat();
      const observed: string[] = [];
      const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: chat }, clock, logger: silentLogger, observe: (platform, kind, r) => observed.push(`${platform} ${kind} sent=${r.sent} unavailable=${r.unavailable}`) });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'en', tz: 'Europe/Oslo' });
      const created = await goals.create(team, { title: 'Calls solved', metric: 'calls', start: 0, target: 40, unit: 'calls', due: '2026-11-29', owner: 'UOWNER01' }, 'en');
      if (!created.ok) throw new Error('not created');
      clock.t = new Date('2026-11-25T10:00:00Z'); // a Wednesday, in the week the digest covers
      await goals.kudos(team, { id: 'UAGENT01' }, { id: 'UAGENT02' }, 'for the calm call', 'en');
      chat.sent.length = 0;

      // Monday 30 November 09:30 in Oslo: the goal is past due and last week's digest is due, but the platform is down
      clock.t = new Date('2026-11-30T08:30:00Z');
      chat.down = true;
      await goals.tick();
      expect(chat.sent).toEqual([]);
      chat.down = false;
      clock.t = new Date(clock.t.getTime() + 60_000);
      await goals.tick();
      await goals.tick();
      expect(chat.sent.map((s) => [s.to, s.message.kind])).toEqual([
        [{ kind: 'user', id: 'UOWNER01', via: 'C1' }, 'notice'],
        [{ kind: 'channel', id: 'C1' }, 'digest'],
      ]);
      expect(chat.sent[1]!.message).toMatchObject({ kind: 'digest', kudos: [{ text: 'for the calm call' }] });
      // what the metrics hear: the goal's card, the tries while the platform was down, then the sends
      expect(observed).toEqual(['slack goal-card sent=1 unavailable=0', 'slack missed sent=0 unavailable=1', 'slack digest sent=0 unavailable=1', 'slack missed sent=1 unavailable=0', 'slack digest sent=1 unavailable=0']);

      // the week after had no wins: nothing is posted, however often the tick runs
      clock.t = new Date('2026-12-07T08:30:00Z');
      await goals.tick();
      await goals.tick();
      expect(chat.sent).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('reads progress as a value or a change, with a comma as decimal point', () => {
    expect(parseProgress('4,4')).toEqual({ value: 4.4 });
    expect(parseProgress('+0.1')).toEqual({ delta: 0.1 });
    expect(parseProgress('-5')).toEqual({ delta: -5 });
    expect(parseProgress('lots')).toBeUndefined();
    expect(parseProgress('')).toBeUndefined();
  });
});

describe.each(FACTORIES)('GoalService progress on $name', (factory) => {
  it('celebrates once a reach the store saved but never answered, on the next tick, and counts its retry once', async () => {
    const store = await factory.open();
    try {
      const chat = recordingChat();
      let lost = 0;
      // the real store runs the update, and its answer is lost on the way back (Redis stalled past the
      // command timeout, a connection dropped), as often as `lost` says
      const goalStore = {
        ...store.goals,
        addProgress: async (...args: Parameters<typeof store.goals.addProgress>) => {
          const outcome = await store.goals.addProgress(...args);
          if (lost-- > 0) throw new KompisError('store_unavailable', 'Redis did not answer: Command timed out');
          return outcome;
        },
      };
      const goals = new GoalService({ goals: goalStore, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: chat }, clock: { now: () => new Date() }, logger: silentLogger });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'en' });
      const created = await goals.create(team, { title: 'Calls answered', metric: 'calls', start: 0, target: 10, unit: 'calls', direction: 'higher', due: '2027-01-31', owner: 'U1' }, 'en');
      if (!created.ok) throw new Error('not created');
      chat.sent.length = 0;

      lost = 1;
      await expect(goals.applyProgress(created.goal.id, { delta: 10 }, { source: 'api', idempotencyKey: 'nightly-1' })).rejects.toMatchObject({ code: 'store_unavailable' });
      expect(await store.goals.getGoal(created.goal.id)).toMatchObject({ current: 10, reachedAt: expect.any(String) });
      // the caller retries with the same key: counted once, and the goal as it stands
      expect(await goals.applyProgress(created.goal.id, { delta: 10 }, { source: 'api', idempotencyKey: 'nightly-1' })).toMatchObject({ applied: false, reachedNow: false, goal: { current: 10 } });
      await goals.settled();
      expect(chat.sent).toEqual([]);

      await goals.tick();
      await goals.tick();
      await goals.settled();
      expect(chat.sent.map((s) => [s.to, s.message.kind])).toEqual([[{ kind: 'channel', id: 'C1' }, 'celebration']]);
      expect((await store.goals.listProgress(created.goal.id)).map((p) => p.delta)).toEqual([10]);
    } finally {
      await store.close();
    }
  });
});

describe('GoalService creating a goal', () => {
  it('refuses a goal form sent without a start value, so no goal is saved already at its target', async () => {
    const store = await sqliteFactory.open();
    try {
      const chat = recordingChat();
      const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: chat }, clock: { now: () => new Date('2026-11-20T10:00:00Z') }, logger: silentLogger });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'nb' });
      // the form marks the start required, but a payload can leave it out: from 0, "at most 10 complaints" is already met
      const created = await goals.createFromForm(team, { title: 'Færre klager', metric: 'klager', target: '10', direction: 'lower', due: '2026-12-31' }, 'U1', 'nb');
      expect(created).toEqual({ ok: false, errors: { start: 'Mangler startverdi: hvor står dere i dag?' } });
      expect(await store.goals.listGoals(team.id)).toEqual([]);
      expect(chat.sent).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe.each(FACTORIES)('GoalService creating a goal once on $name', (factory) => {
  it('a form sent again after the store saved its goal and failed makes no second goal, and the card is posted once: by the form sent again, or by the next tick', async () => {
    const store = await factory.open();
    try {
      const chat = recordingChat();
      const fail = { create: 0, list: 0 };
      const timedOut = () => new KompisError('store_unavailable', 'Redis did not answer: Command timed out');
      // the real store creates the goal, and its answer is lost on the way back (Redis stalled past the
      // command timeout); or the store fails at the next step, reading the team's goals for the card
      const goalStore = {
        ...store.goals,
        createGoal: async (...args: Parameters<typeof store.goals.createGoal>) => {
          const goal = await store.goals.createGoal(...args);
          if (fail.create-- > 0) throw timedOut();
          return goal;
        },
        listGoals: async (team: string) => {
          if (fail.list-- > 0) throw timedOut();
          return store.goals.listGoals(team);
        },
      };
      const goals = new GoalService({ goals: goalStore, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: chat }, clock: { now: () => new Date() }, logger: silentLogger });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'nb' });
      const form = (title: string) => ({ title, metric: 'CSAT', start: '4.1', target: '4.5', unit: 'poeng', direction: 'higher', due: '2027-01-31' });
      const send = (title: string, view: string) => goals.createFromForm(team, form(title), 'ULEAD01', 'nb', `slack:view:${view}`);
      const cards = () => chat.sent.filter((s) => s.message.kind === 'goal-card').map((s) => [s.to, s.message.kind === 'goal-card' && s.message.goal.title]);
      const saved = { ok: true, reply: { tone: 'success', lines: ['Målet er lagret og vist i kanalen.'] } };

      fail.create = 1;
      await expect(send('CSAT til 4,5', 'V1')).rejects.toMatchObject({ code: 'store_unavailable' });
      fail.list = 1;
      await expect(send('Svar innen 24 timer', 'V2')).rejects.toMatchObject({ code: 'store_unavailable' });
      expect(cards()).toEqual([]);
      // both were saved; sent again as the lead is told, each is its goal, shown once
      for (const [title, view] of [['CSAT til 4,5', 'V1'], ['Svar innen 24 timer', 'V2'], ['CSAT til 4,5', 'V1'], ['Svar innen 24 timer', 'V2']]) expect(await send(title!, view!)).toMatchObject(saved);
      expect(cards()).toEqual([
        [{ kind: 'channel', id: 'C1' }, 'CSAT til 4,5'],
        [{ kind: 'channel', id: 'C1' }, 'Svar innen 24 timer'],
      ]);

      // saved, and the lead never sends it again: the next tick shows it, once
      fail.create = 1;
      await expect(send('Færre klager', 'V3')).rejects.toMatchObject({ code: 'store_unavailable' });
      await goals.tick();
      await goals.tick();
      expect(cards().map(([, title]) => title)).toEqual(['CSAT til 4,5', 'Svar innen 24 timer', 'Færre klager']);
      // a new form with a title the team has is a new goal
      expect(await send('CSAT til 4,5', 'V4')).toMatchObject(saved);
      expect((await store.goals.listGoals(team.id)).map((g) => g.title)).toEqual(['CSAT til 4,5', 'Svar innen 24 timer', 'Færre klager', 'CSAT til 4,5']);
      expect(cards()).toHaveLength(4);
    } finally {
      await store.close();
    }
  });
});

describe('GoalService kudos', () => {
  it('tells the giver when the goal the kudos link does not exist, and posts nothing', async () => {
    const store = await sqliteFactory.open();
    try {
      const chat = recordingChat();
      const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: chat }, clock: { now: () => new Date('2026-11-20T10:00:00Z') }, logger: silentLogger });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'en' });
      const created = await goals.create(team, { title: 'Calls solved', metric: 'calls', start: 0, target: 40, unit: 'calls', due: '2026-12-31', owner: 'UOWNER01' }, 'en');
      if (!created.ok) throw new Error('not created');
      chat.sent.length = 0;

      const reply = await goals.kudos(team, { id: 'UAGENT01' }, { id: 'UAGENT02' }, 'for the calm call', 'nb', '7');
      expect(reply).toMatchObject({
        kind: 'notice',
        tone: 'warning',
        lines: ['Kudosen er ikke delt: teamet har ikke noe mål nummer 7. /kompis goals viser målene med nummer. Send den igjen med riktig nummer, eller uten #7.'],
      });
      expect(chat.sent).toEqual([]);
      expect(await store.goals.listKudos(team.id, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([]);

      // the goal that is there is linked as before
      expect(await goals.kudos(team, { id: 'UAGENT01' }, { id: 'UAGENT02' }, 'for the calm call', 'en', '1')).toMatchObject({ tone: 'success' });
      expect(chat.sent.map((s) => s.message)).toEqual([expect.objectContaining({ kind: 'kudos', goalLine: 'Towards the goal: Calls solved' })]);
    } finally {
      await store.close();
    }
  });

  it.each([
    ['sv', 'Kudosen är inte delad: teamet har inget mål nummer 3. /kompis goals visar målen med nummer. Skicka den igen med rätt nummer, eller utan #3.'],
    ['da', 'Kudosen er ikke delt: teamet har ikke noget mål nummer 3. /kompis goals viser målene med numre. Send den igen med det rigtige nummer, eller uden #3.'],
    ['en', 'Your kudos were not shared: the team has no goal number 3. /kompis goals lists them with their numbers. Send them again with the right number, or without #3.'],
  ] as const)('says so in %s', async (lang, line) => {
    const store = await sqliteFactory.open();
    try {
      const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: recordingChat() }, clock: { now: () => new Date('2026-11-20T10:00:00Z') }, logger: silentLogger });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'en' });
      expect(await goals.kudos(team, { id: 'UAGENT01' }, { id: 'UAGENT02' }, 'for the calm call', lang, '3')).toMatchObject({ tone: 'warning', lines: [line] });
    } finally {
      await store.close();
    }
  });
});
