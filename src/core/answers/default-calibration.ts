import { Calibration } from '../knowledge/calibration';
import fitted from './default-calibration.json';

/**
 * The answer-or-abstain model a store uses until `kompis eval --calibrate` fits its own. Fitted on
 * more than one store (see `fitted.on`), so that it is not the sample pack's alone.
 */
export const DEFAULT_CALIBRATION: Calibration = Calibration.parse(fitted);
