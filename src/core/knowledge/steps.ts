/**
 * A build written as a generator that yields between steps (a few hundred passages each) can run at
 * once, or a step a turn of the event loop, so that what else the process serves goes on meanwhile.
 */

/** Runs a build to its end at once. */
export function drain<T>(build: Generator<void, T>): T {
  for (;;) {
    const step = build.next();
    if (step.done) return step.value;
  }
}

/** Runs a build a step a turn of the event loop. */
export async function stepwise<T>(build: Generator<void, T>, pause: () => Promise<void> = nextTurn): Promise<T> {
  for (;;) {
    const step = build.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Waits for the event loop's next turn: what else is waiting runs first. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
