import { Pacer } from '../../src/core/pacer';

/** Starts `n` calls that each take their turn and record when they got it. */
function callers(pacer: Pacer, n: number, startedAt: number[]): Promise<number>[] {
  return Array.from({ length: n }, () => pacer.take().then((t) => (startedAt.push(t), t)));
}

describe('Pacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('lets calls through freely until a 429; then nothing starts before the Retry-After, and no window holds more starts than the platform took', async () => {
    const pacer = new Pacer(() => Date.now());
    const early: number[] = [];
    const firsts = callers(pacer, 200, early);
    await jest.advanceTimersByTimeAsync(0);
    expect(early).toHaveLength(200);
    for (const t of await Promise.all(firsts)) pacer.accepted(t);
    pacer.limited(1000);

    const later: number[] = [];
    void callers(pacer, 450, later);
    await jest.advanceTimersByTimeAsync(1029);
    expect(later).toHaveLength(0);
    // a window (stretched 3 % for jitter) after the first burst: a burst of what the platform took
    await jest.advanceTimersByTimeAsync(1);
    expect(later).toHaveLength(200);
    await jest.advanceTimersByTimeAsync(1029);
    expect(later).toHaveLength(200);
    await jest.advanceTimersByTimeAsync(1);
    expect(later).toHaveLength(400);
    await jest.advanceTimersByTimeAsync(1030);
    expect(later).toHaveLength(450);
    // whichever window of a second one looks at, it never holds more than 200 starts
    for (const t of later) expect(later.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(200);
  });

  it('counts the calls that were still in flight at the 429 and were taken after it', async () => {
    const pacer = new Pacer(() => Date.now());
    const started = await Promise.all(callers(pacer, 150, []));
    for (const t of started.slice(0, 100)) pacer.accepted(t);
    pacer.limited(1000);
    // the answers of the other 50 come back during the pause
    await jest.advanceTimersByTimeAsync(10);
    for (const t of started.slice(100)) pacer.accepted(t);
    const later: number[] = [];
    void callers(pacer, 300, later);
    await jest.advanceTimersByTimeAsync(1019);
    expect(later).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(later).toHaveLength(150);
  });

  it("holds a slot for each call the platform's client sends again by itself after the pause", async () => {
    const pacer = new Pacer(() => Date.now());
    const started = await Promise.all(callers(pacer, 100, []));
    for (const t of started.slice(0, 90)) pacer.accepted(t);
    // ten were in flight and refused: the client sends each again once the Retry-After is over
    for (let i = 0; i < 10; i++) pacer.limited(1000, true);
    const later: number[] = [];
    void callers(pacer, 200, later);
    await jest.advanceTimersByTimeAsync(1030);
    expect(later).toHaveLength(80);
  });

  it('moves that slot to when the client sent the call again, so it is not counted twice', async () => {
    const pacer = new Pacer(() => Date.now());
    const started = await Promise.all(callers(pacer, 100, []));
    for (const t of started.slice(0, 90)) pacer.accepted(t);
    await jest.advanceTimersByTimeAsync(5);
    for (let i = 0; i < 10; i++) pacer.limited(1000, true);
    await jest.advanceTimersByTimeAsync(1005);
    // the client sent the ten again as the pause ended, and the platform took them
    for (const t of started.slice(90)) pacer.accepted(t);
    const later: number[] = [];
    void callers(pacer, 200, later);
    await jest.advanceTimersByTimeAsync(20);
    expect(later).toHaveLength(80);
  });

  it('never slows calls below ten a second, however early the 429 came', async () => {
    const pacer = new Pacer(() => Date.now());
    pacer.accepted(await pacer.take());
    pacer.limited(5000);
    const later: number[] = [];
    void callers(pacer, 60, later);
    await jest.advanceTimersByTimeAsync(5000);
    // 50 in any five seconds, the one before the 429 among them: ten a second
    expect(later).toHaveLength(49);
    await jest.advanceTimersByTimeAsync(5150);
    expect(later).toHaveLength(60);
  });

  it('forgets the limit after a quiet spell in which nothing was refused or held back', async () => {
    const pacer = new Pacer(() => Date.now(), 60_000);
    for (const t of await Promise.all(callers(pacer, 20, []))) pacer.accepted(t);
    pacer.limited(1000);
    await jest.advanceTimersByTimeAsync(61_000);
    const free: number[] = [];
    void callers(pacer, 100, free);
    await jest.advanceTimersByTimeAsync(0);
    expect(free).toHaveLength(100);
  });
});
