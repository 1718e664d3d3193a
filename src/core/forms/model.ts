import type { Lang } from '../lang';
import type { Person } from '../messages';

/**
 * Forms as neutral descriptions: what to ask, in the asker's language, with the limits the domain
 * sets. Each channel draws one in its own way (a modal, a card), hands back what was filled in as
 * plain values keyed by field id, and core reads them: the typed value, or a message per field.
 */

/** The forms Kompis asks people to fill in; a channel's submission names the form it answers. */
export type FormId = 'goal-new' | 'goal-progress' | 'pulse-setup';

/**
 * What a field asks for. `choices` and `people` take several values, `person` one; `conversation`
 * is where the form is about (a channel that knows it fills it in without asking).
 */
export type FieldKind = 'text' | 'long-text' | 'number' | 'date' | 'time' | 'choice' | 'choices' | 'person' | 'people' | 'conversation';

interface FieldBase<K extends FieldKind> {
  id: string;
  kind: K;
  label: string;
  /** Shown under the field. */
  hint?: string;
  /** Shown in an empty field. */
  placeholder?: string;
  required: boolean;
  /** Said when a required field is left empty, where the channel checks that itself. */
  missing?: string;
}

export type FormField =
  | (FieldBase<'text' | 'long-text'> & { maxLength: number; initial?: string })
  | (FieldBase<'number'> & { integer: boolean; min?: number; max?: number; initial?: number })
  | (FieldBase<'date' | 'time' | 'conversation'> & { initial?: string })
  | (FieldBase<'choice' | 'choices'> & { choices: { value: string; label: string }[]; initial: string[]; maxSelected?: number; compact?: boolean })
  | (FieldBase<'person' | 'people'> & { initial: Person[] });

export interface FormDescription {
  id: FormId;
  lang: Lang;
  title: string;
  /** A line above the fields (what the form is about). */
  intro?: string;
  submitLabel: string;
  cancelLabel: string;
  fields: FormField[];
  /** What the submission must carry back unchanged (a goal's id, the team), beside the fields. */
  data: Record<string, string>;
}

/** A submission as the channel read it: a field's text, or its picks. A field left empty may be missing. */
export type FormValues = Record<string, string | string[] | undefined>;

/** A message per field, in the asker's language. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Problems found by a domain rule, as one message per field (several for one field are joined). */
export function errorsOf(problems: readonly { field: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) errors[p.field] = errors[p.field] ? `${errors[p.field]} ${p.message}` : p.message;
  return errors;
}

/** For a channel that cannot mark a field: each error with its field's label, in the form's order. */
export function errorLines(form: Pick<FormDescription, 'fields'>, errors: FieldErrors): string[] {
  const known = form.fields.filter((f) => errors[f.id]).map((f) => `${f.label}: ${errors[f.id]}`);
  const other = Object.keys(errors).filter((id) => !form.fields.some((f) => f.id === id)).map((id) => errors[id]!);
  return [...known, ...other];
}

/** Which kinds take several values: a channel that sends picks as one text splits these. */
export const isList = (kind: FieldKind): boolean => kind === 'choices' || kind === 'people';

/** The form again with what was sent in it, so a form shown again with its errors keeps what was typed. */
export function fillIn(form: FormDescription, values: FormValues): FormDescription {
  const fields = form.fields.map((f): FormField => {
    const v = values[f.id];
    if (v === undefined) return f;
    const list = Array.isArray(v) ? v : [v];
    switch (f.kind) {
      case 'number': {
        const n = Number(list[0]);
        return list[0]?.trim() && Number.isFinite(n) ? { ...f, initial: n } : { ...f, initial: undefined };
      }
      case 'choice':
      case 'choices':
        return { ...f, initial: list };
      case 'person':
      case 'people':
        return { ...f, initial: list.map((id) => f.initial.find((p) => p.id === id) ?? { id }) };
      default:
        return { ...f, initial: list[0] };
    }
  });
  return { ...form, fields };
}
