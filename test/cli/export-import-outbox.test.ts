import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GoalService } from '../../src/core/goals/service';
import type { Chats, OutMessage } from '../../src/core/messages';
import { silentLogger } from '../../src/core/ports';
import { DEFAULT_QUESTION_IDS } from '../../src/core/pulse/questions';
import { PulseService } from '../../src/core/pulse/service';
import type { Store } from '../../src/core/storage/ports';
import type { Snapshot } from '../../src/core/storage/records';
import { openRedisStore } from '../../src/stores/redis/redis-store';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';
import { TEST_WRAPPING } from '../helpers';
import { runCli } from './run-cli';

/**
 * What Kompis has queued to send, and what it has sent, moves with `kompis export` and `import`:
 * the store it was moved to sends what the old one would have sent at its next tick, and nothing the
 * old one had sent already.
 */

interface Where {
  name: string;
  env: Record<string, string>;
  open: () => Promise<Store>;
}

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
const sqlite = (): Where => {
  const dir = tmp('kompis-outbox-');
  return { name: 'SQLite', env: { DATA_DIR: dir }, open: async () => openSqliteStore(dir) };
};
const redis = (): Where => {
  const prefix = `outbox-${Date.now()}-${Math.random().toString(36).slice(2, 8)}:`;
  return { name: 'Redis', env: { REDIS_URL: process.env.REDIS_TEST_URL!, REDIS_KEY_PREFIX: prefix }, open: () => openRedisStore({ url: process.env.REDIS_TEST_URL!, prefix }) };
};

/** Writes `from`'s export to a file and imports it into `to` with the command line, as an admin moves; returns the file's content. */
async function move(from: Where, to: Where, edit: (s: Record<string, unknown>) => unknown = (s) => s): Promise<Snapshot> {
  const exported = await runCli(['export'], from.env);
  expect(exported.code).toBe(0);
  const file = path.join(tmp('kompis-outbox-file-'), 'backup.json');
  fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(exported.out) as Record<string, unknown>)));
  expect(await runCli(['import', file], to.env)).toMatchObject({ code: 0 });
  return JSON.parse(exported.out) as Snapshot;
}

/** A Slack that records what it took; while `down`, it takes nothing. */
function slack(members: string[] = []): { chats: Chats; sent: { to: string; message: OutMessage }[]; down: boolean } {
  const fake = {
    sent: [] as { to: string; message: OutMessage }[],
    down: false,
    chats: {} as Chats,
  };
  fake.chats = {
    slack: {
      platform: 'slack',
      send: async (to, message) => {
        if (fake.down) return { ok: false, error: 'unavailable' };
        fake.sent.push({ to: to.id, message });
        return { ok: true };
      },
      members: async () => members.map((id) => ({ id, name: id })),
    },
  };
  return fake;
}

const moves: { from: () => Where; to: () => Where; label: string }[] = [
  { from: sqlite, to: redis, label: 'SQLite to Redis' },
  { from: redis, to: sqlite, label: 'Redis to SQLite' },
];

