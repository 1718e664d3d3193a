import type { Activity } from '@microsoft/agents-activity';
import { cleanQuestion } from '../../core/question-text';
import { decodeEntities } from './markup';
import { Attachments, MentionEntity, type IncomingMessage } from './payloads';

/** Every tag but a mention's (`<p>`, `<quoted …/>`), and a mention's opening tag with whatever attributes it has. */
const TAGS_BUT_MENTIONS = /<(?!\/?at\b)\/?[a-z][^<>]*>/gi;
const MENTION_OPENING = /<at\b[^<>]*>/gi;
/**
 * A mention as Teams writes it in a message's own HTML: a span of the Mention item type whose
 * `itemid` numbers it as `<at id="…">` does (`text` and the mention entities have `<at>…</at>`).
 */
const MENTION_SPAN = /<span\b(?=[^<>]*\bitemtype=["']?http:\/\/schema\.skype\.com\/Mention\b)([^<>]*)>([^<]*)<\/span>/gi;
const ITEM_ID = /\bitemid=["']?([^"'\s<>]+)/i;

/**
 * What was typed in a message, as Teams writes a message's text (`<at>…</at>` mentions, `&amp;`),
 * Kompis's own @mentions left out, wherever they stand and however often: for a command and a
 * question alike. A reply that quotes another message is read from its HTML, where the quote stands
 * apart (its `text` has the quote in front of what was typed), and each mention span there is read
 * as the `<at>` mention it is. Tags but the mentions are dropped: a paragraph, or a newer client's
 * `<quoted messageId="…"/>` placeholder for the quote (what a user types as `<b>` comes escaped,
 * as `&lt;b&gt;`).
 */
export function typedText(activity: Activity): string {
  const html = withoutQuotedReply(Attachments.parse(activity.attachments));
  const written = html === undefined ? (activity.text ?? '') : mentionSpansAsAt(html);
  const text = written.replace(TAGS_BUT_MENTIONS, ' ').replace(MENTION_OPENING, '<at>');
  const own = (activity.entities ?? []).flatMap((e) => {
    const m = MentionEntity.safeParse(e);
    return m.success && m.data.mentioned.id === activity.recipient?.id ? [m.data.text.replace(MENTION_OPENING, '<at>')] : [];
  });
  return own.reduce((t, mention) => t.split(mention).join(' '), text).trim();
}

/**
 * A question as Teams delivered it (Kompis's own mention already removed), as the words to answer:
 * the people mentioned in front of it removed on Teams' own `<at>…</at>` markup (a display name
 * has spaces), other mentions kept as names, tags dropped, what HTML escapes (`&amp;`, `&nbsp;`)
 * decoded once the tags are gone (so a typed `&lt;b&gt;` stays text), then markup and invisible characters.
 */
export function teamsQuestion(text: string): string {
  // tags but mentions go first, so a mention at the start of a paragraph (`<p><at>…`) is in front
  const tagsDropped = text.replace(TAGS_BUT_MENTIONS, ' ');
  // Teams pads a mention with `&nbsp;` as often as with a space; its HTML gives a mention an id
  const withoutLeading = tagsDropped.replace(/^((?:\s|&nbsp;)*<at\b[^<>]*>[^<]*<\/at>(?:[\s,:]|&nbsp;)*)+/i, '');
  return cleanQuestion(decodeEntities(withoutLeading.replace(/<\/?at\b[^<>]*>/gi, '')));
}

/** Each mention span in a message's HTML as an `<at>` mention with the same id. */
function mentionSpansAsAt(html: string): string {
  return html.replace(MENTION_SPAN, (_, attributes: string, name: string) => {
    const id = ITEM_ID.exec(attributes)?.[1];
    return id ? `<at id="${id}">${name}</at>` : `<at>${name}</at>`;
  });
}

/** The quote of a quoted reply in a message's HTML (Teams' "Reply" on a message in a chat). */
const REPLY_QUOTE = /^<blockquote\b[^>]*\bitemtype=["']?http:\/\/schema\.skype\.com\/Reply/i;
const BLOCKQUOTE_TAG = /<(\/?)blockquote\b[^>]*>/gi;

/**
 * What was written in a reply that quotes another message, as HTML, or undefined for a message that
 * quotes none. Teams puts the quoted message (its sender's name, then its text) into `text`, in
 * front of what was written; the message's own HTML, a `text/html` attachment, has the quote as a
 * `<blockquote itemtype="http://schema.skype.com/Reply">`, left out here with whatever it holds.
 * (A newer client sends only a `<quoted messageId="…"/>` placeholder in `text`, a tag `teamsQuestion` drops.)
 */
export function withoutQuotedReply(attachments: IncomingMessage['attachments']): string | undefined {
  const html = attachments?.find((a) => a.contentType === 'text/html' && typeof a.content === 'string' && /schema\.skype\.com\/Reply/i.test(a.content))?.content;
  if (typeof html !== 'string') return undefined;
  let written = '';
  let from = 0;
  let depth = 0;
  for (const tag of html.matchAll(BLOCKQUOTE_TAG)) {
    const closing = tag[1] === '/';
    if (depth === 0) {
      if (closing || !REPLY_QUOTE.test(tag[0])) continue;
      written += html.slice(from, tag.index);
    }
    depth += closing ? -1 : 1;
    if (depth === 0) from = tag.index + tag[0].length;
  }
  return depth === 0 ? written + html.slice(from) : written;
}

/** A mention's text as the message may write it: its parts apart by any space (`&nbsp;` among them). */
export function sideBySide(mention: string): RegExp {
  const parts = mention.split(/\s+/).filter(Boolean).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('(?:\\s|&nbsp;)+'));
}
