import type { TextMarkup } from '../../core/messages';

/** A person named in what someone writes, as Slack writes it: `<@U123ABC>`, or with a name, `<@U123ABC|kari>`. */
const MENTION = /<@[UW][A-Z0-9]{2,20}(?:\|[^<>]{0,200})?>/u;

/** Whether the text names a person with Slack's mention markup. */
export function mentionsSomeone(text: string): boolean {
  return MENTION.test(text);
}

/** Slack's own markup in what people write: `<@U123ABC>`, `<@U123ABC|kari>`, `<https://…|label>`, `<mailto:…|label>`. */
export const SLACK_MARKUP: readonly TextMarkup[] = [
  { pattern: new RegExp(MENTION.source, 'gu'), kind: 'name' },
  { pattern: /<(?:mailto:|https?:\/\/)[^\s<>|]{1,4096}(?:\|[^<>]{0,500})?>/giu, kind: (match) => (/^<mailto:/i.test(match) ? 'email' : 'link') },
];
