import type { types } from '@slack/bolt';
import { tGoal } from '../../core/i18n/goal-strings';
import { GOAL_TEXT_LIMITS } from '../../core/goals/smart';
import { tPulse } from '../../core/i18n/pulse-strings';
import { LANG_NAMES, LANGS, type Lang } from '../../core/lang';
import { commentThreshold, DEFAULT_QUESTION_IDS, PULSE_QUESTIONS } from '../../core/pulse/questions';
import type { TeamRecord } from '../../core/storage/records';
import { weekdayName } from '../../core/zoned';
import { ids } from './ids';
import { clip } from './mrkdwn';

type View = types.ModalView;
type KnownBlock = types.KnownBlock;

const plain = (text: string) => ({ type: 'plain_text' as const, text: clip(text, 150) });
const option = (text: string, value: string) => ({ text: plain(text), value });

/** Time zones offered in the pulse form: the Nordics first, then a few neighbours. */
export const TIME_ZONES = ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Copenhagen', 'Europe/Helsinki', 'Atlantic/Reykjavik', 'Atlantic/Faroe', 'Europe/London', 'Europe/Berlin', 'UTC'];

/** The block ids of the goal form, named after the SMART fields they fill. */
export const GOAL_BLOCKS = { title: 'goal_title', metric: 'goal_metric', start: 'goal_start', target: 'goal_target', unit: 'goal_unit', direction: 'goal_direction', due: 'goal_due', owner: 'goal_owner', why: 'goal_why' } as const;

/** `/kompis goal new`: a modal with every field of a SMART goal. */
export function goalModal(lang: Lang, meta: { team: string; channel: string }, owner: string): View {
  const input = (block: string, label: string, element: types.InputBlockElement, optional = false): KnownBlock => ({ type: 'input', block_id: block, label: plain(label), element, optional });
  return {
    type: 'modal',
    callback_id: ids.goalNewView,
    private_metadata: JSON.stringify({ ...meta, lang }),
    title: plain(clip(tGoal(lang, 'newGoalTitle'), 24)),
    submit: plain(tGoal(lang, 'create')),
    close: plain(tPulse(lang, 'cancel')),
    blocks: [
      input(GOAL_BLOCKS.title, tGoal(lang, 'fieldTitle'), { type: 'plain_text_input', action_id: 'v', max_length: GOAL_TEXT_LIMITS.title }),
      input(GOAL_BLOCKS.metric, tGoal(lang, 'fieldMetric'), { type: 'plain_text_input', action_id: 'v', max_length: GOAL_TEXT_LIMITS.metric }),
      input(GOAL_BLOCKS.start, tGoal(lang, 'fieldStart'), { type: 'number_input', action_id: 'v', is_decimal_allowed: true }),
      input(GOAL_BLOCKS.target, tGoal(lang, 'fieldTarget'), { type: 'number_input', action_id: 'v', is_decimal_allowed: true }),
      input(GOAL_BLOCKS.unit, tGoal(lang, 'fieldUnit'), { type: 'plain_text_input', action_id: 'v', max_length: GOAL_TEXT_LIMITS.unit }, true),
      input(GOAL_BLOCKS.direction, tGoal(lang, 'fieldDirection'), {
        type: 'radio_buttons',
        action_id: 'v',
        options: [option(tGoal(lang, 'higher'), 'higher'), option(tGoal(lang, 'lower'), 'lower')],
        initial_option: option(tGoal(lang, 'higher'), 'higher'),
      }),
      input(GOAL_BLOCKS.due, tGoal(lang, 'fieldDue'), { type: 'datepicker', action_id: 'v' }),
      input(GOAL_BLOCKS.owner, tGoal(lang, 'fieldOwner'), { type: 'users_select', action_id: 'v', initial_user: owner }),
      input(GOAL_BLOCKS.why, tGoal(lang, 'fieldWhy'), { type: 'plain_text_input', action_id: 'v', multiline: true, max_length: GOAL_TEXT_LIMITS.why }, true),
    ],
  };
}

