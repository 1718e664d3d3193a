import type { Activity } from '@microsoft/agents-activity';
import { tPulse } from '../../core/i18n/pulse-strings';
import { LANG_NAMES, LANGS, type Lang } from '../../core/lang';
import { bar, type PulseCheckinMessage, type PulseSummaryMessage } from '../../core/messages';
import { commentThreshold, DEFAULT_QUESTION_IDS, PULSE_QUESTIONS } from '../../core/pulse/questions';
import type { TeamRecord } from '../../core/storage/records';
import { formatNumber, weekdayName } from '../../core/zoned';
import { byteSize, CARD_BUDGET_BYTES, cardActivity, clip, heading, safeText, subtle, textBlock, type CardElement, type NameOf } from './cards';

/** What a card's Action.Submit carries back, so the submit can be told apart from a typed message. */
export const SUBMIT = { pulseAnswer: 'pulse-answer', pulseSetup: 'pulse-setup', goalNew: 'goal-new', goalProgress: 'goal-progress' } as const;

/** The id of a question's input in the check-in card; the submit comes back keyed by it. */
export const questionInput = (questionId: string) => `q_${questionId}`;
export const COMMENT_INPUT = 'comment';
export const COMMENT_MAX = 1000;

/**
 * The weekly check-in: one choice per question (radio buttons for the 1–5 agree scale, a drop-down
 * for 0–10), an optional comment, and one button. Nothing is sent until the button is pressed.
 */
export function renderCheckin(m: PulseCheckinMessage): Activity {
  const body: CardElement[] = [heading(m.title), textBlock(m.intro)];
  for (const q of m.questions) {
    const wide = q.values.length > 5;
    const choices = q.values.map((v, i) => ({ title: i === 0 ? `${v} · ${q.low}` : i === q.values.length - 1 ? `${v} · ${q.high}` : String(v), value: String(v) }));
    body.push({
      type: 'Input.ChoiceSet',
      id: questionInput(q.id),
      label: q.text,
      style: wide ? 'compact' : 'expanded',
      ...(wide ? { placeholder: `${q.values[0]} – ${q.values[q.values.length - 1]}` } : {}),
      isRequired: true,
      errorMessage: q.text,
      choices,
      spacing: 'Medium',
    });
  }
  body.push({ type: 'Input.Text', id: COMMENT_INPUT, label: m.commentLabel, placeholder: m.commentHint, isMultiline: true, maxLength: COMMENT_MAX, spacing: 'Medium' });
  body.push(subtle(m.privacy));
  return cardActivity({
    body,
    actions: [{ type: 'Action.Submit', title: m.submitLabel, style: 'positive', data: { kompis: SUBMIT.pulseAnswer, roundId: m.roundId } }],
    summary: m.title,
    lang: m.lang,
  });
}

/**
 * What a lead sees when a round closed with K answers or more. Comments are added while the card
 * stays within what Teams accepts; the ones that do not fit are counted, not dropped silently.
 */
export function renderSummary(s: PulseSummaryMessage): Activity {
  const body: CardElement[] = [heading(s.title), textBlock(s.responseLine)];
  for (const q of s.questions) {
    const total = q.distribution.reduce((sum, d) => sum + d.count, 0);
    const mean = q.mean === undefined ? '–' : formatNumber(s.lang, q.mean, 1);
    const change = q.change === undefined ? '' : ` (${q.change > 0 ? '▲' : q.change < 0 ? '▼' : '='} ${formatNumber(s.lang, Math.abs(q.change), 1)})`;
    const trend = q.trend.length > 1 ? q.trend.map((x) => formatNumber(s.lang, x, 1)).join(' → ') : '';
    body.push({
      type: 'Container',
      separator: true,
      items: [
        textBlock(`**${safeText(q.label)}**: ${mean}${change}${q.flagged ? ' ⚠️' : ''}`, q.flagged ? { color: 'Attention' } : {}),
        ...(trend ? [subtle(trend)] : []),
        { type: 'FactSet', facts: q.distribution.map((d) => ({ title: String(d.value), value: `${bar(total ? d.count / total : 0, 8)} ${d.count}` })) },
      ],
    });
  }
  if (s.enps) body.push(textBlock(`**eNPS** ${safeText(s.enps.line)}`, { separator: true }));
  if (s.flaggedLine) body.push(textBlock(`⚠️ ${safeText(s.flaggedLine)}`, { color: 'Attention' }));
  if (s.themes) body.push(textBlock(clip(safeText(s.themes), 2000), { separator: true }));
  const footer = subtle(safeText(s.footer));
  const card = () => cardActivity({ body: [...body, footer], summary: `${s.title}: ${s.responseLine}`, lang: s.lang });
  if (s.comments.length > 0) {
    body.push(textBlock(`**${safeText(s.commentsTitle)}**`, { separator: true }));
    let shown = 0;
    for (const comment of s.comments) {
      body.push(textBlock(`“${clip(safeText(comment), 1000)}”`, { spacing: 'Small' }));
      if (byteSize(card()) > CARD_BUDGET_BYTES) {
        body.pop();
        break;
      }
      shown += 1;
    }
    if (shown < s.comments.length) body.push(subtle(`+${s.comments.length - shown} …`));
  }
  return card();
}

