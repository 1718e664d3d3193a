import { cutPoint } from '../../core/cut';
import { cleanQuestion } from '../../core/question-text';

/**
 * Text going into and out of Slack's mrkdwn. Slack treats `<…>` as a link or a mention
 * (`<!channel>`, `<@U…>`), so every piece of user or knowledge text is escaped before it is sent.
 */

/** Escapes the three characters Slack's mrkdwn gives a meaning: a question cannot ping @channel. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text for Slack's chat stream (`markdown_text`), which Slack reads as standard markdown, not
 * mrkdwn: a link there is `[label](url)` (docs.slack.dev, "Markdown block"), and the answer may
 * repeat what the asker wrote. Backslash escapes, which that markdown takes, keep as text what
 * would make a link (`[label](url)`, `[label][ref]`, `[ref]: url`, `<url>`), a mention or
 * @channel (`<@U…>`, `<!channel>`), or an entity; citation markers (`[1]`) and the model's
 * emphasis are left as they are.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\<>&]/g, '\\$&').replace(/\](?=[([:])/g, ']\\');
}

/**
 * A Slack message's text as plain words: mentions of Kompis removed, other mentions, channels
 * and links reduced to their labels, and Slack's own escaping undone.
 */
export function slackTextToPlain(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return target.slice(1) === botUserId ? '' : `@${label ?? target.slice(1)}`;
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!')) return `@${(label ?? target.slice(1)).replace(/^subteam\^\w+$/, 'group')}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * A question as Slack delivered it, as the words to answer: its emoji, and Kompis's mention and the
 * mentions and channels in front of it removed (a display name has spaces, so this is done on
 * Slack's own `<@U…>` markup), then markup and invisible characters (cleanQuestion).
 */
export function slackQuestion(text: string, botUserId?: string): string {
  const withoutLeading = withoutEmoji(text).replace(/^(\s*<[@#!][^<>]*>[\s,:]*)+/, '');
  return cleanQuestion(slackTextToPlain(withoutLeading, botUserId));
}

/**
 * Slack sends every emoji in a message's text as its name between colons (`:bulb:`, with a skin
 * tone `:pray::skin-tone-3:`), picked or typed. Those names are not the question's words: searched
 * for, they make a question the store answers look like one it only comes close to. A colon
 * after a digit or a letter of any language (10:30:00, 1:2:3, på:ja) starts no emoji, and links and
 * mentions are left whole.
 */
const EMOJI = /<[^<>]*>|(?<![\p{L}\p{N}_:])(?::[a-z0-9_+-]+:)+/gu;

function withoutEmoji(text: string): string {
  return text.replace(EMOJI, (match) => (match.startsWith('<') ? match : ' '));
}

/** A mrkdwn link to an http(s) URL with an escaped label; anything else gives the label alone. */
export function mrkdwnLink(url: string | undefined, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return safeLabel;
  const safeUrl = url.replace(/[<>|]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return `<${safeUrl}|${safeLabel}>`;
}

/**
 * Slack's markup in mrkdwn already escaped: a link, a mention or @channel (`<https://…|label>`,
 * `<@U…>`), and an escape (`&amp;`). A cut inside one would show it half written, and a link cut
 * in two is no link.
 */
const TOKEN = /<[^<>]*>|&[#\w]+;/g;

/**
 * Splits mrkdwn already escaped into pieces of at most `max` characters, cutting at a paragraph,
 * line, sentence or word boundary when there is one in the second half of the piece, and never
 * inside Slack's markup, an escape or a character of two UTF-16 units. Markup longer than a whole
 * piece (a link to a very long address) is shown as its label.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const tokens = tokensBefore(rest, max);
    const first = tokens[0];
    if (first && first[0] === 0 && first[1] > max && rest.startsWith('<')) {
      rest = `${labelOf(rest.slice(1, first[1] - 1))}${rest.slice(first[1])}`;
      continue;
    }
    const cut = cutPoint(rest, cutBefore(rest.slice(0, max), max, tokens));
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** The markup and escapes of `text` that start before `end`, as [start, end) spans. */
function tokensBefore(text: string, end: number): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m.index >= end) break;
    spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/** Where to end a piece of at most `max` characters: the last boundary in its second half outside markup, or before the markup the limit falls in. */
function cutBefore(window: string, max: number, tokens: [number, number][]): number {
  const within = (at: number) => tokens.find(([start, end]) => start < at && at < end);
  for (const sep of ['\n\n', '\n', '. ', ' ']) {
    for (let at = window.lastIndexOf(sep); at >= max / 2; at = window.lastIndexOf(sep, at - 1)) {
      if (!within(at + sep.length)) return at + sep.length;
    }
  }
  const around = within(max);
  return around && around[0] > 0 ? around[0] : max;
}

/** What a link, mention or channel shows, as text: its label (`@kari`, `#team`), else what it points to. */
function labelOf(inner: string): string {
  const [target = '', label] = inner.split('|', 2);
  if (/^[@#]/.test(target)) return label ? `${target[0]}${label.replace(/^[@#]/, '')}` : target;
  if (target.startsWith('!')) return label || `@${target.slice(1)}`;
  return label || target;
}

/** Shortens to `max` characters with an ellipsis, never cutting a character in two. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, cutPoint(text, max - 1))}…`;
}

/**
 * Shortens mrkdwn already escaped to `max` characters with an ellipsis, never inside an escape
 * (`&amp;`, `&lt;`) nor Slack's markup (`<@U…>`, `<url|label>`), which would show half written.
 */
export function clipMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  let cut = cutPoint(mrkdwn, max - 1);
  const head = mrkdwn.slice(0, cut);
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && !head.includes(';', amp)) cut = amp;
  const open = head.lastIndexOf('<');
  if (open >= 0 && !head.includes('>', open)) cut = Math.min(cut, open);
  return `${mrkdwn.slice(0, cut)}…`;
}
