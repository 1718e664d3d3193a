import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deliver, GIVE_UP_AFTER, type DeliveryReport } from '../../src/core/delivery';
import { notice, type Address, type Chat } from '../../src/core/messages';
import { silentLogger } from '../../src/core/ports';
import type { Store } from '../../src/core/storage/ports';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';

const BATCH = 'pulse:round-1:checkin';
const REFUSED = Array.from({ length: 100 }, (_, i) => `UBAD${String(i).padStart(3, '0')}`);
const FINE = Array.from({ length: 5 }, (_, i) => `UOK${i}`);

/**
 * A batch (a round's check-ins) where the platform keeps refusing some people (Slack's
 * `restricted_action`, a Teams chat it will not post in), on the real SQLite outbox: the others still
 * get their message, and the refused ones are given up on only while the platform takes others.
 */
describe('delivery: recipients the platform keeps refusing', () => {
  let dir: string;
  let store: Store;
  let attempts: string[];
  let down: boolean;
  const chat: Chat = {
    platform: 'slack',
    async send(to: Address) {
      attempts.push(to.id);
      return !down && to.id.startsWith('UOK') ? { ok: true } : { ok: false, error: 'unavailable' };
    },
    async members() {
      return [];
    },
  };
  const run = (): Promise<DeliveryReport> => deliver(store.outbox, BATCH, chat, async () => notice('en', 'info', ['How was your week?']), { kind: 'checkin', concurrency: 4, since: new Date() }, silentLogger);
  const triesOf = (id: string) => attempts.filter((a) => a === id).length;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-delivery-'));
    store = openSqliteStore(dir);
    attempts = [];
    down = false;
    // the refused come first in id order, a full page of them
    await store.outbox.enqueue(BATCH, [...REFUSED, ...FINE].map((id) => ({ id, to: id })));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a full page of refused recipients holds up the people queued after them for one run at most', async () => {
    await run();
    const second = await run();
    expect(FINE.map(triesOf)).toEqual(FINE.map(() => 1));
    expect(second.sent).toBe(FINE.length);
    // each refused recipient is tried once a run, never twice in one
    expect(Math.max(...REFUSED.map(triesOf))).toBe(2);
    expect(await store.outbox.counts(BATCH)).toEqual({ pending: REFUSED.length, sending: 0, sent: FINE.length });
  });

  test(`a recipient refused ${GIVE_UP_AFTER} times while others get through is given up on, and counted as failed`, async () => {
    const reports: DeliveryReport[] = [];
    for (let i = 0; i < GIVE_UP_AFTER + 1; i++) {
      if (i === GIVE_UP_AFTER - 1) await store.outbox.enqueue(BATCH, [{ id: 'UOK-late', to: 'UOK-late' }]);
      reports.push(await run());
    }
    expect(reports.at(GIVE_UP_AFTER - 1)).toMatchObject({ sent: 1, failed: REFUSED.length, unavailable: 0 });
    expect(await store.outbox.unsent(BATCH, 1000)).toEqual([]);
    expect(reports.at(-1)).toEqual({ sent: 0, confirmed: 0, skipped: 0, failed: 0, unavailable: 0 });
    expect(Math.max(...REFUSED.map(triesOf))).toBe(GIVE_UP_AFTER);
  });

  test('while the platform takes nobody (it is down), nobody is given up on, however many runs', async () => {
    down = true;
    for (let i = 0; i < GIVE_UP_AFTER * 3; i++) expect((await run()).failed).toBe(0);
    expect(await store.outbox.counts(BATCH)).toEqual({ pending: REFUSED.length + FINE.length, sending: 0, sent: 0 });
    // runs take turns through the batch: everyone was tried
    expect([...REFUSED, ...FINE].every((id) => triesOf(id) > 0)).toBe(true);
    down = false;
    expect((await run()).sent).toBe(FINE.length);
  });
});

describe('delivery: items that need no message', () => {
  let dir: string;
  let store: Store;
  const chat: Chat = { platform: 'slack', send: async () => ({ ok: true }), members: async () => [] };
  // the first two need no message (a check-in queued for someone who leads the team now)
  const run = (batch: string, hideSkipped?: boolean): Promise<DeliveryReport> =>
    deliver(store.outbox, batch, chat, async (item) => (['U1', 'U2'].includes(item.id) ? undefined : notice('en', 'info', ['How was your week?'])), { kind: 'checkin', concurrency: 2, since: new Date(), ...(hideSkipped ? { hideSkipped } : {}) }, silentLogger);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-delivery-'));
    store = openSqliteStore(dir);
    for (const batch of ['b:checkin', 'b:reminder']) await store.outbox.enqueue(batch, ['U1', 'U2', 'U3', 'U4', 'U5'].map((id) => ({ id, to: id })));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('are counted as skipped; with hideSkipped (reminders, whose skips would count answers) as sent', async () => {
    expect(await run('b:checkin')).toEqual({ sent: 3, confirmed: 0, skipped: 2, failed: 0, unavailable: 0 });
    expect(await run('b:reminder', true)).toEqual({ sent: 5, confirmed: 0, skipped: 0, failed: 0, unavailable: 0 });
  });
});
