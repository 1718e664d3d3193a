import { submitInTime, type FormOutcome, type StepUser } from '../../../src/channels/slack/store-step';
import { KompisError } from '../../../src/core/errors';
import { notice, type NoticeMessage } from '../../../src/core/messages';
import { recordingLogger } from '../../fakes/recording-logger';

/** A budget short enough for a quick test; a slow step takes well past it. */
const BUDGET_MS = 50;
const SLOW_MS = BUDGET_MS + 300;

const storeDown = () => new KompisError('store_unavailable', 'Redis did not answer: Connection is closed.');
/** What `settle` gives, `ms` from now. */
const after = <T>(ms: number, settle: () => T | Promise<T>): Promise<T> => new Promise<void>((resolve) => setTimeout(resolve, ms)).then(settle);

/** A sent goal progress form whose step is `step`, by a Swedish user: what went in the ack, and what they were told after it, in order. */
async function send(step: () => Promise<FormOutcome>) {
  const events: { ack?: unknown; told?: NoticeMessage }[] = [];
  const logger = recordingLogger();
  const user: StepUser & { budgetMs: number } = { lang: 'sv', tell: async (told) => events.push({ told }), logger, via: 'goal progress form', budgetMs: BUDGET_MS };
  const t0 = performance.now();
  let ackedAfterMs = Infinity;
  const ack = async (response?: unknown) => {
    ackedAfterMs = performance.now() - t0;
    events.push({ ack: response ?? null });
  };
  await submitInTime('goal-progress', ack, user, step);
  return { events, ackedAfterMs, logged: logger.lines.map((l) => [l.level, l.msg, JSON.stringify(l.obj)]) };
}

describe('a sent form whose step reads or writes the store', () => {
  test('a failure within the budget keeps the form open with the apology on its first field, and one log line', async () => {
    const sent = await send(() => after(5, () => Promise.reject(storeDown())));
    expect(sent.events).toEqual([{ ack: { response_action: 'errors', errors: { progress_value: expect.stringContaining('sparades inte') } } }]);
    expect(sent.logged).toEqual([['error', 'goal progress form failed', expect.stringContaining('Redis did not answer')]]);
  });

  test('field errors within the budget keep the form open with them; a reply closes it, then follows', async () => {
    expect((await send(async () => ({ errors: { value: 'Skriv ett tal.' } }))).events).toEqual([{ ack: { response_action: 'errors', errors: { progress_value: 'Skriv ett tal.' } } }]);
    const saved = notice('sv', 'success', ['Sparat.']);
    expect((await send(async () => ({ reply: saved }))).events).toEqual([{ ack: null }, { told: saved }]);
  });

  test('a step slower than the budget is acked empty in time; its failure follows as the apology, with one log line', async () => {
    const sent = await send(() => after(SLOW_MS, () => Promise.reject(storeDown())));
    expect(sent.ackedAfterMs).toBeLessThan(SLOW_MS);
    expect(sent.events).toEqual([{ ack: null }, { told: notice('sv', 'warning', [expect.stringContaining('sparades inte')]) }]);
    expect(sent.logged).toEqual([['error', 'goal progress form failed', expect.stringContaining('Redis did not answer')]]);
  });

  test('a step slower than the budget: its field errors, or its reply, follow the empty ack as a message', async () => {
    const refused = await send(() => after(SLOW_MS, () => ({ errors: { value: 'Målet finns inte.' } })));
    expect(refused.ackedAfterMs).toBeLessThan(SLOW_MS);
    expect(refused.events).toEqual([{ ack: null }, { told: notice('sv', 'warning', ['Målet finns inte.']) }]);
    const saved = notice('sv', 'success', ['Sparat.']);
    expect((await send(() => after(SLOW_MS, () => ({ reply: saved })))).events).toEqual([{ ack: null }, { told: saved }]);
  });
});
