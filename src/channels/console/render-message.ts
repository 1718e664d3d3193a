import { bar, type GoalView, type OutMessage, type Person } from '../../core/messages';
import { formatNumber } from '../../core/zoned';

const MARK = { info: 'ℹ', success: '✔', warning: '⚠', error: '✖' } as const;

/** A person as the terminal shows them: their name, or `@id`. */
const person = (p: Person) => p.name ?? `@${p.id}`;
/** `{@id}` in core's words becomes `@id`; the terminal has no mentions. */
const plain = (line: string) => line.replace(/\{@([^}\s]+)\}/g, '@$1').replace(/\{\u2060@/g, '{@');

/** Any core message as plain terminal text: one renderer per kind. */
export function renderMessageText(message: OutMessage): string {
  switch (message.kind) {
    case 'notice':
      // the tone's mark goes before the first line shown: the title when there is one
      return [...(message.title ? [message.title] : []), ...message.lines].map((l, i) => (i === 0 ? `${MARK[message.tone]} ${plain(l)}` : plain(l))).join('\n');
    case 'goal-list':
      return message.goals.length === 0 ? message.empty : [message.title, ...message.goals.map(goalLines)].join('\n');
    case 'goal-card':
      return [`${message.title}: ${message.goal.title}`, goalLines(message.goal), `id ${message.goal.id}`].join('\n');
    case 'celebration':
      return [`🎉 ${message.headline}`, message.took, ...(message.contributors.length ? [`${message.contributorsLabel}: ${message.contributors.map(person).join(', ')}`] : [])].join('\n');
    case 'kudos':
      return [`✨ ${message.headline}: ${person(message.from)} → ${person(message.to)}`, message.text, ...(message.goalLine ? [message.goalLine] : [])].join('\n');
    case 'digest':
      return [message.title, ...message.reached.map((g) => `• ${g.title}`), ...message.kudos.map((k) => `• ${person(k.from)} → ${person(k.to)}: ${k.text}`), message.footer].join('\n');
    case 'pulse-summary':
      return [message.title, message.responseLine, ...message.questions.map((q) => `${q.label}: ${q.mean === undefined ? '–' : formatNumber(message.lang, q.mean, 1)}`), ...message.comments.map((c) => `> ${c}`), message.footer].join('\n');
    case 'pulse-checkin':
      return [message.title, message.intro, ...message.questions.map((q) => `• ${q.text}`)].join('\n');
  }
}

function goalLines(g: GoalView): string {
  return `${g.reached ? '✔ ' : ''}${g.number}. ${g.title} (${g.metric})\n   ${bar(g.progress)} ${Math.round(g.progress * 100)} % · ${g.statusLine}`;
}
