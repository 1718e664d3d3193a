import { FORM_FIELDS, type FieldErrors, type FormId, type FormValues } from '../../core/forms';
import type { z } from 'zod';
import { safeJson, ViewSubmission } from './payloads';
import { blockId } from './render-forms';

type StateValues = z.infer<typeof ViewSubmission>['view']['state']['values'];

/** A sent modal's inputs as core reads them: each field's text or picks, by field id. */
export function formValues(form: FormId, values: StateValues): FormValues {
  const out: FormValues = {};
  for (const [field, kind] of Object.entries(FORM_FIELDS[form])) {
    const v = values[blockId(form, field)]?.v;
    if (!v) continue;
    const picked =
      kind === 'choices' ? v.selected_options?.map((o) => o.value)
      : kind === 'people' ? v.selected_users
      : kind === 'choice' ? v.selected_option?.value
      : kind === 'person' ? v.selected_user
      : kind === 'conversation' ? v.selected_conversation
      : kind === 'date' ? v.selected_date
      : kind === 'time' ? v.selected_time
      : v.value;
    if (picked !== null && picked !== undefined) out[field] = picked;
  }
  return out;
}

/** Core's messages on the blocks of their fields, as `response_action: errors` takes them. */
export function blockErrors(form: FormId, errors: FieldErrors): { response_action: 'errors'; errors: Record<string, string> } {
  return { response_action: 'errors', errors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [blockId(form, field), message])) };
}

/** A sent modal of one form: who sent it, what rode along in its metadata, its values by field id; undefined when not understood. */
export function readSubmission<M extends z.ZodType>(form: FormId, body: unknown, Meta: M): { user: string; meta: z.infer<M>; values: FormValues; view?: string } | undefined {
  const parsed = ViewSubmission.safeParse(body);
  const meta = parsed.success ? Meta.safeParse(safeJson(parsed.data.view.private_metadata)) : undefined;
  if (!parsed.success || !meta?.success) return undefined;
  const { id } = parsed.data.view;
  return { user: parsed.data.user.id, meta: meta.data, values: formValues(form, parsed.data.view.state.values), ...(id ? { view: id } : {}) };
}
