import { Redis } from 'ioredis';
import type { Chats } from '../../../src/core/messages';
import { silentLogger, type Logger } from '../../../src/core/ports';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { batchOf, PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import { KompisMetrics } from '../../../src/http/metrics';
import { HttpServer } from '../../../src/http/server';
import type { SqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { recordingLogger } from '../../fakes/recording-logger';
import { recordingSlack } from '../../helpers';
import { FACTORIES, sqliteFactory, type StoreFactory } from '../../stores/factories';

const TEAM = 'slack:CREMIND';
const MEMBERS = ['UKARI', 'UOLA', 'UPER', 'ULISE', 'UNILS', 'UEVA'];
const TEAM_RECORD = (at: Date) => ({ id: TEAM, platform: 'slack' as const, channel: 'CREMIND', tz: 'Europe/Oslo', lang: 'en' as const, leads: ['ULEAD'], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: at.toISOString() });

describe.each(FACTORIES)('the reminder of an open round, on $name', (factory) => {
  let store: Store;
  afterEach(() => store.close());

  it('is queued for every member, so the store cannot tell who answered; only those who have not answered get it', async () => {
    store = await factory.open();
    const clock = { t: new Date('2026-11-27T12:00:30Z'), now: () => clock.t };
    const { chats, sent } = recordingSlack(() => MEMBERS.map((id) => ({ id, name: id })));
    await store.teams.saveTeam(TEAM_RECORD(clock.t));
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

/**
 * Whoever answered, the store is written the same while the reminders go out: the same writes, with
 * the same fields, in the same order. Read from the store itself (SQLite's own record of each row it
 * changes, Redis's MONITOR of each command it runs), as its write-ahead log or append-only file keeps
 * them until the next checkpoint or rewrite.
 */
describe.each(FACTORIES)('what the reminders write to the store, on $name', (factory) => {
  it('is the same whether nobody, two or five of six answered before the reminder', async () => {
    const nobody = await remindersWritten(factory, []);
    const two = await remindersWritten(factory, ['UKARI', 'UPER']);
    const five = await remindersWritten(factory, ['UOLA', 'UPER', 'ULISE', 'UNILS', 'UEVA']);
    expect(nobody.reminded.sort()).toEqual([...MEMBERS].sort());
    expect(two.reminded.sort()).toEqual(['UEVA', 'ULISE', 'UNILS', 'UOLA']);
    expect(five.reminded).toEqual(['UKARI']);
    expect(nobody.writes.length).toBeGreaterThanOrEqual(2 * MEMBERS.length);
    // each member's own writes end `sending`, then `sent`
    for (const id of MEMBERS) expect(nobody.writes.filter((w) => w.includes(id) && /sending|sent/.test(w)).slice(-2)).toEqual([expect.stringMatching(/sending/), expect.stringMatching(/sent/)]);
    expect(two.writes).toEqual(nobody.writes);
    expect(five.writes).toEqual(nobody.writes);
  });
});

interface ReminderRun {
  reminded: string[];
  /** The reminder queue's writes, in order. */
  writes: string[];
  /** The log lines from the reminder's time on, the round's id left out. */
  logs: string[];
  /** What GET /metrics served once the reminders were out. */
  metrics: string;
}

/**
 * Nor do the log and /metrics tell, before the round closes, how many have answered: a reminder not
 * needed is counted as one sent. Check-ins keep their counts.
 */
describe('what the reminders tell the log and /metrics', () => {
  it('is the same whether nobody, two or five of six answered before the reminder', async () => {
    const nobody = await remindersWritten(sqliteFactory, []);
    const two = await remindersWritten(sqliteFactory, ['UKARI', 'UPER']);
    const five = await remindersWritten(sqliteFactory, ['UOLA', 'UPER', 'ULISE', 'UNILS', 'UEVA']);
    const sentLine = nobody.logs.find((l) => l.includes('"kind":"reminder"'));
    expect(JSON.parse(sentLine!)).toMatchObject({ msg: 'pulse messages sent', obj: { kind: 'reminder', sent: 6, confirmed: 0, skipped: 0, failed: 0, unavailable: 0 } });
    expect(two.logs).toEqual(nobody.logs);
    expect(five.logs).toEqual(nobody.logs);

    const messages = (run: ReminderRun) => run.metrics.split('\n').filter((l) => l.startsWith('kompis_messages_total'));
    expect(messages(nobody)).toEqual([
      'kompis_messages_total{platform="slack",kind="checkin",outcome="sent"} 6',
      'kompis_messages_total{platform="slack",kind="reminder",outcome="sent"} 6',
    ]);
    expect(messages(two)).toEqual(messages(nobody));
    expect(messages(five)).toEqual(messages(nobody));
    expect(five.metrics).not.toContain('outcome="skipped"');
  });
});

/** One round on a fresh store; `answered` answer before the reminder. */
async function remindersWritten(factory: StoreFactory, answered: string[]): Promise<ReminderRun> {
  const store = await factory.open();
  const metrics = new KompisMetrics();
  const server = new HttpServer({ logger: silentLogger, metrics });
  const logger = recordingLogger();
  try {
    const clock = { t: new Date('2026-11-27T12:00:30Z'), now: () => clock.t };
    const reminded: string[] = [];
    // a platform that takes longer for some than for others, as Slack and Teams do
    const chats: Chats = {
      slack: {
        platform: 'slack',
        async send(to, message) {
          await new Promise((r) => setTimeout(r, 3 + ((MEMBERS.indexOf(to.id) * 7) % 13)));
          if (message.kind === 'pulse-checkin' && message.reminder) reminded.push(to.id);
          return { ok: true };
        },
        members: async () => MEMBERS.map((id) => ({ id, name: id })),
      },
    };
    await store.teams.saveTeam(TEAM_RECORD(clock.t));
    // four at a time: the six go out in two waves, the second not full
    const pulse = new PulseService({ wrapping: wrappingKey('reminder test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: logger as Logger, owner: 'test', sendConcurrency: 4, observe: metrics.delivered });
    await pulse.tick();
    const round = (await store.pulse.listRounds(TEAM, 1))[0]!;
    for (const who of answered) await pulse.answer(round.id, { platform: 'slack', user: who }, Object.fromEntries(round.questionIds.map((q) => [q, 4])), undefined, 'en');
    clock.t = new Date(Date.parse(round.remindAt!) + 30_000);
    const recording = await recordWrites(factory, store);
    logger.lines.length = 0;
    await pulse.tick();
    const writes = await recording.stop(batchOf(round.id, 'reminder'));
    const logs = logger.lines.map((l) => JSON.stringify(l).replaceAll(round.id, '<round>'));
    const served = await fetch(`http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/metrics`);
    return { reminded, writes, logs, metrics: await served.text() };
  } finally {
    await server.close();
    await store.close();
  }
}

/** Records every write the store makes to the outbox from now on; `stop` returns those of one batch, in order. */
async function recordWrites(factory: StoreFactory, store: Store): Promise<{ stop: (batch: string) => Promise<string[]> }> {
  if (factory.name === 'SQLite') {
    const db = (store as SqliteStore).db;
    db.exec(`CREATE TEMP TABLE outbox_writes (seq INTEGER PRIMARY KEY, batch TEXT, line TEXT);
      CREATE TEMP TRIGGER outbox_added AFTER INSERT ON main.outbox BEGIN
        INSERT INTO outbox_writes (batch, line) VALUES (NEW.batch, 'insert ' || NEW.id || ' ' || NEW.recipient || ' ' || NEW.state || ' ' || NEW.tries); END;
      CREATE TEMP TRIGGER outbox_changed AFTER UPDATE ON main.outbox BEGIN
        INSERT INTO outbox_writes (batch, line) VALUES (NEW.batch, 'update ' || NEW.id || ' ' || NEW.recipient || ' ' || NEW.state || ' ' || NEW.tries); END;
      CREATE TEMP TRIGGER outbox_removed AFTER DELETE ON main.outbox BEGIN
        INSERT INTO outbox_writes (batch, line) VALUES (OLD.batch, 'delete ' || OLD.id); END;`);
    return {
      stop: async (batch) => (db.prepare('SELECT line FROM outbox_writes WHERE batch = ? ORDER BY seq').all(batch) as { line: string }[]).map((r) => r.line),
    };
  }
  const client = new Redis(process.env.REDIS_TEST_URL!);
  const monitor = await client.monitor();
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
  const WRITES = new Set(['hset', 'hsetnx', 'hmset', 'hincrby', 'hdel', 'del', 'unlink', 'expire']);
  return {
    stop: async (batch) => {
      // MONITOR reports commands in the order the server ran them: once this one is seen, so are all before it
      const marker = `end-of-recording-${Date.now()}`;
      await client.echo(marker);
      for (let i = 0; i < 200 && !seen.some((a) => a[1] === marker); i++) await new Promise((r) => setTimeout(r, 10));
      monitor.disconnect();
      client.disconnect();
      const at = `${batch}:`;
      return seen
        .filter(([command, key]) => WRITES.has(command!.toLowerCase()) && key?.includes(at))
        .map(([command, key, ...rest]) => [command!.toLowerCase(), key!.slice(key!.indexOf(at) + at.length), ...rest].join(' '));
    },
  };
}
