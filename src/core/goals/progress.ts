import type { ProgressInput } from '../storage/ports';
import type { Goal } from '../storage/records';

/**
 * The largest size of a goal's number (start, target, current, a change): a trillion. Anything
 * larger is a typo or an attack, and past 15 digits a double no longer adds up exactly.
 */
export const GOAL_NUMBER_LIMIT = 1e12;

/** A number a goal may hold: finite and at most GOAL_NUMBER_LIMIT either side of zero. */
export function isGoalNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= GOAL_NUMBER_LIMIT;
}

/**
 * The goal after one progress update, and whether this update is the one that reached the target;
 * undefined when the new value would leave what a goal may hold (the store then keeps the goal as it was).
 */
export function applyProgress(goal: Goal, input: ProgressInput, at: string): { goal: Goal; reachedNow: boolean } | undefined {
  const exact = 'value' in input ? input.value : goal.current + input.delta;
  // checked before rounding, which would bring -1,000,000,000,001 back to the limit as if nothing were past it
  if (!isGoalNumber(exact)) return undefined;
  // 12 significant digits: 4.3 + 0.1 is 4.4, the same in every store; the target is compared with what is stored
  const current = Number(exact.toPrecision(12));
  const reached = goal.direction === 'higher' ? current >= goal.target : current <= goal.target;
  const reachedNow = reached && !goal.reachedAt;
  return { goal: { ...goal, current, ...(reachedNow ? { reachedAt: at } : {}) }, reachedNow };
}

/** "4.4" sets the value, "+0.1" or "-5" changes it; commas are decimal points too (4,4). */
export function parseProgress(text: string): ProgressInput | undefined {
  const t = text.trim().replace(/\s+/g, '').replace(',', '.');
  if (!/^[+-]?\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  // a 400-digit "number" is Infinity: not a reading of anything
  if (!isGoalNumber(n)) return undefined;
  return /^[+-]/.test(t) ? { delta: n } : { value: n };
}
