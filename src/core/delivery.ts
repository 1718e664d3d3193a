import type { Address, Chat, OutMessage } from './messages';
import type { Logger } from './ports';
import type { Outbox } from './storage/ports';
import type { OutboxItem } from './storage/records';

export interface DeliveryOptions {
  /** What the batch holds (checkin, reminder, summary, celebration, …), for logs and metrics. */
  kind: string;
  /** Told what the run did, when it did anything. */
  observe?: DeliveryObserver;
  /** Sends in flight at once; the chat client waits out rate limits (429 Retry-After) itself. */
  concurrency: number;
  /** When the batch was first queued: a resumed sender only looks for messages since then. */
  since: Date;
  /** Called between pages; false stops the run (the sender lost its lock). */
  keepGoing?: () => Promise<boolean>;
  /** Where an item goes; a person's DM unless the batch says otherwise (a team's channel). */
  to?: (item: OutboxItem) => Address;
  /**
   * Why an item needed no message is nobody's business (a reminder not sent because its recipient
   * answered): the report counts such items as sent, so no log line or metric tells how many there were.
   */
  hideSkipped?: boolean;
}

/** Told what each run of sends did, per platform and kind of message: for metrics. */
export type DeliveryObserver = (platform: Chat['platform'], kind: string, report: DeliveryReport) => void;

export interface DeliveryReport {
  /** Taken by the platform; with `hideSkipped`, also the items that needed no message. */
  sent: number;
  /** Found delivered already after a crash, so not sent again. */
  confirmed: number;
  /** Needed no message (e.g. a check-in queued for someone who leads the team now); 0 with `hideSkipped`. */
  skipped: number;
  failed: number;
  /** Tries the platform did not take (down, rate limit beyond retries): those stay queued. */
  unavailable: number;
}

const PAGE = 100;
/** Tries after which a recipient the platform keeps refusing, while it takes the others, is given up on. */
export const GIVE_UP_AFTER = 5;

/**
 * Sends a batch from the outbox, in waves of `concurrency` items. Every item of a wave is marked
 * `sending`, then the wave is tried at once, then each item's outcome is written, in the wave's
 * order: what the store writes, and in what order, is the same whether `build` found an item to need
 * no message (someone who answered before their reminder) or sent it one, so neither the outbox nor
 * the store's log of writes (SQLite's write-ahead log, Redis's append-only file) tells the two apart.
 * An item found `sending` (the sender died mid-call) is checked with the platform when it can tell
 * (`Chat.delivered`) and sent again only if it did not arrive: nobody gets a second DM. An item the
 * platform did not take goes back behind the others, so a run tries everyone once before anyone
 * again, and recipients it keeps refusing hold up nobody; one refused `GIVE_UP_AFTER` times in a run
 * where others got through is given up on (`failed`). A run where nothing gets through (the platform
 * is down) gives up on nobody.
 */
