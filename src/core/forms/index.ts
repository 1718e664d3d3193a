import { GOAL_FIELDS, PROGRESS_FIELDS } from './goal-form';
import type { FieldKind, FormId } from './model';
import { PULSE_SETUP_FIELDS } from './pulse-setup-form';

export { goalForm, progressForm, readGoalForm, readProgressForm } from './goal-form';
export { errorLines, errorsOf, fillIn, isList, type FieldErrors, type FieldKind, type FormDescription, type FormField, type FormId, type FormResult, type FormValues } from './model';
export { pulseSetupForm, readPulseSetupForm, TIME_ZONES, type PulseSetupFields } from './pulse-setup-form';

/** Each form's fields and what they ask for, as a channel needs them to read a submission back. */
export const FORM_FIELDS: Record<FormId, Record<string, FieldKind>> = { 'goal-new': GOAL_FIELDS, 'goal-progress': PROGRESS_FIELDS, 'pulse-setup': PULSE_SETUP_FIELDS };
