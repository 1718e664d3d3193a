import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import { cutPoint } from '../../core/cut';
import { tt } from './strings';
import type { Lang } from '../../core/lang';
import type { Person } from '../../core/messages';

/**
 * The pieces every Kompis Adaptive Card is made of. Cards are 1.5, the newest schema Teams renders
 * on desktop, web and mobile. Elements are plain JSON objects: the card is the wire format.
 */

export const CARD_VERSION = '1.5';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/**
 * What a card may weigh, in UTF-8 bytes of the whole activity. Teams refuses a bot's message that is
 * too large with 413 MessageSizeTooBig: 100 KB counted in UTF-16, 80 KB advised, 40 KB in earlier
 * versions of the page (learn.microsoft.com, "Format your bot messages"); its Power Automate
 * connector documents about 28 KB. 26,000 UTF-8 bytes are under 28 KB, and at most 52,000 in UTF-16.
 */
export const CARD_BUDGET_BYTES = 26_000;

export type CardElement = Record<string, unknown>;

/** Display names of people by their Entra object id, as far as Kompis knows them. */
export type NameOf = (id: string) => string | undefined;

/** A Teams mention entity: the `<at>` text in the message and who it notifies. */
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * Turns people into `<at>name</at>` and collects the matching mention entities. Teams notifies by
 * `mentioned.id`, which may be the Entra object id (learn.microsoft.com, "Format cards in Teams":
 * user mention in bots with Adaptive Cards); the `<at>` text must match the entity's text exactly.
 * Without a name nobody is mentioned: the card says "a colleague" instead of a bare id.
 */
export class Mentions {
  private readonly byText = new Map<string, MentionEntity>();
  constructor(
    private readonly lang: Lang,
    private readonly nameOf: NameOf = () => undefined,
  ) {}

  of(person: Person): string {
    const name = cleanName(person.name ?? this.nameOf(person.id));
    if (!name) return tt(this.lang, 'colleague');
    const text = `<at>${name}</at>`;
    const taken = this.byText.get(text);
    // two people with one display name: the second is written out without a notification
    if (taken && taken.mentioned.id !== person.id) return name;
    this.byText.set(text, { type: 'mention', text, mentioned: { id: person.id, name } });
    return text;
  }

  /** `{@id}` tokens in core's words become mentions; everything else is kept as text. */
  inLine(line: string): string {
    return safeText(line).replace(/\{@([^}\s]+)\}/g, (_, id: string) => this.of({ id }));
  }

  entities(): MentionEntity[] {
    return [...this.byText.values()];
  }
}

/**
 * Text from people, the store or the model, shown as text, on a card or in a message: `<at>` cannot
 * open a mention nor any tag a link (`<a href>`), and no markdown link can be made of it
 * (`[Verify your account](https://evil.example)`, `[x][ref]`, `[ref]: https://…`, `[why](javascript:…)`):
 * an invisible word joiner after a `]` that a link would go on from breaks every link form, where a
 * backslash escape would show on some Teams clients. A citation marker (`[1]`) is left as Teams
 * needs it for its pill; a bare URL stays a URL, labelled by itself.
 */
export function safeText(text: string): string {
  return noLinks(text.replace(/<(?=[a-z/!])/gi, '‹'));
}

/** Text with no markdown link to be made of it: a word joiner after each `]` a link would go on from (see `safeText`). */
export function noLinks(text: string): string {
  return text.replace(/\](?=\s*[([:])/g, ']\u2060');
}

function cleanName(name: string | undefined): string | undefined {
  const flat = name?.replace(/[<>]/g, '').replace(/\s+/g, ' ').trim();
  return flat ? flat.slice(0, 100) : undefined;
}

export function textBlock(text: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

export function heading(text: string): CardElement {
  return textBlock(text, { size: 'Large', weight: 'Bolder', style: 'heading' });
}

export function subtle(text: string): CardElement {
  return textBlock(text, { isSubtle: true, size: 'Small' });
}

export interface CardParts {
  body: CardElement[];
  actions?: CardElement[];
  mentions?: Mentions;
  /** What notifications and the chat list show: cards themselves have no preview text. */
  summary: string;
  lang: Lang;
}

/** The card as its JSON content, with the mention entities inside `msteams`, where Teams reads them. */
export function cardContent(parts: Omit<CardParts, 'summary' | 'lang'>): Record<string, unknown> {
  const entities = parts.mentions?.entities() ?? [];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: parts.body,
    ...(parts.actions?.length ? { actions: parts.actions } : {}),
    msteams: { width: 'Full', ...(entities.length ? { entities } : {}) },
  };
}

/** One message carrying the card. */
export function cardActivity(parts: CardParts): Activity {
  return Activity.fromObject({
    type: ActivityTypes.Message,
    summary: clip(parts.summary, 200),
    locale: parts.lang,
    attachments: [{ contentType: ADAPTIVE_CARD, content: cardContent(parts) }],
  });
}

/** Size of an activity as Teams counts it: its JSON in UTF-8. */
export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * The card with as many of `count` items as keep it within CARD_BUDGET_BYTES: `build(n)` draws it
 * with the first `n` (and, when some are left out, the line that counts them). A card grows with
 * its items, so the most that fit are found by halving; `build(0)` is taken to fit.
 */
export function mostThatFit(count: number, build: (shown: number) => Activity): Activity {
  const all = build(count);
  if (byteSize(all) <= CARD_BUDGET_BYTES) return all;
  let fits = 0;
  let over = count;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (byteSize(build(mid)) <= CARD_BUDGET_BYTES) fits = mid;
    else over = mid;
  }
  return build(fits);
}

/** Cuts at a word boundary where one is near, and marks the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, cutPoint(flat, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
