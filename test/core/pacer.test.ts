import { Pacer } from '../../src/core/pacer';

describe('Pacer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets calls through freely until a 429, then spaces them just under the rate the window took', async () => {
    let now = 10_000;
    const pacer = new Pacer(() => now);
    const settled: number[] = [];
    const take = (i: number) => void pacer.take().then(() => settled.push(i));
    take(0);
    take(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(settled).toEqual([0, 1]);

    for (let i = 0; i < 200; i++) pacer.accepted();
    pacer.limited(1000);
    for (let i = 2; i < 6; i++) take(i);
    await jest.advanceTimersByTimeAsync(0);
    expect(settled).toEqual([0, 1, 2]);
    await jest.advanceTimersByTimeAsync(6); // 1000 ms / 200 × 1.05 = 5.25 ms apart
    expect(settled).toEqual([0, 1, 2, 3]);
    await jest.advanceTimersByTimeAsync(11);
    expect(settled).toEqual([0, 1, 2, 3, 4, 5]);

    // a minute without a 429: free again
    now += 61_000;
    take(6);
    take(7);
    await jest.advanceTimersByTimeAsync(0);
    expect(settled).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('never spaces calls more than 100 ms apart, however early the 429 came', async () => {
    const pacer = new Pacer(() => 0);
    pacer.limited(5000);
    const settled: number[] = [];
    void pacer.take().then(() => settled.push(0));
    void pacer.take().then(() => settled.push(1));
    await jest.advanceTimersByTimeAsync(99);
    expect(settled).toEqual([0]);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toEqual([0, 1]);
  });
});