describe.each(moves)('a goal reached while Slack was down, moved from $label', ({ from: fromStore, to: toStore }) => {
  const clock = { t: new Date('2026-11-22T10:00:00Z'), now: () => clock.t };
  const goalsOn = (store: Store, chats: Chats, owner: string) => new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner, chats, clock, logger: silentLogger });

  /** A store where a goal was reached while Slack took nothing: its celebration is queued, not posted. */
  async function reachedWhileSlackWasDown(where: Where): Promise<void> {
    clock.t = new Date('2026-11-22T10:00:00Z');
    const store = await where.open();
    try {
      await store.teams.saveTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'nb', tz: 'Europe/Oslo', leads: [], updatedAt: '2026-11-01T00:00:00.000Z' });
      const goal = await store.goals.createGoal({ team: 'slack:C1', title: 'Svare på 30 s', metric: 'ASA', start: 0, target: 3, unit: 'samtaler', direction: 'higher', due: '2026-12-31', owner: 'U1' }, '2026-11-20T00:00:00.000Z');
      const down = slack();
      down.down = true;
      const goals = goalsOn(store, down.chats, 'old');
      expect(await goals.applyProgress(goal.id, { value: 3 }, { source: 'api' })).toMatchObject({ reachedNow: true });
      await goals.settled();
    } finally {
      await store.close();
    }
  }

  /** The messages of `kind` a tick of the goals' housekeeping posts on `where`. */
  async function postedAtTick(where: Where, kind: OutMessage['kind']): Promise<number> {
    const store = await where.open();
    try {
      const up = slack();
      await goalsOn(store, up.chats, `tick-${Math.random()}`).tick();
      return up.sent.filter((s) => s.message.kind === kind).length;
    } finally {
      await store.close();
    }
  }
  const celebrationsAtTick = (where: Where) => postedAtTick(where, 'celebration');

  it('has its celebration posted once by the store it was moved to', async () => {
    const from = fromStore();
    const to = toStore();
    await reachedWhileSlackWasDown(from);
    await move(from, to);
    expect(await celebrationsAtTick(to)).toBe(1);
    expect(await celebrationsAtTick(to)).toBe(0);
  });

  it('is not celebrated again by the store it was moved to when the old one had posted it', async () => {
    const from = fromStore();
    const to = toStore();
    await reachedWhileSlackWasDown(from);
    expect(await celebrationsAtTick(from)).toBe(1);
    await move(from, to);
    expect(await celebrationsAtTick(to)).toBe(0);
  });

  it("gets no second digest of its week from the store it was moved to when the old one had posted it", async () => {
    const from = fromStore();
    const to = toStore();
    await reachedWhileSlackWasDown(from);
    // Monday 10:30 in Oslo: the week's digest is due
    clock.t = new Date('2026-11-23T09:30:00Z');
    expect(await postedAtTick(from, 'digest')).toBe(1);
    await move(from, to);
    expect(await postedAtTick(to, 'digest')).toBe(0);
  });

  it('from an export written before the queue was exported (no outbox in the file) is imported, and its queued celebration is not posted', async () => {
    const from = fromStore();
    const to = toStore();
    await reachedWhileSlackWasDown(from);
    await move(from, to, ({ outbox: _left, ...older }) => older);
    const store = await to.open();
    try {
      expect((await store.exportAll()).outbox).toEqual([]);
      expect(await store.goals.listGoals('slack:C1')).toMatchObject([{ title: 'Svare på 30 s', current: 3 }]);
    } finally {
      await store.close();
    }
    expect(await celebrationsAtTick(to)).toBe(0);
  });
});

