import type { types } from '@slack/bolt';
import { type Answer, type Citation, citationName, introOf, takesNoReaction } from '../../core/answers/answer';
import { t } from '../../core/i18n/strings';
import { tc } from './strings';
import type { Lang } from '../../core/lang';
import { ids } from './ids';
import { clip, clipMrkdwn, escapeMrkdwn, mrkdwnLink, splitText } from './mrkdwn';

type KnownBlock = types.KnownBlock;

/** A message as chat.postMessage takes it: blocks, and the text notifications and screen readers use. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Block Kit's limits (docs.slack.dev/reference/block-kit/blocks). */
export const LIMITS = { sectionText: 3000, blocksPerMessage: 50, blocksPerView: 100, contextElements: 10, buttonValue: 2000, fallbackText: 3000, textPerMessage: 10_000, footerText: 300 };

export interface RenderAnswerOptions {
  /** Offer "Send to the curators" on an abstention (a curator channel is configured). */
  curators: boolean;
  /** The ts of the question's message, carried by the curator button. */
  questionTs?: string;
  /** The abstention could not be put on the curators' list (the store is down): say so, offer nothing. */
  notRecorded?: boolean;
}

/**
 * An answer as one or more Slack messages: the text with its [n] markers, the sources (linked when
 * they have a public URL), the notes (staleness first), then the curator button and 👍/👎.
 * A long answer is split into several sections and, past 50 blocks, several messages; the buttons
 * go on the last one.
 */
export function renderAnswer(answer: Answer, opts: RenderAnswerOptions): SlackMessage[] {
  const body: KnownBlock[] = [];
  const intro = introOf(answer);
  if (intro) body.push(context([escapeMrkdwn(intro)]));
  for (const piece of splitText(escapeMrkdwn(answer.text), LIMITS.sectionText)) {
    body.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
  }
  const { notes, tail } = afterText(answer, opts);
  body.push(...notes);
  const fallback = clipMrkdwn(escapeMrkdwn(answer.text), LIMITS.fallbackText);
  return paginate(body, tail).map((blocks, i) => ({ text: i === 0 ? fallback : `${tc(answer.lang, 'continued')} ${fallback}`, blocks }));
}

/**
 * A placeholder as it shows an answer being written into it: the text so far, split into sections
 * as `renderAnswer` splits it, so no edit passes what Slack takes in one text. Undefined once the
 * text no longer fits one message: the placeholder then keeps what it shows until the whole answer
 * replaces it.
 */
export function renderLiveText(text: string): SlackMessage | undefined {
  const pieces = splitText(escapeMrkdwn(text), LIMITS.sectionText);
  if (pieces.length > LIMITS.blocksPerMessage || pieces.reduce((n, p) => n + p.length, 0) > LIMITS.textPerMessage) return undefined;
  return { text: clipMrkdwn(escapeMrkdwn(text), LIMITS.fallbackText), blocks: pieces.map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } })) };
}

/**
 * What follows a streamed answer's text when the stream stops: its sources, notes, the curator
 * button and 👍/👎, as in `renderAnswer`.
 */
export function renderAnswerEnd(answer: Answer, opts: RenderAnswerOptions): KnownBlock[] {
  const { notes, tail } = afterText(answer, opts);
  return [...notes, ...tail].slice(-LIMITS.blocksPerMessage);
}

function afterText(answer: Answer, opts: RenderAnswerOptions): { notes: KnownBlock[]; tail: KnownBlock[] } {
  const notes = sourceBlocks(answer.lang, answer.citations);
  for (const note of answer.notes) notes.push(context([clipMrkdwn(escapeMrkdwn(note), LIMITS.sectionText)]));
  const tail: KnownBlock[] = [];
  if (answer.offerCurators && opts.notRecorded) tail.push(context([escapeMrkdwn(tc(answer.lang, 'curatorsNotNoted'))]));
  else if (answer.offerCurators && opts.curators) tail.push(curatorButton(answer, opts.questionTs));
  if (!takesNoReaction(answer)) tail.push(feedbackButtons(answer.lang, answer.citations.map((c) => c.id)));
  return { notes, tail };
}

