/**
 * `work`'s value when it is ready within `ms`; undefined when it is still running (it goes on, and
 * its outcome is the caller's to collect). A failure within `ms` is thrown.
 */
export async function readyWithin<T>(work: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