describe.each(moves)('an open pulse round moved from $label', ({ from: fromStore, to: toStore }) => {
  const TEAM = 'slack:CTEAM';
  const MEMBERS = ['UANNA', 'UBO', 'UCARL', 'UDINA', 'UEVA', 'UFRED'];
  // Monday 10:00:30 in Oslo: the team's round is due
  const clock = { t: new Date('2026-11-23T09:00:30Z'), now: () => clock.t };
  const pulseOn = (store: Store, chats: Chats, owner: string) => new PulseService({ wrapping: TEST_WRAPPING, pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner });
  const kinds = (sent: { to: string; message: OutMessage }[], reminder: boolean) =>
    sent.filter((s) => s.message.kind === 'pulse-checkin' && Boolean((s.message as { reminder?: boolean }).reminder) === reminder).map((s) => s.to).sort();

  /** Opens the team's round on `where` with Slack up or down; returns the store, still open, and the round's id. */
  async function roundOpened(where: Where, down: boolean): Promise<{ store: Store; roundId: string; slack: ReturnType<typeof slack> }> {
    clock.t = new Date('2026-11-23T09:00:30Z');
    const store = await where.open();
    await store.teams.saveTeam({ id: TEAM, platform: 'slack', channel: 'CTEAM', tz: 'Europe/Oslo', lang: 'en', leads: ['ULEAD'], pulse: { day: 1, time: '10:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: clock.t.toISOString() });
    const chat = slack(['ULEAD', ...MEMBERS]);
    chat.down = down;
    await pulseOn(store, chat.chats, 'old').tick();
    const roundId = (await store.pulse.listRounds(TEAM, 1))[0]!.id;
    return { store, roundId, slack: chat };
  }

  /** The round opened on `where`, Slack up, answered by Anna and Carl, at the time its reminders are due; with the old store's pulse. */
  async function answeredByTwo(where: Where): Promise<Awaited<ReturnType<typeof roundOpened>> & { pulse: PulseService }> {
    const opened = await roundOpened(where, false);
    const pulse = pulseOn(opened.store, opened.slack.chats, 'old');
    const round = (await opened.store.pulse.getRound(opened.roundId))!;
    for (const who of ['UANNA', 'UCARL']) await pulse.answer(opened.roundId, { platform: 'slack', user: who }, Object.fromEntries(round.questionIds.map((q) => [q, 4])), undefined, 'en');
    clock.t = new Date(Date.parse(round.remindAt!) + 30_000);
    return { ...opened, pulse };
  }

  /** What a tick of the pulse on `where` sends, Slack up. */
  async function sentAtTick(where: Where): Promise<{ to: string; message: OutMessage }[]> {
    const store = await where.open();
    try {
      const up = slack(['ULEAD', ...MEMBERS]);
      await pulseOn(store, up.chats, `tick-${Math.random()}`).tick();
      return up.sent;
    } finally {
      await store.close();
    }
  }

  it('has its check-ins, queued while Slack was down, sent once by the store it was moved to', async () => {
    const from = fromStore();
    const to = toStore();
    const { store } = await roundOpened(from, true);
    await store.close();
    await move(from, to);
    expect(kinds(await sentAtTick(to), false)).toEqual(MEMBERS);
    expect(await sentAtTick(to)).toEqual([]);
  });

  it('sends no check-in again that the old store had sent', async () => {
    const from = fromStore();
    const to = toStore();
    const { store, slack: old } = await roundOpened(from, false);
    await store.close();
    expect(kinds(old.sent, false)).toEqual(MEMBERS);
    await move(from, to);
    expect(await sentAtTick(to)).toEqual([]);
  });

  it('sends no reminder again that the old store had sent, and none to who answered', async () => {
    const from = fromStore();
    const to = toStore();
    const { store, pulse, slack: old } = await answeredByTwo(from);
    old.sent.length = 0;
    await pulse.tick();
    expect(kinds(old.sent, true)).toEqual(['UBO', 'UDINA', 'UEVA', 'UFRED']);
    await store.close();
    await move(from, to);
    expect(await sentAtTick(to)).toEqual([]);
  });

  it('has its reminders, queued while Slack was down, sent once to who had not answered, and the file does not tell who had', async () => {
    const from = fromStore();
    const to = toStore();
    const { store, pulse, slack: old } = await answeredByTwo(from);
    old.down = true;
    await pulse.tick();
    await store.close();
    const file = await move(from, to);
    // in the old store the two who answered are done and the four who did not wait, a try more each:
    // the file holds all six alike
    const reminders = file.outbox.filter((item) => item.batch.endsWith(':reminder'));
    expect(reminders.map((item) => item.to).sort()).toEqual(MEMBERS);
    expect(new Set(reminders.map((item) => `${item.state} ${item.tries}`)).size).toBe(1);
    expect(kinds(await sentAtTick(to), true)).toEqual(['UBO', 'UDINA', 'UEVA', 'UFRED']);
    expect(await sentAtTick(to)).toEqual([]);
  });
});
