import type { ProgressInput } from '../storage/ports';
import type { Goal } from '../storage/records';

/** The goal after one progress update, and whether this update is the one that reached the target. */
export function applyProgress(goal: Goal, input: ProgressInput, at: string): { goal: Goal; reachedNow: boolean } {
  // 12 significant digits: 4.3 + 0.1 is 4.4, the same in every store
  const current = Number(('value' in input ? input.value : goal.current + input.delta).toPrecision(12));
  const reached = goal.direction === 'higher' ? current >= goal.target : current <= goal.target;
  const reachedNow = reached && !goal.reachedAt;
  return { goal: { ...goal, current, ...(reachedNow ? { reachedAt: at } : {}) }, reachedNow };
}
