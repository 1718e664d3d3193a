import { personRef } from '../../core/commands';
import { asText } from '../../core/i18n/strings';
import { slackTextToPlain } from './mrkdwn';

/** A Slack user id, as `should_escape` puts it in a slash command's text: `<@U123>` or `<@U123|kari>`. */
const USER_MENTION = /<@([UW][A-Z0-9]{2,20})(?:\|[^<>]*)?>/g;

/**
 * A slash command's text as core reads it: each mentioned person as a neutral reference (their
 * Slack user id), everything else as plain words. A `{@` someone typed stays text.
 */
export function slackCommandText(text: string): string {
  return slackTextToPlain(asText(text).replace(USER_MENTION, (_, id: string) => personRef(id)));
}

/** The person behind a reference made by `slackCommandText`. */
export function slackPerson(ref: string): { id: string } | undefined {
  return /^[UW][A-Z0-9]{2,20}$/.test(ref) ? { id: ref } : undefined;
}
