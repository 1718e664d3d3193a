import type { Activity } from '@microsoft/agents-activity';
import type { FieldErrors, FormDescription, FormField } from '../../core/forms';
import type { Person } from '../../core/messages';
import { cardActivity, heading, textBlock, safeText, clip, type CardElement, type NameOf } from './cards';

/** Teams' people picker: searches the conversation's members and submits Entra object ids. */
const PEOPLE_QUERY = { type: 'Data.Query', dataset: 'graph.microsoft.com/users?scope=currentContext' } as const;

/** The Adaptive Card inputs Kompis's forms use (schema 1.5), typed so a misspelt property does not compile. */
interface InputBase {
  id: string;
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
  placeholder?: string;
}
type Choice = { title: string; value: string };
type InputElement =
  | (InputBase & { type: 'Input.Text'; maxLength: number; isMultiline?: boolean; value?: string })
  | (InputBase & { type: 'Input.Number'; min?: number; max?: number; value?: number })
  | (InputBase & { type: 'Input.Date' | 'Input.Time'; value?: string })
  | (InputBase & { type: 'Input.ChoiceSet'; choices: Choice[]; style?: 'compact' | 'expanded'; isMultiSelect?: boolean; 'choices.data'?: typeof PEOPLE_QUERY; value?: string });

/**
 * A form as a card; the submit carries the form's id (`kompis`) and data back with the inputs.
 * With `errors`, each is shown under its field, in the warning colour.
 */
export function renderFormCard(form: FormDescription, nameOf?: NameOf, errors: FieldErrors = {}): Activity {
  return cardActivity({ body: [heading(form.title), ...formElements(form, nameOf, errors)], actions: [submitAction(form)], summary: form.title, lang: form.lang });
}

/** The button that sends a form; `title` when it should say more than the form's submit label. */
export function submitAction(form: FormDescription, title = form.submitLabel): CardElement {
  return { type: 'Action.Submit', title, style: 'positive', data: { kompis: form.id, ...form.data } };
}

/**
 * The form's inputs. A conversation field is not asked: the card is in the team's conversation.
 * A required field is checked by the client too, with core's words for what is missing.
 */
export function formElements(form: FormDescription, nameOf: NameOf = () => undefined, errors: FieldErrors = {}): CardElement[] {
  const out: CardElement[] = form.intro ? [textBlock(`**${clip(safeText(form.intro), 300)}**`)] : [];
  for (const field of form.fields) {
    const input = inputOf(field, nameOf);
    if (!input) continue;
    out.push({ ...input, ...(field.placeholder ? { placeholder: field.placeholder } : {}), ...(field.required ? { isRequired: true, errorMessage: field.missing ?? field.label } : {}) });
    const error = errors[field.id];
    if (error) out.push(textBlock(safeText(error), { color: 'Attention', size: 'Small', spacing: 'Small' }));
  }
  return out;
}

function inputOf(f: FormField, nameOf: NameOf): InputElement | undefined {
  const base = { id: f.id, label: f.label };
  switch (f.kind) {
    case 'text':
    case 'long-text':
      return { type: 'Input.Text', ...base, maxLength: f.maxLength, ...(f.kind === 'long-text' ? { isMultiline: true } : {}), ...(f.initial ? { value: f.initial } : {}) };
    case 'number':
      return { type: 'Input.Number', ...base, ...(f.min !== undefined ? { min: f.min } : {}), ...(f.max !== undefined ? { max: f.max } : {}), ...(f.initial !== undefined ? { value: f.initial } : {}) };
    case 'date':
    case 'time':
      return { type: f.kind === 'date' ? 'Input.Date' : 'Input.Time', ...base, ...(f.initial ? { value: f.initial } : {}) };
    case 'choice':
    case 'choices':
      return {
        type: 'Input.ChoiceSet',
        ...base,
        style: f.compact ? 'compact' : 'expanded',
        ...(f.kind === 'choices' ? { isMultiSelect: true } : {}),
        choices: f.choices.map((c) => ({ title: c.label, value: c.value })),
        value: f.initial.join(','),
      };
    case 'person':
    case 'people':
      return {
        type: 'Input.ChoiceSet',
        ...base,
        ...(f.kind === 'people' ? { isMultiSelect: true } : {}),
        'choices.data': PEOPLE_QUERY,
        choices: f.initial.map((p: Person) => ({ title: p.name ?? nameOf(p.id) ?? p.id, value: p.id })),
        value: f.initial.map((p) => p.id).join(','),
      };
    case 'conversation':
      return undefined;
  }
}
