import { Activity, ActivityTypes, addAIToActivity, type ClientCitation } from '@microsoft/agents-activity';
import { type Answer, type Citation, citationName, introOf, takesNoReaction } from '../../core/answers/answer';
import type { CuratorNote } from '../../core/conversation/events';
import { t } from '../../core/i18n/strings';
import { tt } from './strings';
import type { Lang } from '../../core/lang';
import { noLinks, safeText } from './cards';
import { cutPoint } from '../../core/cut';

/**
 * Teams' limits on a citation's appearance (learn.microsoft.com, "Bot messages with AI-generated
 * content"): a longer name or abstract makes Teams drop the citation pills.
 */
export const CITATION_LIMITS = { name: 80, abstract: 160, keywords: 3, keyword: 28 };

export interface RenderAnswerOptions {
  /** Whether an abstention went on the curators' list, so the reply can say so, or say it failed. */
  curators?: CuratorNote;
}

/**
 * An answer as one Teams message: the text keeps its [n] markers, and the AI entity carries one
 * `Claim` per citation whose `position` is that n, so Teams turns each marker into a pill that opens
 * the source. Teams' feedback buttons are on (they come back as a `message/submitAction` invoke).
 * An abstention is plain text in the asker's language: no AI label, nothing to cite.
 */
export function renderAnswer(answer: Answer, opts: RenderAnswerOptions = {}): Activity {
  const lines: string[] = [];
  const intro = introOf(answer);
  if (intro) lines.push(`_${escapeText(intro)}_`);
  // the answer may repeat what the asker wrote, and a note quotes their question: shown as text
  lines.push(messageText(answer.text));
  for (const note of answer.notes) lines.push(`_${messageText(note)}_`);
  if (opts.curators === 'noted') lines.push(`_${escapeText(t(answer.lang, 'notedForCurators'))}_`);
  if (opts.curators === 'not_recorded') lines.push(`_${escapeText(t(answer.lang, 'storeDown'))}_`);

  const activity = Activity.fromObject({
    type: ActivityTypes.Message,
    text: lines.join('\n\n'),
    textFormat: 'markdown',
    channelData: { feedbackLoopEnabled: !takesNoReaction(answer) },
  });
  if (!answer.abstained) {
    const used = new Set([...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
    addAIToActivity(activity, answer.citations.filter((c) => used.has(c.n)).map((c) => claim(answer.lang, c)));
  }
  return activity;
}

/** The short reply an agent gets when something failed on Kompis's side. */
export function renderApology(text: string, lang: Lang): Activity {
  return Activity.fromObject({ type: ActivityTypes.Message, text, locale: lang });
}

function claim(lang: Lang, c: Citation): ClientCitation {
  const name = citationName(c, ': ');
  const keywords = [c.heading, c.reviewed ? tt(lang, 'citationReviewed', { date: isoDate(c.reviewed) }) : undefined, c.stale ? tt(lang, 'citationStale') : undefined]
    .filter((k): k is string => Boolean(k))
    .map((k) => clip(k, CITATION_LIMITS.keyword))
    .slice(0, CITATION_LIMITS.keywords);
  const url = c.source && /^https?:\/\//.test(c.source) ? c.source : undefined;
  return {
    '@type': 'Claim',
    position: c.n,
    appearance: {
      '@type': 'DigitalDocument',
      name: clip(name, CITATION_LIMITS.name),
      abstract: clip(c.quote, CITATION_LIMITS.abstract),
      ...(url ? { url } : {}),
      // the pop-up shows the whole quote and where it lives, which the 160-character abstract cannot
      text: JSON.stringify(detailCard(lang, c)),
      encodingFormat: 'application/vnd.microsoft.card.adaptive',
      ...(keywords.length > 0 ? { keywords } : {}),
    },
  };
}

function detailCard(lang: Lang, c: Citation): Record<string, unknown> {
  const facts = [tt(lang, 'citationFile', { path: c.path }), c.reviewed ? tt(lang, 'citationReviewed', { date: isoDate(c.reviewed) }) : undefined].filter(Boolean);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      // a card's text is markdown: the quote is shown as written, no link or mention made of it
      { type: 'TextBlock', text: safeText(c.quote), wrap: true },
      ...facts.map((f) => ({ type: 'TextBlock', text: f, wrap: true, isSubtle: true, size: 'Small' })),
    ],
  };
}

/** Cuts at a word boundary where one is near, and marks the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, cutPoint(flat, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Knowledge text is ours, but a stray `<at>` in it must not become a mention in Teams. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text from the store, the model or the asker in a message, which Teams reads as markdown with HTML:
 * shown as written, each `&`, `<` and `>` escaped the one way, so no tag, mention or entity can be
 * made of it (`<!channel>` shows as `<!channel>`), and no markdown link either (see `noLinks`);
 * the citation markers are left for Teams' pills.
 */
export function messageText(text: string): string {
  return escapeText(noLinks(text));
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
