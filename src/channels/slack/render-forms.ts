import type { types } from '@slack/bolt';
import type { FormDescription, FormField, FormId } from '../../core/forms';
import { ids } from './ids';
import { clip, clipMrkdwn, escapeMrkdwn } from './mrkdwn';

type View = types.ModalView;
type KnownBlock = types.KnownBlock;

/**
 * The most characters Slack takes in each text of a modal: its title, submit and close buttons
 * (docs.slack.dev/reference/views/modal-views), an input's label and hint (…/blocks/input-block),
 * a placeholder (…/block-elements, each element's page) and an option (…/composition-objects/option-object).
 * A longer text, a translation a little longer than its English, would make Slack refuse the whole
 * modal: each is shortened to its own limit.
 */
const MAX = { title: 24, button: 24, label: 2000, hint: 2000, placeholder: 150, option: 75 };

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max) });
const option = (text: string, value: string) => ({ text: plain(text, MAX.option), value });

/** The modal's callback id of each form, and the prefix of its fields' block ids. */
const VIEWS: Record<FormId, { callback: string; prefix: string }> = {
  'goal-new': { callback: ids.goalNewView, prefix: 'goal' },
  'goal-progress': { callback: ids.goalProgressView, prefix: 'progress' },
  'pulse-setup': { callback: ids.pulseSetupView, prefix: 'pulse' },
};

/** A field's block id: `goal_due`, `pulse_comment_k`; its one element's action id is `v`. */
export function blockId(form: FormId, field: string): string {
  return `${VIEWS[form].prefix}_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

/** A form as a modal: one input block a field; `meta` rides along in the view's private metadata with the form's data. */
export function renderModal(form: FormDescription, meta: Record<string, string> = {}): View {
  const blocks: KnownBlock[] = [];
  if (form.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${clipMrkdwn(escapeMrkdwn(form.intro), 300)}*` } });
  for (const field of form.fields) {
    blocks.push({ type: 'input', block_id: blockId(form.id, field.id), label: plain(field.label, MAX.label), element: element(field), optional: !field.required, ...(field.hint ? { hint: plain(field.hint, MAX.hint) } : {}) });
  }
  return {
    type: 'modal',
    callback_id: VIEWS[form.id].callback,
    private_metadata: JSON.stringify({ ...form.data, ...meta, lang: form.lang }),
    title: plain(form.title, MAX.title),
    submit: plain(form.submitLabel, MAX.button),
    close: plain(form.cancelLabel, MAX.button),
    blocks,
  };
}

function element(f: FormField): types.InputBlockElement {
  const base = { action_id: 'v', ...(f.placeholder ? { placeholder: plain(f.placeholder, MAX.placeholder) } : {}) };
  switch (f.kind) {
    case 'text':
    case 'long-text':
      return { type: 'plain_text_input', ...base, max_length: f.maxLength, ...(f.kind === 'long-text' ? { multiline: true } : {}), ...(f.initial ? { initial_value: f.initial } : {}) };
    case 'number':
      return {
        type: 'number_input',
        ...base,
        is_decimal_allowed: !f.integer,
        ...(f.min !== undefined ? { min_value: String(f.min) } : {}),
        ...(f.max !== undefined ? { max_value: String(f.max) } : {}),
        ...(f.initial !== undefined ? { initial_value: String(f.initial) } : {}),
      };
    case 'date':
      return { type: 'datepicker', ...base, ...(f.initial ? { initial_date: f.initial } : {}) };
    case 'time':
      return { type: 'timepicker', ...base, ...(f.initial ? { initial_time: f.initial } : {}) };
    case 'conversation':
      return { type: 'conversations_select', ...base, ...(f.initial ? { initial_conversation: f.initial } : {}), filter: { include: ['public', 'private'], exclude_bot_users: true } };
    case 'person':
      return { type: 'users_select', ...base, ...(f.initial[0] ? { initial_user: f.initial[0].id } : {}) };
    case 'people':
      return { type: 'multi_users_select', ...base, initial_users: f.initial.map((p) => p.id) };
    case 'choice': {
      const options = f.choices.map((c) => option(c.label, c.value));
      const initial = options.find((o) => o.value === f.initial[0]);
      return { type: f.compact ? 'static_select' : 'radio_buttons', ...base, options, ...(initial ? { initial_option: initial } : {}) } as types.InputBlockElement;
    }
    case 'choices': {
      const options = f.choices.map((c) => option(c.label, c.value));
      return { type: 'multi_static_select', ...base, options, initial_options: options.filter((o) => f.initial.includes(o.value)), ...(f.maxSelected ? { max_selected_items: f.maxSelected } : {}) };
    }
  }
}
