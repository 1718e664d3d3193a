import { createHmac } from 'node:crypto';
import type { Holdings, Store } from '../../src/core/storage/ports';
import { batchOf } from '../../src/core/pulse/batches';
import { Snapshot } from '../../src/core/storage/records';
import { FACTORIES } from './factories';

const AT = '2026-11-20T10:00:00.000Z';
const goalInput = (over: Partial<Parameters<Store['goals']['createGoal']>[0]> = {}) => ({
  team: 'T1',
  title: 'CSAT to 4.5',
  metric: 'CSAT',
  start: 4.1,
  target: 4.5,
  unit: 'points',
  direction: 'higher' as const,
  due: '2026-12-31',
  owner: 'U1',
  ...over,
});

describe.each(FACTORIES)('store contract: $name', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.open();
  });
  afterEach(() => store.close());

  describe('curation', () => {
    it('keeps unanswered questions open until a curator closes them', async () => {
      const a = await store.curation.addUnanswered({ question: 'Hva er X?', lang: 'nb', askedAt: AT, channel: 'C1', why: "the store never mentions 'X'" });
      await store.curation.addUnanswered({ question: 'What is Y?', lang: 'en', askedAt: '2026-11-21T10:00:00.000Z' });
      expect((await store.curation.listOpenUnanswered()).map((q) => q.question)).toEqual(['Hva er X?', 'What is Y?']);
      // the curators see why Kompis abstained
      expect((await store.curation.listOpenUnanswered())[0]).toMatchObject({ why: "the store never mentions 'X'" });
      expect(await store.curation.closeUnanswered(a.id, 'curator', AT)).toBe(true);
      expect(await store.curation.closeUnanswered(a.id, 'curator', AT)).toBe(false);
      expect((await store.curation.listOpenUnanswered()).map((q) => q.question)).toEqual(['What is Y?']);
    });

    it('records feedback', async () => {
      const f = await store.curation.recordFeedback({ answerId: 'a1', vote: 'down', reason: 'outdated', passageIds: ['x.md#y'], lang: 'sv', at: AT });
      expect(f.id).toBeTruthy();
      expect((await store.exportAll()).feedback).toEqual([f]);
    });

    it("keeps one feedback per answer and voter: a 👎 with its reason replaces the voter's earlier vote", async () => {
      await store.curation.recordFeedback({ answerId: 'slack:C1:1.2', vote: 'up', passageIds: ['x.md#y'], lang: 'sv', at: AT }, 'U1');
      await store.curation.recordFeedback({ answerId: 'slack:C1:1.2', vote: 'down', passageIds: ['x.md#y'], lang: 'sv', at: AT }, 'U1');
      await store.curation.recordFeedback({ answerId: 'slack:C1:1.2', vote: 'down', reason: 'outdated', passageIds: ['x.md#y'], lang: 'sv', at: AT }, 'U1');
      await store.curation.recordFeedback({ answerId: 'slack:C1:1.2', vote: 'up', passageIds: ['x.md#y'], lang: 'sv', at: AT }, 'U2');
      const rows = (await store.exportAll()).feedback;
      expect(rows.map((f) => [f.vote, f.reason]).sort()).toEqual([['down', 'outdated'], ['up', undefined]]);
      expect(JSON.stringify(rows)).not.toContain('U1');
    });

    it('lists the latest open questions first, a question added twice under one key once, and counts them all', async () => {
      for (let i = 0; i < 31; i++) {
        await store.curation.addUnanswered({ question: `Q${i}`, lang: 'en', askedAt: new Date(Date.parse(AT) + i * 60_000).toISOString() }, `slack:C1:${i}`);
      }
      const again = await store.curation.addUnanswered({ question: 'Q3', lang: 'en', askedAt: '2026-12-01T00:00:00.000Z' }, 'slack:C1:3');
      expect(again.id).toBe('slack:C1:3');
      const page = await store.curation.latestUnanswered(20);
      expect(page.total).toBe(31);
      expect(page.items.map((q) => q.question)).toEqual(Array.from({ length: 20 }, (_, i) => `Q${30 - i}`));
      expect(await store.curation.closeUnanswered('slack:C1:30', 'curator', AT)).toBe(true);
      expect((await store.curation.latestUnanswered(1)).items.map((q) => q.question)).toEqual(['Q29']);
      expect((await store.curation.latestUnanswered(1)).total).toBe(30);
    });

    it('remembers the passages an answer cited until they expire, also for a second connection', async () => {
      const other = await factory.openAnother(store);
      try {
        await store.curation.rememberCited('teams:a:1:m1', ['x.md#y', 'z.md#w'], 60);
        await store.curation.rememberCited('teams:a:1:m2', ['x.md#y'], 1);
        expect(await other.curation.citedBy('teams:a:1:m1')).toEqual(['x.md#y', 'z.md#w']);
        expect(await store.curation.citedBy('teams:a:1:m2')).toEqual(['x.md#y']);
        expect(await store.curation.citedBy('nothing')).toBeUndefined();
        await new Promise((r) => setTimeout(r, 1100));
        expect(await store.curation.citedBy('teams:a:1:m2')).toBeUndefined();
        expect(await store.curation.citedBy('teams:a:1:m1')).toEqual(['x.md#y', 'z.md#w']);
      } finally {
        await other.close();
      }
    });
  });

  describe('channel bookkeeping', () => {
    it('sees an event id once until it expires, also from a second connection', async () => {
      const other = await factory.openAnother(store);
      try {
        expect(await store.channels.markEventSeen('Ev1', 60)).toBe(true);
        expect(await store.channels.markEventSeen('Ev1', 60)).toBe(false);
        expect(await other.channels.markEventSeen('Ev1', 60)).toBe(false);
        expect(await other.channels.markEventSeen('Ev2', 1)).toBe(true);
        await new Promise((r) => setTimeout(r, 1100));
        expect(await store.channels.markEventSeen('Ev2', 1)).toBe(true);
        // a forgotten id is new again, for every connection
        await other.channels.forgetEvent('Ev1');
        expect(await store.channels.markEventSeen('Ev1', 60)).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('keeps a mark active until its time runs out, renewed when marked again, also for a second connection', async () => {
      const other = await factory.openAnother(store);
      try {
        expect(await store.channels.isActive('slack:thread:C1:1.1')).toBe(false);
        await store.channels.markActive('slack:thread:C1:1.1', 1);
        await store.channels.markActive('slack:thread:C1:2.2', 1);
        expect(await other.channels.isActive('slack:thread:C1:1.1')).toBe(true);
        await new Promise((r) => setTimeout(r, 600));
        await store.channels.markActive('slack:thread:C1:2.2', 60);
        await new Promise((r) => setTimeout(r, 600));
        expect(await store.channels.isActive('slack:thread:C1:1.1')).toBe(false);
        expect(await other.channels.isActive('slack:thread:C1:2.2')).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('keeps the question asked last in a thread, in place of the one before, until it expires', async () => {
      const other = await factory.openAnother(store);
      try {
        expect(await store.channels.keptText('slack:asked:C1:1.1')).toBeUndefined();
        await store.channels.keepText('slack:asked:C1:1.1', 'Hvor mye pant er det i Norge?', 60);
        await store.channels.keepText('slack:asked:C1:1.1', 'Hvor mye pant er det i Sverige?', 60);
        await store.channels.keepText('slack:asked:C1:2.2', 'how long is the warranty?', 1);
        expect(await other.channels.keptText('slack:asked:C1:1.1')).toBe('Hvor mye pant er det i Sverige?');
        expect(await other.channels.keptText('slack:asked:C1:2.2')).toBe('how long is the warranty?');
        await new Promise((r) => setTimeout(r, 1100));
        expect(await store.channels.keptText('slack:asked:C1:2.2')).toBeUndefined();
        expect(await store.channels.keptText('slack:asked:C1:1.1')).toBe('Hvor mye pant er det i Sverige?');
      } finally {
        await other.close();
      }
    });

    it('keeps conversation references and user teams', async () => {
      await store.channels.saveConversation('teams:U1', { conversation: { id: 'a:1' }, serviceUrl: 'http://x' }, AT);
      expect(await store.channels.getConversation('teams:U1')).toEqual({ conversation: { id: 'a:1' }, serviceUrl: 'http://x' });
      expect(await store.channels.getConversation('nobody')).toBeUndefined();
      await store.channels.setUserTeam('U1', 'T1');
      await store.channels.setUserTeam('U1', 'T2');
      expect(await store.channels.teamOfUser('U1')).toBe('T2');
    });
  });

  describe('locks', () => {
    it('is not taken by a second replica until released or expired', async () => {
      const other = await factory.openAnother(store);
      try {
        expect(await store.locks.acquire('pulse', 'r1', 300)).toBe(true);
        expect(await other.locks.acquire('pulse', 'r2', 300)).toBe(false);
        expect(await other.locks.release('pulse', 'r2')).toBe(false);
        expect(await store.locks.release('pulse', 'r1')).toBe(true);
        expect(await other.locks.acquire('pulse', 'r2', 200)).toBe(true);
        await new Promise((r) => setTimeout(r, 300));
        expect(await store.locks.acquire('pulse', 'r1', 200)).toBe(true);
      } finally {
        await other.close();
      }
    });
  });

  describe('goals', () => {
    it('applies values and deltas, honours idempotency keys, and lists by team', async () => {
      const g = await store.goals.createGoal(goalInput(), AT);
      expect(g.current).toBe(4.1);
      expect(await store.goals.addProgress(g.id, { value: 4.3 }, { source: 'slack', actor: 'U2', at: AT })).toMatchObject({ applied: true, reachedNow: false, goal: { current: 4.3 } });
      expect(await store.goals.addProgress(g.id, { delta: 0.1 }, { source: 'api', idempotencyKey: 'k1', at: AT })).toMatchObject({ applied: true, goal: { current: 4.4 } });
      expect(await store.goals.addProgress(g.id, { delta: 0.1 }, { source: 'api', idempotencyKey: 'k1', at: AT })).toMatchObject({ applied: false, goal: { current: 4.4 } });
      expect(await store.goals.addProgress('missing', { delta: 1 }, { source: 'api', at: AT })).toBeUndefined();
      expect(await store.goals.listProgress(g.id)).toEqual([
        { goalId: g.id, value: 4.3, delta: expect.closeTo(0.2, 9), source: 'slack', actor: 'U2', at: AT },
        { goalId: g.id, value: 4.4, delta: expect.closeTo(0.1, 9), source: 'api', idempotencyKey: 'k1', at: AT },
      ]);
      await store.goals.createGoal(goalInput({ team: 'T2', title: 'Other team' }), AT);
      expect((await store.goals.listGoals('T1')).map((x) => x.title)).toEqual(['CSAT to 4.5']);
    });

    it('numbers a team\'s goals by when they were made, then by id, however they were stored, exported or imported', async () => {
      const titles = (goals: { title: string }[]) => goals.map((g) => g.title);
      for (const [title, at] of [['third', '2026-11-20T10:03:00.000Z'], ['first', '2026-11-20T10:01:00.000Z'], ['second', '2026-11-20T10:02:00.000Z']]) await store.goals.createGoal(goalInput({ title }), at!);
      const twins = [await store.goals.createGoal(goalInput({ title: 'twin' }), '2026-11-20T10:04:00.000Z'), await store.goals.createGoal(goalInput({ title: 'twin' }), '2026-11-20T10:04:00.000Z')];
      const numbered = ['first', 'second', 'third', 'twin', 'twin'];
      const ids = (await store.goals.listGoals('T1')).map((g) => g.id);
      expect(titles(await store.goals.listGoals('T1'))).toEqual(numbered);
      expect(ids.slice(3)).toEqual(twins.map((g) => g.id).sort());
      const snapshot = await store.exportAll();
      expect(snapshot.goals.map((g) => g.id)).toEqual(ids);

      // a backup's goals in any order, imported into an empty store and again over it, keep their numbers
      const other = await factory.open();
      try {
        const reversed = { ...snapshot, goals: [...snapshot.goals].reverse() };
        await other.importAll(reversed);
        expect((await other.goals.listGoals('T1')).map((g) => g.id)).toEqual(ids);
        await other.importAll(reversed);
        await other.importAll(snapshot);
        expect((await other.goals.listGoals('T1')).map((g) => g.id)).toEqual(ids);
        const later = await other.goals.createGoal(goalInput({ title: 'later' }), '2026-11-21T10:00:00.000Z');
        expect((await other.goals.listGoals('T1')).map((g) => g.id)).toEqual([...ids, later.id]);
      } finally {
        await other.close();
      }
    });

    it('imports a backup again, over itself or into another store, without doubling a goal\'s history', async () => {
      const g = await store.goals.createGoal(goalInput({ start: 0, target: 10 }), AT);
      await store.goals.addProgress(g.id, { delta: 2 }, { source: 'api', idempotencyKey: 'k1', at: AT });
      // two updates alike in every field are two updates
      for (const value of [5, 2, 5]) await store.goals.addProgress(g.id, { value }, { source: 'slack', actor: 'U2', at: AT });
      const snapshot = await store.exportAll();
      expect(snapshot.progress).toHaveLength(4);
      const other = await factory.open();
      try {
        for (const into of [store, other]) {
          await into.importAll(snapshot);
          await into.importAll(snapshot);
          expect(await into.goals.listProgress(g.id)).toEqual(snapshot.progress);
          expect(await into.exportAll()).toEqual(snapshot);
          expect(await into.goals.addProgress(g.id, { delta: 2 }, { source: 'api', idempotencyKey: 'k1', at: AT })).toMatchObject({ applied: false, goal: { current: 5 } });
        }
      } finally {
        await other.close();
      }
    });

    it('rounds a value to 12 significant digits before comparing it with the target: a value stored as reached is reached now', async () => {
      const higher = await store.goals.createGoal(goalInput({ start: 0, target: 10 }), AT);
      expect(await store.goals.addProgress(higher.id, { value: 9.9999999999999 }, { source: 'api', at: AT })).toMatchObject({ applied: true, reachedNow: true, goal: { current: 10, reachedAt: AT } });
      const lower = await store.goals.createGoal(goalInput({ start: 20, target: 10, direction: 'lower' }), AT);
      expect(await store.goals.addProgress(lower.id, { value: 10.0000000000001 }, { source: 'api', at: AT })).toMatchObject({ applied: true, reachedNow: true, goal: { current: 10 } });
      expect((await store.goals.listProgress(lower.id)).map((p) => p.value)).toEqual([10]);
    });

    it('refuses as out of range a value or change past the limit, also one that rounding would bring back to it', async () => {
      const g = await store.goals.createGoal(goalInput({ start: -1e12, target: 0 }), AT);
      for (const input of [{ delta: -1 }, { delta: -0.4 }, { value: -1000000000000.4 }]) {
        expect(await store.goals.addProgress(g.id, input, { source: 'api', idempotencyKey: 'edge', at: AT })).toMatchObject({ applied: false, reachedNow: false, refused: 'out_of_range', goal: { current: -1e12 } });
      }
      const top = await store.goals.createGoal(goalInput({ start: 1e12, target: 2 }), AT);
      expect(await store.goals.addProgress(top.id, { delta: 0.4 }, { source: 'api', at: AT })).toMatchObject({ refused: 'out_of_range', goal: { current: 1e12 } });
      expect(await store.goals.listProgress(g.id)).toEqual([]);
      expect(await store.goals.listProgress(top.id)).toEqual([]);
      // the refused updates kept nothing, their key included
      expect(await store.goals.addProgress(g.id, { delta: 1 }, { source: 'api', idempotencyKey: 'edge', at: AT })).toMatchObject({ applied: true, goal: { current: -999999999999 } });
    });

    it('marks a lower-is-better goal reached once', async () => {
      const g = await store.goals.createGoal(goalInput({ title: 'Handle time', start: 400, target: 360, direction: 'lower' }), AT);
      expect((await store.goals.addProgress(g.id, { value: 370 }, { source: 'api', at: AT }))!.reachedNow).toBe(false);
      expect((await store.goals.addProgress(g.id, { value: 355 }, { source: 'api', at: AT }))!.reachedNow).toBe(true);
      expect((await store.goals.addProgress(g.id, { value: 350 }, { source: 'api', at: AT }))!.reachedNow).toBe(false);
      expect((await store.goals.getGoal(g.id))!.reachedAt).toBe(AT);
    });

    it('50 concurrent updates from two connections crossing the target mark it reached exactly once', async () => {
      const other = await factory.openAnother(store);
      try {
        const g = await store.goals.createGoal(goalInput({ start: 0, target: 25, unit: 'cases' }), AT);
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 ? store : other).goals.addProgress(g.id, { delta: 1 }, { source: 'api', at: AT })),
        );
        expect(outcomes.filter((o) => o!.reachedNow)).toHaveLength(1);
        expect((await store.goals.getGoal(g.id))!.current).toBe(50);
      } finally {
        await other.close();
      }
    });

    it('queues the celebration given with the update that reaches the target, in the same step, and with no other update', async () => {
      const g = await store.goals.createGoal(goalInput({ start: 0, target: 10 }), AT);
      const celebration = { batch: `goal:${g.id}:celebration`, items: [{ id: 'channel', to: 'C1' }] };
      const none = { pending: 0, sending: 0, sent: 0 };
      await store.goals.addProgress(g.id, { value: 5 }, { source: 'api', at: AT }, celebration);
      await store.goals.addProgress(g.id, { value: 2e12 }, { source: 'api', at: AT }, celebration);
      expect(await store.outbox.counts(celebration.batch)).toEqual(none);
      expect(await store.goals.addProgress(g.id, { delta: 5 }, { source: 'api', idempotencyKey: 'k1', at: AT }, celebration)).toMatchObject({ applied: true, reachedNow: true });
      expect(await store.outbox.unsent(celebration.batch, 10)).toEqual([{ id: 'channel', to: 'C1', state: 'pending', tries: 0 }]);
      await store.outbox.mark(celebration.batch, 'channel', 'sent');
      // the update that reached it, repeated, and the updates after it queue nothing again
      await store.goals.addProgress(g.id, { delta: 5 }, { source: 'api', idempotencyKey: 'k1', at: AT }, celebration);
      await store.goals.addProgress(g.id, { value: 12 }, { source: 'api', at: AT }, celebration);
      expect(await store.outbox.counts(celebration.batch)).toEqual({ ...none, sent: 1 });
      // an update without a celebration to queue reaches a goal all the same
      const quiet = await store.goals.createGoal(goalInput({ start: 0, target: 1 }), AT);
      expect(await store.goals.addProgress(quiet.id, { value: 1 }, { source: 'api', at: AT })).toMatchObject({ reachedNow: true });
      expect(await store.outbox.counts(`goal:${quiet.id}:celebration`)).toEqual(none);
    });

    it('creates a goal once per idempotency key and team, queuing its card in the same step; the key again, from any connection, gives that goal and queues nothing', async () => {
      const card = (id: string) => ({ batch: `goal:${id}:card`, items: [{ id: 'channel', to: 'C1' }] });
      const none = { pending: 0, sending: 0, sent: 0 };
      const first = await store.goals.createGoal(goalInput(), AT, { idempotencyKey: 'slack:view:V1', card });
      expect(await store.outbox.unsent(card(first.id).batch, 10)).toEqual([{ id: 'channel', to: 'C1', state: 'pending', tries: 0 }]);
      await store.outbox.mark(card(first.id).batch, 'channel', 'sent');
      const other = await factory.openAnother(store);
      try {
        // sent again, whatever it says now: the goal the key made, as it was made, and nothing queued again
        for (const from of [store, other]) expect(await from.goals.createGoal(goalInput({ title: 'CSAT to 4.6', target: 4.6 }), '2026-11-20T10:05:00.000Z', { idempotencyKey: 'slack:view:V1', card })).toEqual(first);
        expect(await store.outbox.counts(card(first.id).batch)).toEqual({ ...none, sent: 1 });
        // one key sent from two replicas at once makes one goal
        const raced = await Promise.all([store, other, store, other].map((s) => s.goals.createGoal(goalInput({ title: 'Raced' }), AT, { idempotencyKey: 'slack:view:V2', card })));
        expect(new Set(raced.map((g) => g.id)).size).toBe(1);
        expect(await store.outbox.counts(card(raced[0]!.id).batch)).toEqual({ ...none, pending: 1 });
        // another key, no key, the same key in another team: a goal each, alike or not
        const again = await other.goals.createGoal(goalInput(), AT, { idempotencyKey: 'slack:view:V3' });
        const bare = [await store.goals.createGoal(goalInput(), AT), await store.goals.createGoal(goalInput(), AT)];
        const elsewhere = await store.goals.createGoal(goalInput({ team: 'T2' }), AT, { idempotencyKey: 'slack:view:V1', card });
        expect((await store.goals.listGoals('T1')).map((g) => g.id).sort()).toEqual([first, raced[0]!, again, ...bare].map((g) => g.id).sort());
        expect(await store.goals.listGoals('T2')).toEqual([elsewhere]);
        expect(await store.outbox.counts(card(elsewhere.id).batch)).toEqual({ ...none, pending: 1 });
        // a goal created with no card to queue has none
        expect(await store.outbox.counts(card(again.id).batch)).toEqual(none);
      } finally {
        await other.close();
      }
    });

    it('keeps kudos by team and time window', async () => {
      await store.goals.addKudos({ team: 'T1', from: 'U1', to: 'U2', text: 'for the calm call', at: '2026-11-16T09:00:00.000Z' });
      await store.goals.addKudos({ team: 'T1', from: 'U2', to: 'U3', text: 'for the handover', goalId: 'g1', at: '2026-11-23T09:00:00.000Z' });
      await store.goals.addKudos({ team: 'T2', from: 'U9', to: 'U8', text: 'other team', at: '2026-11-17T09:00:00.000Z' });
      const week = await store.goals.listKudos('T1', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z');
      expect(week.map((k) => k.text)).toEqual(['for the calm call']);
    });
  });

  describe('pulse', () => {
    const roundInput = { team: 'T1', week: '2026-W47', questionIds: ['clarity', 'load'], opensAt: AT, closesAt: '2026-11-23T10:00:00.000Z', k: 5 };
    const hash = (key: Buffer, roundId: string, user: string) => createHmac('sha256', key).update(`${roundId}\n${user}`).digest('hex');

    it('opens one round per team and week', async () => {
      const a = await store.pulse.openRound(roundInput);
      const b = await store.pulse.openRound(roundInput);
      expect(b.id).toBe(a.id);
      expect(a.state).toBe('open');
    });

    it("queues the check-ins given with the round it opens, in the same step; the week's round opened again, from any connection, queues none", async () => {
      const checkins = (people: string[]) => (roundId: string) => ({ batch: `pulse:${roundId}:checkin`, items: people.map((p) => ({ id: p, to: p })) });
      const queued = async (roundId: string) => (await store.outbox.unsent(`pulse:${roundId}:checkin`, 10)).map((i) => i.to);
      const other = await factory.openAnother(store);
      try {
        // two replicas open the week at once, each with whom it would ask: one round, with one of the two lists
        const [a, b] = await Promise.all([store.pulse.openRound(roundInput, undefined, checkins(['U1', 'U2'])), other.pulse.openRound(roundInput, undefined, checkins(['U3', 'U4', 'U5']))]);
        expect(b.id).toBe(a.id);
        expect([['U1', 'U2'], ['U3', 'U4', 'U5']]).toContainEqual(await queued(a.id));
        const first = await queued(a.id);
        expect((await store.pulse.openRound(roundInput, undefined, checkins(['U6']))).id).toBe(a.id);
        expect(await queued(a.id)).toEqual(first);
        // another team's week, opened without check-ins, queues none
        const quiet = await store.pulse.openRound({ ...roundInput, team: 'T2' });
        expect(await store.outbox.counts(`pulse:${quiet.id}:checkin`)).toEqual({ pending: 0, sending: 0, sent: 0 });
      } finally {
        await other.close();
      }
    });

    it('records a sealed answer once per keyed hash, counts nothing while open, and closes in one step with the results given', async () => {
      const round = await store.pulse.openRound(roundInput);
      const key = (await store.pulse.roundKey(round.id))!;
      expect(await store.pulse.recordAnswer(round.id, hash(key, round.id, 'U1'), 'sealed-one')).toBe('recorded');
      expect(await store.pulse.recordAnswer(round.id, hash(key, round.id, 'U2'), 'sealed-two')).toBe('recorded');
      expect(await store.pulse.recordAnswer(round.id, hash(key, round.id, 'U1'), 'sealed-again')).toBe('duplicate');
      expect((await store.pulse.sealedAnswers(round.id)).entries.sort()).toEqual(['sealed-one', 'sealed-two']);
      expect((await store.pulse.sealedAnswers(round.id)).answered).toBe(2);
      expect(await store.pulse.results(round.id)).toEqual({ roundId: round.id, respondents: 0, counts: {}, comments: [] });
      expect((await store.exportAll()).roundSecrets.map((r) => r.sealed.sort())).toEqual([['sealed-one', 'sealed-two']]);

      const final = { respondents: 2, counts: { clarity: { '4': 2 }, load: { '2': 1, '3': 1 } }, comments: ['Too many calls'] };
      const read = await store.pulse.sealedAnswers(round.id);
      // an answer arrived after the sealed answers were counted: nothing changes, count again
      expect(await store.pulse.closeRound(round.id, final, { ...read, entries: read.entries.slice(1), version: read.version - 1 })).toBe(false);
      // one recorded by a Kompis that does not move the version: the number of entries still tells
      expect(await store.pulse.closeRound(round.id, final, { ...read, entries: read.entries.slice(1) })).toBe(false);
      expect((await store.pulse.getRound(round.id))!.state).toBe('open');
      expect(await store.pulse.closeRound(round.id, final, read)).toBe(true);
      expect(await store.pulse.results(round.id)).toEqual({ roundId: round.id, ...final });
      expect((await store.pulse.getRound(round.id))!.state).toBe('closed');
      expect(await store.pulse.roundKey(round.id)).toBeUndefined();
      // nothing of the sealed answers is kept, not even how many times they changed
      expect(await store.pulse.sealedAnswers(round.id)).toEqual({ entries: [], version: 0, answered: 0 });
      expect(await store.pulse.recordAnswer(round.id, hash(key, round.id, 'U3'), 'sealed-late')).toBe('closed');
      const dump = JSON.stringify(await store.exportAll());
      expect(dump).not.toContain(hash(key, round.id, 'U1'));
      expect(dump).not.toContain('sealed-one');
      expect(dump).not.toContain('U1');
    });

    it('records the same answer from two connections at once only once', async () => {
      const other = await factory.openAnother(store);
      try {
        const round = await store.pulse.openRound(roundInput);
        const h = hash((await store.pulse.roundKey(round.id))!, round.id, 'U7');
        const outcomes = await Promise.all([store.pulse.recordAnswer(round.id, h, 'sealed-a'), other.pulse.recordAnswer(round.id, h, 'sealed-b')]);
        expect(outcomes.sort()).toEqual(['duplicate', 'recorded']);
        expect((await store.pulse.sealedAnswers(round.id)).entries).toHaveLength(1);
      } finally {
        await other.close();
      }
    });

    it('replaces loose answers with the batch that holds them, all or none, and a close counted before it counts again', async () => {
      const round = await store.pulse.openRound(roundInput);
      const key = (await store.pulse.roundKey(round.id))!;
      for (const u of ['U1', 'U2', 'U3']) await store.pulse.recordAnswer(round.id, hash(key, round.id, u), `sealed-${u}`);
      const before = await store.pulse.sealedAnswers(round.id);
      expect(await store.pulse.batchAnswers(round.id, ['sealed-U1', 'sealed-gone'], 'batch-x')).toBe(false);
      expect((await store.pulse.looseAnswers(round.id)).sort()).toEqual(['sealed-U1', 'sealed-U2', 'sealed-U3']);
      expect(await store.pulse.batchAnswers(round.id, ['sealed-U1', 'sealed-U3'], 'batch-1')).toBe(true);
      expect(await store.pulse.looseAnswers(round.id)).toEqual(['sealed-U2']);
      await store.pulse.recordAnswer(round.id, hash(key, round.id, 'U4'), 'sealed-U4');
      const after = await store.pulse.sealedAnswers(round.id);
      expect(after.entries.sort()).toEqual(['batch-1', 'sealed-U2', 'sealed-U4']);
      expect((await store.exportAll()).roundSecrets.find((r) => r.roundId === round.id)!.sealed.sort()).toEqual(['batch-1', 'sealed-U2', 'sealed-U4']);
      // what was counted before the batch no longer matches, though the number of entries is the same
      expect(await store.pulse.closeRound(round.id, { respondents: 3, counts: {}, comments: [] }, { ...after, version: before.version })).toBe(false);
      expect(await store.pulse.closeRound(round.id, { respondents: 4, counts: {}, comments: [] }, after)).toBe(true);
      expect((await store.pulse.sealedAnswers(round.id)).entries).toEqual([]);
      expect(await store.pulse.batchAnswers(round.id, [], 'batch-late')).toBe(false);
      expect(JSON.stringify(await store.exportAll())).not.toContain('batch-1');
    });

    it('moves an open round\'s version on when the store is imported into, so a close counted before it counts again', async () => {
      const round = await store.pulse.openRound(roundInput);
      await store.pulse.recordAnswer(round.id, 'h1', 'sealed-1');
      const read = await store.pulse.sealedAnswers(round.id);
      await store.importAll(await store.exportAll());
      expect(await store.pulse.closeRound(round.id, { respondents: 1, counts: {}, comments: [] }, read)).toBe(false);
      expect(await store.pulse.closeRound(round.id, { respondents: 1, counts: {}, comments: [] }, await store.pulse.sealedAnswers(round.id))).toBe(true);
    });

    it('deletes comments of rounds older than the retention week and keeps the counts', async () => {
      const old = await store.pulse.openRound({ ...roundInput, week: '2026-W10' });
      const recent = await store.pulse.openRound({ ...roundInput, week: '2026-W46' });
      for (const r of [old, recent]) await store.pulse.closeRound(r.id, { respondents: 1, counts: { clarity: { '5': 1 } }, comments: ['A comment'] }, await store.pulse.sealedAnswers(r.id));
      expect(await store.pulse.deleteCommentsBefore('2026-W21')).toBe(1);
      expect((await store.pulse.results(old.id))!).toMatchObject({ comments: [], respondents: 1, counts: { clarity: { '5': 1 } } });
      expect((await store.pulse.results(recent.id))!.comments).toEqual(['A comment']);
    });

    it('compares weeks as year and week numbers: a week of a year written short is before every round, and what is no week deletes nothing', async () => {
      const r = await store.pulse.openRound({ ...roundInput, week: '2026-W10' });
      await store.pulse.closeRound(r.id, { respondents: 1, counts: {}, comments: ['A comment'] }, await store.pulse.sealedAnswers(r.id));
      // as text, '2026-W10' < '493-W37'
      expect(await store.pulse.deleteCommentsBefore('493-W37')).toBe(0);
      await expect(store.pulse.deleteCommentsBefore('NaN-WNaN')).rejects.toThrow(/not an ISO week/);
      expect((await store.pulse.results(r.id))!.comments).toEqual(['A comment']);
      expect(await store.pulse.deleteCommentsBefore('2026-W11')).toBe(1);
    });
  });

  describe('pulse rounds for reminders and trends', () => {
    const round = (week: string) => ({ team: 'T1', week, questionIds: ['clarity'], opensAt: AT, closesAt: AT, remindAt: AT, k: 4, invited: 7, commentK: 6 });

    it('lists a team\'s rounds newest first and keeps k, the comment threshold and the reminder time', async () => {
      for (const week of ['2026-W45', '2026-W47', '2026-W46']) await store.pulse.openRound(round(week));
      await store.pulse.openRound({ ...round('2026-W48'), team: 'T2' });
      const rounds = await store.pulse.listRounds('T1', 2);
      expect(rounds.map((r) => r.week)).toEqual(['2026-W47', '2026-W46']);
      expect(rounds[0]).toMatchObject({ k: 4, commentK: 6, remindAt: AT, invited: 7, state: 'open' });
    });

    it('keeps of withheld comments only that there were some', async () => {
      const r = await store.pulse.openRound(round('2026-W47'));
      await store.pulse.closeRound(r.id, { respondents: 4, counts: { clarity: { '3': 4 } }, comments: [], commentsWithheld: true }, await store.pulse.sealedAnswers(r.id));
      expect(await store.pulse.results(r.id)).toEqual({ roundId: r.id, respondents: 4, counts: { clarity: { '3': 4 } }, comments: [], commentsWithheld: true });
      expect((await store.exportAll()).results).toEqual([{ roundId: r.id, respondents: 4, counts: { clarity: { '3': 4 } }, comments: [], commentsWithheld: true }]);
    });

    it('keeps of a round that could not be summarised only that, through an export and import too', async () => {
      const r = await store.pulse.openRound(round('2026-W47'));
      await store.pulse.closeRound(r.id, { respondents: 0, counts: {}, comments: [], unsummarised: true }, await store.pulse.sealedAnswers(r.id));
      const kept = { roundId: r.id, respondents: 0, counts: {}, comments: [], unsummarised: true };
      expect(await store.pulse.results(r.id)).toEqual(kept);
      const snapshot = await store.exportAll();
      expect(snapshot.results).toEqual([kept]);
      const other = await factory.open();
      try {
        await other.importAll(snapshot);
        expect(await other.pulse.results(r.id)).toEqual(kept);
      } finally {
        await other.close();
      }
    });

    it('brings an open round\'s closing time forward, and a closed round stays as it closed', async () => {
      const r = await store.pulse.openRound(round('2026-W47'));
      expect(await store.pulse.closeAt(r.id, '2026-11-20T08:00:00.000Z')).toBe(true);
      expect((await store.pulse.getRound(r.id))!.closesAt).toBe('2026-11-20T08:00:00.000Z');
      await store.pulse.closeRound(r.id, { respondents: 4, counts: { clarity: { '3': 4 } }, comments: [] }, await store.pulse.sealedAnswers(r.id));
      expect(await store.pulse.closeAt(r.id, '2026-11-21T08:00:00.000Z')).toBe(false);
      expect(await store.pulse.closeRound(r.id, { respondents: 0, counts: {}, comments: [] }, { entries: [], version: 0, answered: 0 })).toBe(true);
      expect(await store.pulse.results(r.id)).toMatchObject({ respondents: 4, counts: { clarity: { '3': 4 } } });
      expect(await store.pulse.getRound(r.id)).toMatchObject({ state: 'closed', closesAt: '2026-11-20T08:00:00.000Z', k: 4, commentK: 6 });
    });

    it('tells whether a keyed hash has answered, until the round closes', async () => {
      const r = await store.pulse.openRound(round('2026-W47'));
      expect(await store.pulse.hasAnswered(r.id, 'h1')).toBe(false);
      await store.pulse.recordAnswer(r.id, 'h1', 'sealed');
      expect(await store.pulse.hasAnswered(r.id, 'h1')).toBe(true);
      await store.pulse.closeRound(r.id, { respondents: 1, counts: {}, comments: [] }, await store.pulse.sealedAnswers(r.id));
      expect(await store.pulse.hasAnswered(r.id, 'h1')).toBe(false);
    });

    it('keeps the hashes of the leads a round opened with through its close and in an export', async () => {
      const r = await store.pulse.openRound({ ...round('2026-W47'), leadHashes: ['l1', 'l2'] });
      expect(await store.pulse.getRound(r.id)).toMatchObject({ leadHashes: ['l1', 'l2'] });
      expect(await store.pulse.closeAt(r.id, '2026-11-20T08:00:00.000Z')).toBe(true);
      await store.pulse.closeRound(r.id, { respondents: 0, counts: {}, comments: [] }, await store.pulse.sealedAnswers(r.id));
      expect((await store.pulse.listRounds('T1', 1))[0]).toMatchObject({ state: 'closed', leadHashes: ['l1', 'l2'] });
      expect((await store.exportAll()).rounds).toEqual([expect.objectContaining({ id: r.id, leadHashes: ['l1', 'l2'] })]);
      const other = await store.pulse.openRound({ ...round('2026-W47'), team: 'T2' });
      expect((await store.pulse.getRound(other.id))!.leadHashes).toBeUndefined();
    });

    it("marks people asked in a week for the first team that asks them, and gives a team back only its own, again as often as it asks", async () => {
      expect(await store.pulse.askOnce('2026-W48', 'T1', ['h1', 'h2', 'h3'], 60)).toEqual(['h1', 'h2', 'h3']);
      expect(await store.pulse.askOnce('2026-W48', 'T2', ['h2', 'h4', 'h3'], 60)).toEqual(['h4']);
      // the same team again (a round opened again after a crash, its reminder), with one who joined meanwhile
      expect(await store.pulse.askOnce('2026-W48', 'T1', ['h1', 'h4', 'h5', 'h3'], 60)).toEqual(['h1', 'h5', 'h3']);
      expect(await store.pulse.askOnce('2026-W49', 'T2', ['h1', 'h2'], 60)).toEqual(['h1', 'h2']);
      expect(await store.pulse.askOnce('2026-W48', 'T2', [], 60)).toEqual([]);
    });

    it('forgets the marks of a week once their time has run out', async () => {
      expect(await store.pulse.askOnce('2026-W48', 'T1', ['h1'], 1)).toEqual(['h1']);
      await new Promise((r) => setTimeout(r, 2100));
      expect(await store.pulse.askOnce('2026-W48', 'T2', ['h1'], 60)).toEqual(['h1']);
    });
  });

  describe('teams', () => {
    it('saves, replaces and lists teams with their pulse schedule', async () => {
      const team = { id: 'slack:C1', platform: 'slack' as const, channel: 'C1', tz: 'Europe/Stockholm', lang: 'sv' as const, leads: ['U1'], updatedAt: AT };
      await store.teams.saveTeam(team);
      await store.teams.saveTeam({ ...team, id: 'slack:C0', channel: 'C0' });
      await store.teams.saveTeam({ ...team, leads: ['U1', 'U2'], pulse: { day: 5, time: '13:00', questionIds: ['a', 'b', 'c'], k: 5, openHours: 72, paused: false } });
      expect(await store.teams.getTeam('slack:C1')).toEqual({ ...team, leads: ['U1', 'U2'], pulse: { day: 5, time: '13:00', questionIds: ['a', 'b', 'c'], k: 5, openHours: 72, paused: false } });
      expect((await store.teams.listTeams()).map((t) => t.id)).toEqual(['slack:C0', 'slack:C1']);
      expect(await store.teams.getTeam('slack:C9')).toBeUndefined();
      expect((await store.exportAll()).teams).toHaveLength(2);
    });
  });

  describe('outbox', () => {
    it('adds each id once, hands out unsent items in order and counts states', async () => {
      expect(await store.outbox.enqueue('b1', [{ id: 'm2', to: 'U2' }, { id: 'm1', to: 'U1' }, { id: 'm3', to: 'U3' }])).toBe(3);
      await store.outbox.mark('b1', 'm1', 'sent');
      await store.outbox.mark('b1', 'm2', 'sending');
      expect(await store.outbox.enqueue('b1', [{ id: 'm1', to: 'U1' }, { id: 'm4', to: 'U4' }])).toBe(1);
      expect(await store.outbox.unsent('b1', 2)).toEqual([
        { id: 'm2', to: 'U2', state: 'sending', tries: 0 },
        { id: 'm3', to: 'U3', state: 'pending', tries: 0 },
      ]);
      expect(await store.outbox.counts('b1')).toEqual({ pending: 2, sending: 1, sent: 1 });
      expect(await store.outbox.counts('b2')).toEqual({ pending: 0, sending: 0, sent: 0 });
      await store.outbox.drop('b1');
      expect(await store.outbox.unsent('b1', 10)).toEqual([]);
    });

    it('puts an item the platform did not take behind the ones tried less often, counting its tries', async () => {
      await store.outbox.enqueue('b3', [{ id: 'm1', to: 'U1' }, { id: 'm2', to: 'U2' }, { id: 'm3', to: 'U3' }]);
      await store.outbox.mark('b3', 'm1', 'sending');
      expect(await store.outbox.retryLater('b3', 'm1')).toBe(1);
      expect(await store.outbox.retryLater('b3', 'm1')).toBe(2);
      expect(await store.outbox.retryLater('b3', 'm2')).toBe(1);
      expect(await store.outbox.unsent('b3', 10)).toEqual([
        { id: 'm3', to: 'U3', state: 'pending', tries: 0 },
        { id: 'm2', to: 'U2', state: 'pending', tries: 1 },
        { id: 'm1', to: 'U1', state: 'pending', tries: 2 },
      ]);
      expect(await store.outbox.counts('b3')).toEqual({ pending: 3, sending: 0, sent: 0 });
      await store.outbox.drop('b3');
      await store.outbox.enqueue('b3', [{ id: 'm1', to: 'U1' }]);
      expect(await store.outbox.unsent('b3', 10)).toEqual([{ id: 'm1', to: 'U1', state: 'pending', tries: 0 }]);
    });

    it('writes nothing for an item of a dropped batch: a send still under way when the round is forgotten leaves no trace of whom it was for', async () => {
      await store.outbox.enqueue('b4', [{ id: 'm1', to: 'U1' }, { id: 'm2', to: 'U2' }]);
      await store.outbox.mark('b4', 'm1', 'sending');
      await store.outbox.drop('b4');
      await store.outbox.mark('b4', 'm1', 'sent');
      expect(await store.outbox.retryLater('b4', 'm2')).toBe(0);
      await store.outbox.mark('b4', 'never-enqueued', 'sending');
      expect(await store.outbox.counts('b4')).toEqual({ pending: 0, sending: 0, sent: 0 });
      expect(await store.outbox.unsent('b4', 10)).toEqual([]);
    });

    it('exports every item, sent or not, batch by batch; an import brings them back, and an item sent in the store or in the backup stays sent', async () => {
      await store.outbox.enqueue('goal:g1:celebration', [{ id: 'channel', to: 'C1' }]);
      await store.outbox.enqueue('b1', [{ id: 'm2', to: 'U2' }, { id: 'm1', to: 'U1' }, { id: 'm3', to: 'U3' }]);
      await store.outbox.mark('b1', 'm1', 'sent');
      await store.outbox.retryLater('b1', 'm2');
      await store.outbox.mark('b1', 'm3', 'sending');
      const backup = await store.exportAll();
      expect(backup.outbox).toEqual([
        { batch: 'b1', id: 'm1', to: 'U1', state: 'sent', tries: 0 },
        { batch: 'b1', id: 'm2', to: 'U2', state: 'pending', tries: 1 },
        { batch: 'b1', id: 'm3', to: 'U3', state: 'sending', tries: 0 },
        { batch: 'goal:g1:celebration', id: 'channel', to: 'C1', state: 'pending', tries: 0 },
      ]);

      const other = await factory.open();
      try {
        // the store imported into has m3 sent, m1 not yet, and an m4 of its own
        await other.outbox.enqueue('b1', [{ id: 'm1', to: 'U1' }, { id: 'm3', to: 'U3' }, { id: 'm4', to: 'U4' }]);
        await other.outbox.mark('b1', 'm3', 'sent');
        for (let i = 0; i < 2; i++) {
          await other.importAll(backup);
          expect(await other.outbox.unsent('b1', 10)).toEqual([
            { id: 'm4', to: 'U4', state: 'pending', tries: 0 },
            { id: 'm2', to: 'U2', state: 'pending', tries: 1 },
          ]);
          expect(await other.outbox.counts('b1')).toEqual({ pending: 2, sending: 0, sent: 2 });
          expect(await other.outbox.unsent('goal:g1:celebration', 10)).toEqual([{ id: 'channel', to: 'C1', state: 'pending', tries: 0 }]);
        }
        // an older export, without the outbox, leaves the store's as it is
        await other.importAll(Snapshot.parse({ ...backup, outbox: undefined }));
        expect(await other.outbox.counts('b1')).toEqual({ pending: 2, sending: 0, sent: 2 });
      } finally {
        await other.close();
      }
    });

    it("exports a pulse round's reminders all alike: the file does not tell whose reminder was still waiting, which is who had not answered", async () => {
      const reminders = batchOf('r1', 'reminder');
      await store.outbox.enqueue(reminders, [{ id: 'U1', to: 'U1' }, { id: 'U2', to: 'U2' }, { id: 'U3', to: 'U3' }]);
      // U1 had answered (no reminder needed); the platform refused U2's and U3's, then took U3's
      await store.outbox.mark(reminders, 'U1', 'sent');
      await store.outbox.retryLater(reminders, 'U2');
      await store.outbox.retryLater(reminders, 'U3');
      await store.outbox.mark(reminders, 'U3', 'sent');
      const checkins = batchOf('r1', 'checkin');
      await store.outbox.enqueue(checkins, [{ id: 'U1', to: 'U1' }, { id: 'U2', to: 'U2' }]);
      await store.outbox.mark(checkins, 'U1', 'sent');
      await store.outbox.retryLater(checkins, 'U2');
      expect((await store.exportAll()).outbox).toEqual([
        { batch: checkins, id: 'U1', to: 'U1', state: 'sent', tries: 0 },
        { batch: checkins, id: 'U2', to: 'U2', state: 'pending', tries: 1 },
        // in doubt, all three: the one who answered gets none, as ever, and Slack is asked whether a reminder arrived before one is sent again
        { batch: reminders, id: 'U1', to: 'U1', state: 'sending', tries: 0 },
        { batch: reminders, id: 'U2', to: 'U2', state: 'sending', tries: 0 },
        { batch: reminders, id: 'U3', to: 'U3', state: 'sending', tries: 0 },
      ]);
      // all done: all sent, with no trace of whose was refused on the way
      await store.outbox.mark(reminders, 'U2', 'sent');
      expect((await store.exportAll()).outbox.filter((item) => item.batch === reminders).map((item) => [item.state, item.tries])).toEqual([
        ['sent', 0],
        ['sent', 0],
        ['sent', 0],
      ]);
    });
  });

  describe('holdings', () => {
    const listed = (s: Snapshot): Holdings => ({ unanswered: s.unanswered.length, feedback: s.feedback.length, goals: s.goals.length, kudos: s.kudos.length, rounds: s.rounds.length, conversations: s.conversations.length, userTeams: s.userTeams.length, teams: s.teams.length });
    const none: Holdings = { unanswered: 0, feedback: 0, goals: 0, kudos: 0, rounds: 0, conversations: 0, userTeams: 0, teams: 0 };

    it('counts nothing in a store nothing was written to, not even what expires or is sent', async () => {
      await store.channels.markEventSeen('Ev1', 60);
      await store.channels.keepText('slack:C1:U1', 'Hva er pant?', 60);
      await store.outbox.enqueue('b1', [{ id: 'm1', to: 'U1' }]);
      await store.locks.acquire('pulse:T1', 'me', 60_000);
      expect(await store.holdings()).toEqual(none);
      expect(listed(await store.exportAll())).toEqual(none);
    });

    it('counts each kind as exportAll lists it: a vote replaced once, kudos of every team, a question added twice once', async () => {
      await store.curation.addUnanswered({ question: 'Hva er X?', lang: 'nb', askedAt: AT }, 'slack:C1:1');
      await store.curation.addUnanswered({ question: 'Hva er X?', lang: 'nb', askedAt: AT }, 'slack:C1:1');
      await store.curation.addUnanswered({ question: 'What is Y?', lang: 'en', askedAt: AT });
      for (const vote of ['up', 'down'] as const) await store.curation.recordFeedback({ answerId: 'slack:C1:1.2', vote, passageIds: ['x.md#y'], lang: 'sv', at: AT }, 'U1');
      await store.curation.recordFeedback({ answerId: 'slack:C1:1.2', vote: 'up', passageIds: ['x.md#y'], lang: 'sv', at: AT }, 'U2');
      const goal = await store.goals.createGoal(goalInput(), AT);
      await store.goals.addProgress(goal.id, { delta: 1 }, { source: 'api', at: AT });
      await store.goals.addKudos({ team: 'T1', from: 'U1', to: 'U2', text: 'for the calm call', at: AT });
      await store.goals.addKudos({ team: 'T2', from: 'U9', to: 'U8', text: 'other team', at: AT });
      await store.goals.addKudos({ team: 'T2', from: 'U8', to: 'U9', text: 'and back', at: AT });
      await store.pulse.openRound({ team: 'T1', week: '2026-W47', questionIds: ['clarity'], opensAt: AT, closesAt: '2026-11-23T10:00:00.000Z', k: 5 });
      await store.channels.saveConversation('teams:U1', { conversation: { id: 'a:1' }, serviceUrl: 'http://x' }, AT);
      await store.channels.setUserTeam('U1', 'T1');
      await store.channels.setUserTeam('U2', 'T1');
      await store.teams.saveTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', tz: 'Europe/Oslo', lang: 'nb', leads: ['U1'], updatedAt: AT });
      const counted = await store.holdings();
      expect(counted).toEqual({ unanswered: 2, feedback: 2, goals: 1, kudos: 3, rounds: 1, conversations: 1, userTeams: 2, teams: 1 });
      expect(counted).toEqual(listed(await store.exportAll()));

      // its backup, imported twice into another store, is counted the same there
      const other = await factory.open();
      try {
        await other.importAll(await store.exportAll());
        await other.importAll(await store.exportAll());
        expect(await other.holdings()).toEqual(counted);
      } finally {
        await other.close();
      }
    });
  });

  it('reports health', async () => {
    expect(await store.health()).toMatchObject({ ok: true });
  });
});
