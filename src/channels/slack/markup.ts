import type { TextMarkup } from '../../core/messages';

/** Slack's own markup in what people write: `<@U123ABC>`, `<@U123ABC|kari>`, `<https://…|label>`, `<mailto:…|label>`. */
export const SLACK_MARKUP: readonly TextMarkup[] = [
  { pattern: /<@[UW][A-Z0-9]{2,20}(?:\|[^<>]{0,200})?>/gu, kind: 'name' },
  { pattern: /<(?:mailto:|https?:\/\/)[^\s<>|]{1,4096}(?:\|[^<>]{0,500})?>/giu, kind: (match) => (/^<mailto:/i.test(match) ? 'email' : 'link') },
];
