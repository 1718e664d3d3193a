import { z } from 'zod';
import { MessageBlocks } from './rich-text';

/**
 * The fields Kompis reads from Slack payloads, checked at the edge. Objects are not strict: Slack
 * adds fields, and only the ones read here matter.
 */

/**
 * The asker's own workspace: in a Slack Connect channel, a person of another organisation is of
 * their team, not the installing one (`user_team`, or the message's `team`). Only a hint: a shape
 * not understood here never costs the question.
 */
const teamHint = z.string().min(1).optional().catch(undefined);
const AskerTeam = { user_team: teamHint, team: teamHint };

/**
 * A message forwarded with "Forward message" comes as an attachment marked `is_share`, with its
 * text; the forwarding message's own `text` is what was added (often nothing). Link previews are
 * attachments too, but not shared messages.
 */
const Shared = {
  attachments: z
    .array(z.looseObject({ is_share: z.boolean().optional(), text: z.string().optional() }))
    .optional()
    .catch(undefined),
  /** Where a message sent with no `text` has its words (see rich-text.ts). */
  blocks: MessageBlocks,
};

export const MentionEvent = z.object({
  type: z.literal('app_mention'),
  user: z.string().min(1),
  ...AskerTeam,
  ...Shared,
  text: z.string().optional(),
  ts: z.string().min(1),
  channel: z.string().min(1),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
  edited: z.unknown().optional(),
});

export const MessageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  user: z.string().optional(),
  ...AskerTeam,
  ...Shared,
  text: z.string().optional(),
  ts: z.string().min(1),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

/**
 * A person's message edited (`message_changed`): the message as it now reads, with Slack's mark of
 * a person's edit (`edited`), and as it read before. Slack also sends the subtype when a link
 * preview or a language is added to a message, with no `edited` and the same words.
 */
export const MessageChanged = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  message: z.object({
    subtype: z.string().optional(),
    user: z.string().min(1),
    ...AskerTeam,
    ...Shared,
    text: z.string().optional(),
    ts: z.string().min(1),
    thread_ts: z.string().optional(),
    bot_id: z.string().optional(),
    edited: z.object({ ts: z.string().min(1) }),
  }),
  previous_message: z.object({ ...Shared, text: z.string().optional() }).optional(),
});
export type MessageChanged = z.infer<typeof MessageChanged>;

export const AssistantThreadStarted = z.object({
  assistant_thread: z.object({ user_id: z.string().min(1), channel_id: z.string().min(1), thread_ts: z.string().min(1) }),
});

export const AppHomeOpened = z.object({ user: z.string().min(1), channel: z.string().min(1), tab: z.string().optional() });

const ActionBase = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  message: z.object({ ts: z.string().min(1), thread_ts: z.string().optional(), blocks: z.array(z.looseObject({ block_id: z.string().optional() })).optional() }),
  trigger_id: z.string().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

export const FeedbackAction = ActionBase;
/**
 * A 👍/👎 button's value: `up:nb`, then the ids of the passages the answer cited as a JSON array
 * (`up:nb:["a.md#x"]`). Buttons on answers posted before the ids were added carry none.
 */
export const FeedbackValue = z
  .string()
  .regex(/^(up|down):(nb|sv|da|en)(:\[.*\])?$/s)
  .transform((v, ctx) => {
    const [rating, lang] = v.split(':', 2) as ['up' | 'down', 'nb' | 'sv' | 'da' | 'en'];
    const rest = v.slice(rating.length + lang.length + 2);
    const ids = rest ? z.array(z.string()).safeParse(safeJson(rest)) : { success: true as const, data: [] };
    if (!ids.success) {
      ctx.addIssue({ code: 'custom', message: 'passage ids are not a JSON list of strings' });
      return z.NEVER;
    }
    return { rating, lang, passageIds: ids.data };
  });

export const CuratorAction = ActionBase;
export const CuratorValue = z.object({ q: z.string(), l: z.enum(['nb', 'sv', 'da', 'en']), ts: z.string().optional() });

export const ReasonMetadata = z.object({ channel: z.string().min(1), messageTs: z.string().min(1), lang: z.enum(['nb', 'sv', 'da', 'en']), passageIds: z.array(z.string()).default([]) });
export const SlashCommand = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().optional(),
});

/** A value of a modal's input, whichever element it came from. */
const StateValue = z.looseObject({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_conversation: z.string().nullish(),
});

/** A sent modal (goal form, progress form, pulse setup): who sent it, its metadata, its inputs by block and action. */
export const ViewSubmission = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({ id: z.string().min(1).optional(), private_metadata: z.string(), state: z.object({ values: z.record(z.string(), z.record(z.string(), StateValue)) }) }),
});

/** JSON from a payload field, or undefined when it is not JSON: the zod check that follows reports it. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
