import crypto from 'node:crypto';
import { BOT_USER_ID, TEAM_ID } from './fake-slack';

/** Slack payloads as they arrive, built after the Events API and interactivity reference shapes. */

let seq = 0;
export const nextTs = (): string => `1700000${String(++seq).padStart(3, '0')}.000100`;
/** A fresh trigger id, as Slack gives every command, click and submission. */
export const nextTrigger = (): string => `${1234567890 + ++seq}.trigger`;

export function eventCallback(event: Record<string, unknown>, eventId = `Ev${String(++seq).padStart(9, '0')}`): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    context_team_id: TEAM_ID,
    api_app_id: 'AKOMPIS01',
    event: { event_ts: event.ts, team: TEAM_ID, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${eventId}`,
  };
}

export function mention(text: string, opts: { user?: string; channel?: string; ts?: string; thread_ts?: string } = {}): Record<string, unknown> {
  return {
    type: 'app_mention',
    user: opts.user ?? 'UAGENT001',
    text: `<@${BOT_USER_ID}> ${text}`,
    ts: opts.ts ?? nextTs(),
    channel: opts.channel ?? 'CTEAM0001',
    client_msg_id: crypto.randomUUID(),
    ...(opts.thread_ts ? { thread_ts: opts.thread_ts } : {}),
  };
}

export function message(text: string, opts: { user?: string; channel?: string; channel_type?: string; ts?: string; thread_ts?: string; subtype?: string; bot_id?: string } = {}): Record<string, unknown> {
  return {
    type: 'message',
    text,
    ts: opts.ts ?? nextTs(),
    channel: opts.channel ?? 'DAGENT001',
    channel_type: opts.channel_type ?? 'im',
    ...(opts.bot_id ? { bot_id: opts.bot_id } : { user: opts.user ?? 'UAGENT001', client_msg_id: crypto.randomUUID() }),
    ...(opts.thread_ts ? { thread_ts: opts.thread_ts } : {}),
    ...(opts.subtype ? { subtype: opts.subtype } : {}),
  };
}

/**
 * A person's edit of a message, as Slack sends it (`message_changed`, "hidden"): the message as it
 * now reads, marked `edited` at `editedAt` (a ts), and as it read before.
 */
export function edit(before: Record<string, unknown>, text: string, editedAt: string = nextTs()): Record<string, unknown> {
  const { channel, channel_type, ...rest } = before;
  const previous: Record<string, unknown> = { ...rest, type: 'message' };
  return {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel,
    ...(channel_type ? { channel_type } : {}),
    ts: editedAt,
    event_ts: editedAt,
    message: { ...previous, text, edited: { user: previous.user, ts: editedAt } },
    previous_message: previous,
  };
}

export function blockAction(action: Record<string, unknown>, opts: { user?: string; channel?: string; messageTs: string; threadTs?: string; blocks?: unknown[] }): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: opts.user ?? 'UAGENT001', username: 'agent', team_id: TEAM_ID },
    api_app_id: 'AKOMPIS01',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: opts.messageTs, channel_id: opts.channel ?? 'CTEAM0001', is_ephemeral: false },
    // Slack gives every click a trigger id and an action ts of its own
    trigger_id: nextTrigger(),
    team: { id: TEAM_ID, domain: 'nordic' },
    channel: { id: opts.channel ?? 'CTEAM0001', name: 'team' },
    message: { type: 'message', user: BOT_USER_ID, ts: opts.messageTs, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}), text: 'answer', blocks: opts.blocks ?? [] },
    response_url: 'http://127.0.0.1:9/unused',
    actions: [{ action_ts: nextTs(), block_id: 'kompis_feedback', ...action }],
  };
}

/** A modal submitted: the view Kompis opened (its callback id and metadata) with the values typed into it, by block and action id. */
export function viewSubmission(view: { callback_id: string; private_metadata: string }, values: Record<string, Record<string, unknown>>, opts: { user?: string } = {}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T0NORDIC1', domain: 'nordic' },
    user: { id: opts.user ?? 'UAGENT001', name: 'agent', team_id: 'T0NORDIC1' },
    api_app_id: 'AKOMPIS01',
    token: 'unused',
    trigger_id: nextTrigger(),
    view: { id: `V${String(++seq).padStart(8, '0')}`, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
  };
}

/** The 👎 reason form's one field, filled in. */
export const reasonValues = (reason: string) => ({ reason: { reason_input: { type: 'plain_text_input', value: reason } } });

/** The new goal form's fields, filled in: a CSAT goal from 4.1 to 4.5 points by 2026-12-31, with this title and owner. */
export const goalValues = (title: string, owner: string) => ({
  goal_title: { v: { type: 'plain_text_input', value: title } },
  goal_metric: { v: { type: 'plain_text_input', value: 'CSAT' } },
  goal_start: { v: { type: 'number_input', value: '4.1' } },
  goal_target: { v: { type: 'number_input', value: '4.5' } },
  goal_unit: { v: { type: 'plain_text_input', value: 'poeng' } },
  goal_direction: { v: { type: 'radio_buttons', selected_option: { value: 'higher' } } },
  goal_due: { v: { type: 'datepicker', selected_date: '2026-12-31' } },
  goal_owner: { v: { type: 'users_select', selected_user: owner } },
});

/** `responseUrl`: where Slack takes later replies (FakeSlack.responseUrl); by default a dead port. */
export function slashCommand(text: string, opts: { user?: string; channel?: string; responseUrl?: string } = {}): Record<string, string> {
  return {
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    team_domain: 'nordic',
    channel_id: opts.channel ?? 'CTEAM0001',
    channel_name: 'team',
    user_id: opts.user ?? 'UCURATOR1',
    user_name: 'curator',
    command: '/kompis',
    text,
    api_app_id: 'AKOMPIS01',
    response_url: opts.responseUrl ?? 'http://127.0.0.1:9/unused',
    trigger_id: nextTrigger(),
  };
}

/** Slack's v0 request signature over `v0:<timestamp>:<body>`. */
export function sign(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}
