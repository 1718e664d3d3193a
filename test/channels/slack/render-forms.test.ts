import { renderModal } from '../../../src/channels/slack/render-forms';
import { goalForm, progressForm, pulseSetupForm, type FormDescription, type FormField } from '../../../src/core/forms';
import { refusal } from '../../fakes/slack/block-kit-limits';

const ASKER = { id: 'ULEAD0001', name: 'Kari' };

/** Where a reader sees one character end and the next begin. */
const boundaries = (text: string) => new Set([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.index).concat(text.length));

/** `shown` is `written` whole, or a start of it that ends between two characters, then "…". */
function wholeOrCut(shown: string, written: string): void {
  if (shown === written) return;
  expect(shown.endsWith('…')).toBe(true);
  const head = shown.slice(0, -1);
  expect(written.startsWith(head)).toBe(true);
  expect(boundaries(written).has(head.length)).toBe(true);
}

/**
 * A form as a longer translation would word it: each text well past Slack's limit for it, with an
 * emoji across the place where it would be cut (a family at 20–27 for the 24 of a title or button,
 * a flag at 73–76 for the 75 of an option, 148–151 for a placeholder's 150).
 */
function longer(form: FormDescription): FormDescription {
  const at = (cut: number, text: string, emoji: string) => `${`${text} `.repeat(200).slice(0, cut)}${emoji} ${text}`;
  const field = (f: FormField): FormField => {
    const long = { ...f, label: `${f.label}: ${'forklart grundigt på et nyt sprog '.repeat(15)}`, hint: `${'😊 et tip mere '.repeat(40)}`, placeholder: at(148, f.label, '🇩🇰') };
    return long.kind === 'choice' || long.kind === 'choices' ? { ...long, choices: long.choices.map((c) => ({ ...c, label: at(73, c.label, '🇳🇴') })) } : long;
  };
  return { ...form, title: at(20, form.title, '👨‍👩‍👧'), submitLabel: at(20, form.submitLabel, '👨‍👩‍👧'), cancelLabel: at(20, form.cancelLabel, '👨‍👩‍👧'), fields: form.fields.map(field) };
}

type Text = { text: string };
type Input = { label: Text; hint?: Text; element: { placeholder?: Text; options?: { text: Text }[] } };

describe('Slack modals with texts longer than Slack takes', () => {
  const forms = { 'goal-new': goalForm('da', ASKER), 'goal-progress': progressForm('da', { id: 'g1', title: 'CSAT til 4,5' }), 'pulse-setup': pulseSetupForm('da', { asker: ASKER }) };

  test.each(Object.entries(forms))('%s: each text is shortened to its own limit, between two characters, and Slack takes the modal', (_, plain) => {
    const form = longer(plain);
    const view = renderModal(form);
    expect(refusal('views.open', { view })).toBeUndefined();
    for (const [shown, written] of [[view.title, form.title], [view.submit!, form.submitLabel], [view.close!, form.cancelLabel]] as const) {
      expect(shown.text).toBe(`${written.slice(0, 20)}…`);
      wholeOrCut(shown.text, written);
    }
    const inputs = view.blocks.filter((b) => b.type === 'input') as unknown as Input[];
    expect(inputs).toHaveLength(form.fields.length);
    inputs.forEach((input, i) => {
      const f = form.fields[i]!;
      // a label and a hint take 2,000: these are shown whole
      expect(input.label.text).toBe(f.label);
      expect(input.hint?.text).toBe(f.hint);
      if (input.element.placeholder) {
        expect(input.element.placeholder.text).toHaveLength(149);
        wholeOrCut(input.element.placeholder.text, f.placeholder!);
      }
      const choices = f.kind === 'choice' || f.kind === 'choices' ? f.choices : [];
      (input.element.options ?? []).forEach((o, j) => {
        expect(o.text.text).toHaveLength(74);
        wholeOrCut(o.text.text, choices[j]!.label);
      });
    });
  });

  test('the forms as written today are shown whole', () => {
    for (const form of Object.values(forms)) {
      const view = renderModal(form);
      expect(refusal('views.open', { view })).toBeUndefined();
      expect(JSON.stringify(view)).not.toContain('…');
    }
  });
});
