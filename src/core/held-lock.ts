import type { Locks } from './storage/ports';

/**
 * Keeps a lock renewed in the background while its holder works, so a slow platform cannot let it
 * expire under a live sender; `ok()` turns false once a renewal finds it taken or cannot reach the store.
 */
export function renewWhileHeld(locks: Locks, name: string, token: string, ttlMs: number): { ok: () => boolean; stop: () => void } {
  let held = true;
  const timer = setInterval(() => {
    locks.acquire(name, token, ttlMs).then(
      (still) => (held &&= still),
      () => (held = false),
    );
  }, ttlMs / 3);
  timer.unref();
  return { ok: () => held, stop: () => clearInterval(timer) };
}
