import { parseCommand, personRef, type Command } from '../../core/commands';
import { asText } from '../../core/i18n/strings';
import { slackTextToPlain } from './mrkdwn';

/** A Slack user id, as `should_escape` puts it in a slash command's text: `<@U123>` or `<@U123|kari>`. */
const USER_MENTION = /<@([UW][A-Z0-9]{2,20})(?:\|[^<>]*)?>/g;

/**
 * A channel Slack names by its id alone, `<#C123|>`, as it sends a private channel: it has no name
 * to show as words, so it is kept as a reference (`{#C123}`) that Slack shows as the channel's name
 * once posted (see `withChannels`).
 */
const UNNAMED_CHANNEL = /<#([CG][A-Z0-9]{2,20})\|?>/g;
const CHANNEL_REF = /\{#([CG][A-Z0-9]{2,20})\}/g;

/**
 * A slash command's text as core reads it: each mentioned person as a neutral reference (their
 * Slack user id), a channel without a name as a channel reference, everything else as plain words.
 * A `{@` or `{#` someone typed stays text.
 */
export function slackCommandText(text: string): string {
  const typed = asText(text).replace(/\{#/g, '{\u2060#');
  return slackTextToPlain(typed.replace(USER_MENTION, (_, id: string) => personRef(id)).replace(UNNAMED_CHANNEL, (_, id: string) => `{#${id}}`));
}

/**
 * A message to Kompis (a mention, a DM) as a command, when the one grammar reads it as one: only in
 * a command's exact shape (`help`, `goals`, `kudos @Ola for …`), with Kompis's own mentions left
 * out; undefined for anything else, which is a question.
 */
export function slackMessageCommand(text: string, botUserId: string | undefined): Command | undefined {
  const words = text.replace(USER_MENTION, (mention, id: string) => (id === botUserId ? ' ' : mention));
  return parseCommand(slackCommandText(words), 'message');
}

/** The person behind a reference made by `slackCommandText`. */
export function slackPerson(ref: string): { id: string } | undefined {
  return /^[UW][A-Z0-9]{2,20}$/.test(ref) ? { id: ref } : undefined;
}

/** Escaped text with the channel references made by `slackCommandText` as Slack's channel links. */
export function withChannels(escaped: string): string {
  return escaped.replace(CHANNEL_REF, (_, id: string) => `<#${id}>`);
}
