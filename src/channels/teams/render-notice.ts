import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import type { NoticeMessage } from '../../core/messages';
import { cardActivity, clip, Mentions, textBlock, type NameOf } from './cards';

const TONE_MARK: Record<NoticeMessage['tone'], string> = { info: 'ℹ️', success: '✅', warning: '⚠️', error: '❌' };
const TONE_COLOR: Record<NoticeMessage['tone'], string> = { info: 'Default', success: 'Good', warning: 'Warning', error: 'Attention' };

/**
 * A short reply as a plain Teams message: a confirmation, a refusal, a validation problem. People
 * named in it (`{@id}`) are mentioned, with the entities at the activity's level, as Teams wants
 * for text messages.
 */
export function renderNotice(n: NoticeMessage, nameOf?: NameOf): Activity {
  const mentions = new Mentions(n.lang, nameOf);
  const lines = n.lines.map((l) => mentions.inLine(l));
  const text = [n.title ? `**${mentions.inLine(n.title)}**` : '', ...lines].filter(Boolean).join('\n\n');
  const entities = mentions.entities();
  return Activity.fromObject({
    type: ActivityTypes.Message,
    text: `${TONE_MARK[n.tone]} ${text}`,
    textFormat: 'markdown',
    locale: n.lang,
    ...(entities.length ? { entities } : {}),
  });
}

/** The same notice as a card: what a submitted form is replaced with, so the form cannot be sent twice. */
export function renderNoticeCard(n: NoticeMessage, nameOf?: NameOf): Activity {
  const mentions = new Mentions(n.lang, nameOf);
  const body = [
    ...(n.title ? [textBlock(mentions.inLine(n.title), { weight: 'Bolder', size: 'Medium' })] : []),
    ...n.lines.map((l, i) => textBlock(`${i === 0 ? `${TONE_MARK[n.tone]} ` : ''}${mentions.inLine(l)}`, { color: TONE_COLOR[n.tone] })),
  ];
  // the notification preview is plain text: the people named in it by name, never as a `{@id}` template
  const summary = (n.title ?? n.lines.join(' ')).replace(/\{@([^}\s]+)\}/g, (_, id: string) => mentions.inLine(`{@${id}}`).replace(/<\/?at>/g, ''));
  return cardActivity({ body, mentions, summary: clip(summary, 200), lang: n.lang });
}
