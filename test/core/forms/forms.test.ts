import { errorLines, fillIn, goalForm, progressForm, pulseSetupForm, readGoalForm, readProgressForm, readPulseSetupForm, type FormField } from '../../../src/core/forms';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import type { TeamRecord } from '../../../src/core/storage/records';

const TODAY = new Date('2026-11-23T09:00:00Z');
const ctx = { team: 'team-1', today: TODAY, asker: 'U1' };
const field = (fields: FormField[], id: string) => fields.find((f) => f.id === id)!;

describe('the goal form', () => {
  it('is described in the asker’s language with the limits of a goal', () => {
    const form = goalForm('nb', { id: 'U1', name: 'Kari' });
    expect(form).toMatchObject({ id: 'goal-new', title: 'Nytt mål for teamet', submitLabel: 'Lagre mål' });
    expect(form.fields.map((f) => f.id)).toEqual(['title', 'metric', 'start', 'target', 'unit', 'direction', 'due', 'owner', 'why']);
    expect(field(form.fields, 'title')).toMatchObject({ kind: 'text', label: 'Tittel', required: true, maxLength: 150 });
    expect(field(form.fields, 'why')).toMatchObject({ kind: 'long-text', required: false, maxLength: 1000 });
    expect(field(form.fields, 'owner')).toMatchObject({ kind: 'person', initial: [{ id: 'U1', name: 'Kari' }] });
    expect(field(form.fields, 'direction')).toMatchObject({ kind: 'choice', initial: ['higher'], choices: [{ value: 'higher' }, { value: 'lower' }] });
    expect(field(form.fields, 'start')).toMatchObject({ kind: 'number', required: true, missing: 'Mangler startverdi: hvor står dere i dag?' });
  });

  it('gives the goal, typed, from a valid submission; numbers as typed with a comma; the asker owns it when no owner is picked', () => {
    const read = readGoalForm({ title: ' CSAT to 4.5 ', metric: 'CSAT', start: '4,1', target: '4.5', unit: '', direction: 'higher', due: '2026-12-31', why: '' }, 'en', ctx);
    expect(read).toEqual({ ok: true, value: { team: 'team-1', title: 'CSAT to 4.5', metric: 'CSAT', start: 4.1, target: 4.5, unit: '', direction: 'higher', due: '2026-12-31', owner: 'U1' } });
  });

  it('says on each field what is wrong, in the asker’s language', () => {
    const read = readGoalForm({ title: 'T'.repeat(151), start: 'abc', target: '9'.repeat(401), due: '2020-01-01', owner: 'U2' }, 'sv', ctx);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.keys(read.errors).sort()).toEqual(['due', 'metric', 'start', 'target', 'title']);
    expect(read.errors.title).toBe('För långt: högst 150 tecken.');
    expect(read.errors.metric).toMatch(/^Inte mätbart/);
    expect(read.errors.start).toMatch(/^Skriv ett tal/);
    expect(read.errors.target).toMatch(/^Skriv ett tal/);
    expect(read.errors.due).toMatch(/^Slutdatumet har redan passerat/);
    // a channel that cannot mark a field names it
    expect(errorLines(goalForm('sv', { id: 'U1' }), read.errors)[0]).toBe('Titel: För långt: högst 150 tecken.');
  });

  it('refuses a target already met by the direction chosen, on the target', () => {
    const read = readGoalForm({ title: 'Faster', metric: 'AHT', start: '300', target: '360', direction: 'lower', due: '2026-12-31' }, 'en', ctx);
    expect(read).toEqual({ ok: false, errors: { target: 'The target is already met at the start: set one that takes an effort.' } });
  });
});

describe('the progress form', () => {
  it('reads a value or a change, and names the field when it is neither', () => {
    expect(progressForm('en', { id: 'g1', title: 'CSAT' })).toMatchObject({ id: 'goal-progress', intro: 'CSAT', data: { goalId: 'g1' }, fields: [{ id: 'value', maxLength: 30 }] });
    expect(readProgressForm({ value: '4,4' }, 'en')).toEqual({ ok: true, value: { value: 4.4 } });
    expect(readProgressForm({ value: '+0.1' }, 'en')).toEqual({ ok: true, value: { delta: 0.1 } });
    expect(readProgressForm({ value: 'lots' }, 'da')).toEqual({ ok: false, errors: { value: expect.stringMatching(/^Skriv et tal/) } });
    expect(readProgressForm({}, 'en').ok).toBe(false);
  });
});

