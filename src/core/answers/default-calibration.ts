import { Calibration } from '../knowledge/calibration';
import fitted from './default-calibration.json';

/**
 * The answer-or-abstain model a store uses until `kompis eval --calibrate` fits its own. Fitted on
 * more than one store (see `fitted.on`), so that it is not the sample pack's alone.
 */
export const DEFAULT_CALIBRATION: Calibration = Calibration.parse(fitted);

/**
 * A store's own model with the parts a Kompis from before they existed did not write: the ordering
 * of the leading passages and the choice of the section to quote are the same for every store, so
 * the shipped ones stand in. The cut below which an answer is tentative belongs to the store's own
 * scores, and is left out (`missing` says so, for the log).
 */
export function withShippedModels(own: Calibration): { calibration: Calibration; filled: ('ranking' | 'answering')[]; missing: 'tentativeBelow'[] } {
  const filled = (['ranking', 'answering'] as const).filter((part) => own[part] === undefined && DEFAULT_CALIBRATION[part] !== undefined);
  const calibration = { ...own, ...Object.fromEntries(filled.map((part) => [part, DEFAULT_CALIBRATION[part]])) };
  return { calibration, filled, missing: own.tentativeBelow === undefined ? ['tentativeBelow'] : [] };
}