/** The "Log progress" button's modal: one number, a value or a +/- change. */
export function progressModal(lang: Lang, meta: { goalId: string; channel: string }, title: string): View {
  return {
    type: 'modal',
    callback_id: ids.goalProgressView,
    private_metadata: JSON.stringify({ ...meta, lang }),
    title: plain(clip(tGoal(lang, 'logProgress'), 24)),
    submit: plain(tPulse(lang, 'save')),
    close: plain(tPulse(lang, 'cancel')),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${clip(title, 300).replace(/[<>&]/g, '')}*` } },
      { type: 'input', block_id: 'progress_value', label: plain(tGoal(lang, 'fieldValue')), hint: plain(clip(tGoal(lang, 'progressUsage'), 150)), element: { type: 'plain_text_input', action_id: 'v', max_length: 30 } },
    ],
  };
}

export const PULSE_BLOCKS = { channel: 'pulse_channel', leads: 'pulse_leads', day: 'pulse_day', time: 'pulse_time', tz: 'pulse_tz', lang: 'pulse_lang', questions: 'pulse_questions', k: 'pulse_k', commentK: 'pulse_comment_k', hours: 'pulse_hours' } as const;

/** `/kompis pulse setup`: the team's channel, its leads, when, in which language, which questions, K and how long. */
export function pulseSetupModal(lang: Lang, channel: string, user: string, team: TeamRecord | undefined): View {
  const pulse = team?.pulse;
  const days = [1, 2, 3, 4, 5, 6, 7].map((d) => option(weekdayName(lang, d), String(d)));
  const questions = PULSE_QUESTIONS.map((q) => option(q.label[lang], q.id));
  const chosen = new Set(pulse?.questionIds ?? DEFAULT_QUESTION_IDS);
  const tz = team?.tz ?? 'Europe/Oslo';
  const teamLang = team?.lang ?? lang;
  const input = (block: string, label: string, element: types.InputBlockElement): KnownBlock => ({ type: 'input', block_id: block, label: plain(label), element });
  return {
    type: 'modal',
    callback_id: ids.pulseSetupView,
    private_metadata: JSON.stringify({ lang }),
    title: plain(clip(tPulse(lang, 'setupTitle'), 24)),
    submit: plain(tPulse(lang, 'save')),
    close: plain(tPulse(lang, 'cancel')),
    blocks: [
      input(PULSE_BLOCKS.channel, tPulse(lang, 'fieldChannel'), { type: 'conversations_select', action_id: 'v', initial_conversation: channel, filter: { include: ['public', 'private'], exclude_bot_users: true } }),
      input(PULSE_BLOCKS.leads, tPulse(lang, 'fieldLeads'), { type: 'multi_users_select', action_id: 'v', initial_users: team?.leads.length ? team.leads : [user] }),
      input(PULSE_BLOCKS.day, tPulse(lang, 'fieldDay'), { type: 'static_select', action_id: 'v', options: days, initial_option: days[(pulse?.day ?? 5) - 1]! }),
      input(PULSE_BLOCKS.time, tPulse(lang, 'fieldTime'), { type: 'timepicker', action_id: 'v', initial_time: pulse?.time ?? '13:00' }),
      input(PULSE_BLOCKS.tz, tPulse(lang, 'fieldTz'), { type: 'static_select', action_id: 'v', options: TIME_ZONES.map((z) => option(z, z)), initial_option: option(TIME_ZONES.includes(tz) ? tz : 'Europe/Oslo', TIME_ZONES.includes(tz) ? tz : 'Europe/Oslo') }),
      input(PULSE_BLOCKS.lang, tPulse(lang, 'fieldLang'), { type: 'static_select', action_id: 'v', options: LANGS.map((l) => option(LANG_NAMES[l][l], l)), initial_option: option(LANG_NAMES[teamLang][teamLang], teamLang) }),
      input(PULSE_BLOCKS.questions, tPulse(lang, 'fieldQuestions'), { type: 'multi_static_select', action_id: 'v', options: questions, initial_options: questions.filter((q) => chosen.has(q.value)), max_selected_items: 6 }),
      input(PULSE_BLOCKS.k, tPulse(lang, 'fieldK'), { type: 'number_input', action_id: 'v', is_decimal_allowed: false, min_value: '3', initial_value: String(pulse?.k ?? 5) }),
      { type: 'input', block_id: PULSE_BLOCKS.commentK, optional: true, label: plain(tPulse(lang, 'fieldCommentK')), element: { type: 'number_input', action_id: 'v', is_decimal_allowed: false, min_value: '3', initial_value: String(commentThreshold({ k: pulse?.k ?? 5, commentK: pulse?.commentK })) } },
      input(PULSE_BLOCKS.hours, tPulse(lang, 'fieldHours'), { type: 'number_input', action_id: 'v', is_decimal_allowed: false, min_value: '1', max_value: '168', initial_value: String(pulse?.openHours ?? 72) }),
    ],
  };
}