export async function deliver(
  outbox: Outbox,
  batch: string,
  chat: Chat,
  build: (item: OutboxItem) => Promise<OutMessage | undefined>,
  options: DeliveryOptions,
  logger: Logger,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, confirmed: 0, skipped: 0, failed: 0, unavailable: 0 };
  const tried = new Set<string>();
  const refusedOften: string[] = [];
  let stalled = false;
  while (!stalled) {
    // the items tried in this run come back too (behind the others): each is tried once a run
    const items = (await outbox.unsent(batch, PAGE + tried.size)).filter((item) => !tried.has(item.id)).slice(0, PAGE);
    if (items.length === 0) break;
    const before = report.sent + report.confirmed + report.skipped + report.failed;
    const unavailableBefore = report.unavailable;
    for (let start = 0; start < items.length; start += options.concurrency) {
      const wave = items.slice(start, start + options.concurrency);
      for (const item of wave) tried.add(item.id);
      const outcomes = await sendWave(outbox, batch, chat, wave, build, options);
      for (const [i, outcome] of outcomes.entries()) {
        report[outcome === 'refused' ? 'unavailable' : outcome] += 1;
        if (outcome === 'refused') refusedOften.push(wave[i]!.id);
      }
    }
    const done = report.sent + report.confirmed + report.skipped + report.failed - before;
    const unavailable = report.unavailable - unavailableBefore;
    if (unavailable > 0) logger.warn({ kind: options.kind, unavailable }, 'some messages could not be sent; they stay queued for the next run');
    // a page where nothing moved means the platform is down: stop until the next run
    stalled = done === 0;
    if (options.keepGoing && !(await options.keepGoing())) break;
  }
  // the platform took others meanwhile: these recipients it refuses, not the platform that is down
  if (refusedOften.length > 0 && report.sent + report.confirmed > 0) {
    for (const id of refusedOften) await outbox.mark(batch, id, 'sent');
    report.unavailable -= refusedOften.length;
    report.failed += refusedOften.length;
    logger.warn({ kind: options.kind, givenUp: refusedOften.length, tries: GIVE_UP_AFTER }, 'messages the platform kept refusing are given up');
  }
  if (options.hideSkipped) {
    report.sent += report.skipped;
    report.skipped = 0;
  }
  if (Object.values(report).some((n) => n > 0)) options.observe?.(chat.platform, options.kind, report);
  return report;
}

/** `refused`: not taken for the `GIVE_UP_AFTER`th time. */
type Outcome = keyof DeliveryReport | 'refused';
/** What one try came to, before anything about it is written. */
type Tried = 'confirmed' | 'skipped' | 'sent' | 'gone' | 'notTaken' | 'inDoubt';

/**
 * Marks the wave's items `sending`, tries them all at once, then writes each one's outcome in the
 * wave's order. A `build` or platform check that throws leaves its item `sending` (checked again on the
 * next run); the others' outcomes are written before the error is passed on.
 */
async function sendWave(outbox: Outbox, batch: string, chat: Chat, wave: OutboxItem[], build: (item: OutboxItem) => Promise<OutMessage | undefined>, options: DeliveryOptions): Promise<Outcome[]> {
  for (const item of wave) if (item.state !== 'sending') await outbox.mark(batch, item.id, 'sending');
  const tries = await Promise.allSettled(wave.map((item) => tryOne(batch, chat, item, options.to ? options.to(item) : { kind: 'user', id: item.to }, build, options.since)));
  const outcomes: Outcome[] = [];
  for (const [i, item] of wave.entries()) {
    const tried = tries[i]!;
    if (tried.status === 'fulfilled') outcomes.push(await settle(outbox, batch, item.id, tried.value));
  }
  const failure = tries.find((t) => t.status === 'rejected');
  if (failure) throw failure.reason;
  return outcomes;
}

/** One item's check with the platform, build and send; it writes nothing to the outbox. */
async function tryOne(batch: string, chat: Chat, item: OutboxItem, to: Address, build: (item: OutboxItem) => Promise<OutMessage | undefined>, since: Date): Promise<Tried> {
  if (item.state === 'sending' && chat.delivered && (await chat.delivered(to, batch, since))) return 'confirmed';
  const message = await build(item);
  if (!message) return 'skipped';
  let result: Awaited<ReturnType<Chat['send']>>;
  try {
    result = await chat.send(to, message);
  } catch {
    return 'inDoubt';
  }
  if (result.ok) return 'sent';
  // a person who left, or who never opened Kompis in Teams: nothing to retry
  if (result.error === 'unknown_recipient') return 'gone';
  return 'notTaken';
}

async function settle(outbox: Outbox, batch: string, id: string, tried: Tried): Promise<Outcome> {
  switch (tried) {
    case 'inDoubt':
      // whether it arrived is unknown: the item stays `sending` and is checked on the next run
      return 'unavailable';
    case 'notTaken':
      return (await outbox.retryLater(batch, id)) >= GIVE_UP_AFTER ? 'refused' : 'unavailable';
    case 'gone':
      await outbox.mark(batch, id, 'sent');
      return 'failed';
    default:
      await outbox.mark(batch, id, 'sent');
      return tried;
  }
}