/** The short reply an agent gets when something failed on Kompis's side. */
export function renderApology(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(text)}` } }] };
}

/** The message shown while a slow answer is being worked out, replaced by the answer. */
export function renderPlaceholder(lang: Lang): SlackMessage {
  const text = tc(lang, 'placeholder');
  return { text, blocks: [context([text])] };
}

function sourceBlocks(lang: Lang, citations: Citation[]): KnownBlock[] {
  if (citations.length === 0) return [];
  const items = citations.map((c) => {
    const label = clip(citationName(c, ' — '), 300);
    const item = (where: string) => `*[${c.n}]* ${where}${c.stale ? ' :warning:' : ''}`;
    const linked = c.source ? item(mrkdwnLink(c.source, label)) : undefined;
    // a link too long for the text Slack takes (the knowledge loader warns of it) would cost the whole answer:
    // the source is named as one without a URL is
    return linked && linked.length <= LIMITS.sectionText ? linked : item(`${escapeMrkdwn(label)} (\`${escapeMrkdwn(clip(c.path, 200))}\`)`);
  });
  const blocks: KnownBlock[] = [];
  const head = `*${escapeMrkdwn(t(lang, citations.length === 1 ? 'source' : 'sources'))}*`;
  const elements = [head, ...items];
  for (let i = 0; i < elements.length; i += LIMITS.contextElements) blocks.push(context(elements.slice(i, i + LIMITS.contextElements)));
  return blocks;
}

function curatorButton(answer: Answer, questionTs: string | undefined): KnownBlock {
  const encode = (q: string) => JSON.stringify({ q, l: answer.lang, ...(questionTs ? { ts: questionTs } : {}) });
  let question = clip(answer.question, 1500);
  let value = encode(question);
  while (value.length > LIMITS.buttonValue) {
    question = clip(question, question.length - 100);
    value = encode(question);
  }
  return {
    type: 'actions',
    block_id: 'kompis_curators',
    elements: [{ type: 'button', action_id: ids.sendToCurators, text: { type: 'plain_text', text: tc(answer.lang, 'sendToCurators'), emoji: true }, value }],
  };
}

function feedbackButtons(lang: Lang, passageIds: string[]): KnownBlock {
  const value = (rating: 'up' | 'down') => {
    // the cited passages ride along, so the feedback names them; as many as fit in a button's value
    for (let n = passageIds.length; n > 0; n--) {
      const v = `${rating}:${lang}:${JSON.stringify(passageIds.slice(0, n))}`;
      if (v.length <= LIMITS.buttonValue) return v;
    }
    return `${rating}:${lang}`;
  };
  return {
    type: 'context_actions',
    block_id: 'kompis_feedback',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ids.feedback,
        positive_button: { text: { type: 'plain_text', text: '👍' }, accessibility_label: tc(lang, 'feedbackGood'), value: value('up') },
        negative_button: { text: { type: 'plain_text', text: '👎' }, accessibility_label: tc(lang, 'feedbackBad'), value: value('down') },
      },
    ],
  };
}

function context(texts: string[]): KnownBlock {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn' as const, text })) };
}

/**
 * Splits blocks into messages of at most 50 blocks and `textPerMessage` characters of text, keeping
 * `tail` together on the last message. Slack refuses a message whose blocks hold more text in all
 * than about 12,000 characters (msg_blocks_too_long), a limit its pages do not state but its SDK's
 * maintainers do (slackapi/bolt-js#2509, #2867), though every block keeps within its own.
 */
function paginate(body: KnownBlock[], tail: KnownBlock[]): KnownBlock[][] {
  const pages: KnownBlock[][] = [];
  const tailText = blockText(tail);
  let page: KnownBlock[] = [];
  let text = 0;
  for (const block of body) {
    const size = blockText([block]);
    if (page.length > 0 && (page.length + 1 > LIMITS.blocksPerMessage || text + size > LIMITS.textPerMessage)) {
      pages.push(page);
      [page, text] = [[], 0];
    }
    page.push(block);
    text += size;
  }
  if (page.length > 0 && (page.length + tail.length > LIMITS.blocksPerMessage || text + tailText > LIMITS.textPerMessage)) {
    pages.push(page);
    page = [];
  }
  pages.push([...page, ...tail]);
  return pages;
}

/** The characters of text blocks hold, every `text` of every object in them, as Slack counts toward a message's whole. */
export function blockText(blocks: unknown): number {
  if (Array.isArray(blocks)) return blocks.reduce((n: number, b) => n + blockText(b), 0);
  if (typeof blocks !== 'object' || blocks === null) return 0;
  let n = 0;
  for (const [key, value] of Object.entries(blocks)) n += key === 'text' && typeof value === 'string' ? value.length : blockText(value);
  return n;
}