/** Time zones offered in the setup form: the Nordics first, then a few neighbours. */
export const TIME_ZONES = ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Copenhagen', 'Europe/Helsinki', 'Atlantic/Reykjavik', 'Atlantic/Faroe', 'Europe/London', 'Europe/Berlin', 'UTC'];

/** The ids of the setup form's inputs, as the submit brings them back. */
export const SETUP_INPUTS = { leads: 'leads', day: 'day', time: 'time', tz: 'tz', lang: 'lang', questions: 'questions', k: 'k', commentK: 'commentK', hours: 'hours' } as const;

/**
 * `pulse setup`: leads (a people picker over this conversation, the sender by default), weekday,
 * time, time zone, language, 3–6 questions from the bank, K and how long a round stays open. The
 * team is the conversation the command was written in.
 */
export function renderPulseSetup(lang: Lang, sender: { id: string; name?: string }, team: TeamRecord | undefined, nameOf: NameOf = () => undefined): Activity {
  const pulse = team?.pulse;
  const tz = team?.tz && TIME_ZONES.includes(team.tz) ? team.tz : 'Europe/Oslo';
  const leads = team?.leads.length ? team.leads : [sender.id];
  const chosen = pulse?.questionIds ?? [...DEFAULT_QUESTION_IDS];
  const teamLang = team?.lang ?? lang;
  const body: CardElement[] = [
    heading(tPulse(lang, 'setupTitle')),
    {
      type: 'Input.ChoiceSet',
      id: SETUP_INPUTS.leads,
      label: tPulse(lang, 'fieldLeads'),
      isMultiSelect: true,
      // Teams' people picker: searches this conversation's members and submits Entra object ids
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users?scope=currentContext' },
      choices: leads.map((id) => ({ title: (id === sender.id ? sender.name : undefined) ?? nameOf(id) ?? id, value: id })),
      value: leads.join(','),
      isRequired: true,
      errorMessage: tPulse(lang, 'noLeads'),
    },
    { type: 'Input.ChoiceSet', id: SETUP_INPUTS.day, label: tPulse(lang, 'fieldDay'), style: 'compact', choices: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ title: weekdayName(lang, d), value: String(d) })), value: String(pulse?.day ?? 5) },
    { type: 'Input.Time', id: SETUP_INPUTS.time, label: tPulse(lang, 'fieldTime'), value: pulse?.time ?? '13:00' },
    { type: 'Input.ChoiceSet', id: SETUP_INPUTS.tz, label: tPulse(lang, 'fieldTz'), style: 'compact', choices: TIME_ZONES.map((z) => ({ title: z, value: z })), value: tz },
    { type: 'Input.ChoiceSet', id: SETUP_INPUTS.lang, label: tPulse(lang, 'fieldLang'), style: 'compact', choices: LANGS.map((l) => ({ title: LANG_NAMES[l][l], value: l })), value: teamLang },
    {
      type: 'Input.ChoiceSet',
      id: SETUP_INPUTS.questions,
      label: tPulse(lang, 'fieldQuestions'),
      isMultiSelect: true,
      style: 'expanded',
      choices: PULSE_QUESTIONS.map((q) => ({ title: q.label[lang], value: q.id })),
      value: chosen.join(','),
    },
    { type: 'Input.Number', id: SETUP_INPUTS.k, label: tPulse(lang, 'fieldK'), min: 3, value: pulse?.k ?? 5 },
    { type: 'Input.Number', id: SETUP_INPUTS.commentK, label: tPulse(lang, 'fieldCommentK'), min: 3, value: commentThreshold({ k: pulse?.k ?? 5, commentK: pulse?.commentK }) },
    { type: 'Input.Number', id: SETUP_INPUTS.hours, label: tPulse(lang, 'fieldHours'), min: 1, max: 168, value: pulse?.openHours ?? 72 },
  ];
  return cardActivity({ body, actions: [{ type: 'Action.Submit', title: tPulse(lang, 'save'), data: { kompis: SUBMIT.pulseSetup } }], summary: tPulse(lang, 'setupTitle'), lang });
}
