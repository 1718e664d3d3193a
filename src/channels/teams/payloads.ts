import { z } from 'zod';

/**
 * The fields of Teams activities Kompis reads, parsed at the edge. The SDK has already parsed the
 * envelope; these check what we rely on and give us types.
 */

const Account = z.looseObject({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

export const TeamsConversation = z.looseObject({
  id: z.string().min(1),
  /** A group chat's topic, when it has one. */
  name: z.string().optional(),
  conversationType: z.string().optional(),
  tenantId: z.string().optional(),
  isGroup: z.boolean().optional(),
});

export const TeamsChannelData = z
  .looseObject({
    team: z.looseObject({ id: z.string().min(1), name: z.string().optional() }).optional(),
    channel: z.looseObject({ id: z.string().min(1) }).optional(),
    tenant: z.looseObject({ id: z.string() }).optional(),
  })
  .optional();

/** A file, card or the message's own HTML (`text/html`) sent with a message. */
const Attachment = z.looseObject({ contentType: z.string().optional(), content: z.unknown().optional() });
/** Read only for a quoted reply's HTML: an attachment list Kompis cannot read does not stop the turn. */
export const Attachments = z.array(Attachment).optional().catch(undefined);

/** An @mention in a message: its `<at>…</at>` text in `text`, and who it names. */
export const MentionEntity = z.looseObject({ type: z.literal('mention'), text: z.string(), mentioned: z.looseObject({ id: z.string().min(1), name: z.string().optional() }) });

export const IncomingMessage = z.looseObject({
  id: z.string().optional(),
  text: z.string().default(''),
  attachments: Attachments,
  locale: z.string().optional(),
  from: Account,
  recipient: Account,
  conversation: TeamsConversation,
  channelData: TeamsChannelData,
});
export type IncomingMessage = z.infer<typeof IncomingMessage>;

/** GET /v3/teams/{id}: the team's details. */
export const TeamDetails = z.looseObject({ id: z.string().optional(), name: z.string().optional() });

/** What Teams sends when 👍 or 👎 is pressed (and the optional comment box submitted). */
export const FeedbackInvoke = z.object({
  replyToId: z.string().min(1),
  from: Account.optional(),
  locale: z.string().optional(),
  conversation: TeamsConversation,
  value: z.object({
    actionName: z.literal('feedback'),
    actionValue: z.object({
      reaction: z.enum(['like', 'dislike']),
      // a JSON string such as {"feedbackText":"..."} from the default form; an object from a custom one
      feedback: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    }),
  }),
});
export type FeedbackInvoke = z.infer<typeof FeedbackInvoke>;

/** The free text of a feedback submission, whichever form it came in. */
export function feedbackText(feedback: FeedbackInvoke['value']['actionValue']['feedback']): string | undefined {
  let value: unknown = feedback;
  if (typeof feedback === 'string') {
    try {
      value = JSON.parse(feedback);
    } catch {
      value = { feedbackText: feedback };
    }
  }
  const text = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).feedbackText : undefined;
  return typeof text === 'string' && text.trim() ? text.trim().slice(0, 3000) : undefined;
}

/** A conversation reference as the store gives it back: checked before the SDK gets it. */
export const StoredReference = z.looseObject({
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  conversation: TeamsConversation,
  agent: Account.optional(),
  user: Account.optional(),
  locale: z.string().optional(),
  activityId: z.string().optional(),
});
export type StoredReference = z.infer<typeof StoredReference>;