describe('the pulse setup form', () => {
  const valid = { channel: 'C1', leads: ['U1'], day: '5', time: '13:00', tz: 'Europe/Oslo', lang: 'sv', questions: [...DEFAULT_QUESTION_IDS], k: '5', hours: '72' };

  it('is filled in from the team’s setup, or the defaults', () => {
    const team: TeamRecord = { id: 't', platform: 'chat', channel: 'C1', lang: 'da', tz: 'Europe/Copenhagen', leads: ['U9'], updatedAt: '2026-01-01T00:00:00Z', pulse: { day: 2, time: '09:30', questionIds: ['expectations', 'support', 'workload'], k: 4, commentK: 6, openHours: 48, paused: false } };
    const form = pulseSetupForm('en', { asker: { id: 'U1' }, channel: 'C1', team });
    expect(field(form.fields, 'leads')).toMatchObject({ kind: 'people', initial: [{ id: 'U9' }], missing: 'Choose at least one lead to get the summary.' });
    expect(field(form.fields, 'k')).toMatchObject({ kind: 'number', integer: true, min: 3, initial: 4 });
    expect(field(form.fields, 'commentK')).toMatchObject({ required: false, initial: 6 });
    expect(field(form.fields, 'hours')).toMatchObject({ min: 1, max: 168, initial: 48 });
    expect(field(form.fields, 'questions')).toMatchObject({ kind: 'choices', maxSelected: 6, initial: ['expectations', 'support', 'workload'] });
    expect(field(form.fields, 'tz')).toMatchObject({ initial: ['Europe/Copenhagen'] });
    const fresh = pulseSetupForm('nb', { asker: { id: 'U1', name: 'Kari' } });
    expect(field(fresh.fields, 'leads')).toMatchObject({ initial: [{ id: 'U1', name: 'Kari' }] });
    expect(field(fresh.fields, 'k')).toMatchObject({ initial: 5, label: expect.stringContaining('minst 3') });
  });

  it('gives the setup, typed, from a valid submission', () => {
    expect(readPulseSetupForm(valid, 'en')).toEqual({ ok: true, value: { channel: 'C1', lang: 'sv', setup: { leads: ['U1'], day: 5, time: '13:00', tz: 'Europe/Oslo', lang: 'sv', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72 } } });
  });

  it('says on each field what is wrong, in the asker’s language', () => {
    const read = readPulseSetupForm({ ...valid, k: '2', commentK: '1', hours: '200', questions: ['expectations'], time: '25:00', tz: 'Mars/Olympus' }, 'nb');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual({
      time: 'Tidspunktet må skrives TT:MM, for eksempel 13:00.',
      tz: 'Ukjent tidssone «Mars/Olympus». Bruk et navn som Europe/Oslo.',
      questions: 'Velg mellom 3 og 6 spørsmål.',
      k: 'Minste antall svar må være minst 3, så ingen kan pekes ut.',
      commentK: 'Kommentarer kan ikke vises fra færre svar enn resultatene (2).',
      hours: 'En runde kan være åpen fra 1 til 168 timer.',
    });
  });

  it('wants a channel and whole numbers', () => {
    expect(readPulseSetupForm({ ...valid, channel: '' }, 'en')).toEqual({ ok: false, errors: { channel: "Choose the team's channel." } });
    expect(readPulseSetupForm({ ...valid, k: '4.5', hours: 'lots' }, 'da')).toEqual({ ok: false, errors: { k: 'Skriv et helt tal.', hours: 'Skriv et helt tal.' } });
  });
});

describe('a form shown again', () => {
  it('keeps what was sent in it, and a number that was not one is left empty', () => {
    const form = fillIn(goalForm('en', { id: 'U1', name: 'Kari' }), { title: 'CSAT', start: 'abc', target: '4,5', direction: 'lower', owner: 'U1' });
    expect(field(form.fields, 'title')).toMatchObject({ initial: 'CSAT' });
    expect(field(form.fields, 'start')).toMatchObject({ initial: undefined });
    expect(field(form.fields, 'direction')).toMatchObject({ initial: ['lower'] });
    expect(field(form.fields, 'owner')).toMatchObject({ initial: [{ id: 'U1', name: 'Kari' }] });
    expect(field(form.fields, 'metric')).not.toHaveProperty('initial');
  });
});
