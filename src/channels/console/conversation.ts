import { type Answer, asksNothing, isRefusal } from '../../core/answers/answer';
import type { Question } from '../../core/conversation/events';
import type { ConversationService } from '../../core/conversation/service';
import { t } from '../../core/i18n/strings';
import type { Lang } from '../../core/lang';
import { writeLine } from './render-answer';
import { ConsoleReply } from './reply';
import { CURATORS_WORDS, tConsole } from './strings';

/** What was typed after an answer: 👍, 👎 with its optional reason, or "send to the curators". */
type Reaction = { kind: 'vote'; vote: 'up' | 'down'; reason?: string } | { kind: 'curators' };

export function reactionOf(line: string): Reaction | undefined {
  if (line === '+') return { kind: 'vote', vote: 'up' };
  const down = /^-{1,2}(?:\s+(.*))?$/.exec(line);
  // a question pasted as a list item ("- Hvor lenge …?") asks; a 👎's reason says why
  if (down && down[1]?.trim().endsWith('?')) return undefined;
  if (down) return { kind: 'vote', vote: 'down', ...(down[1]?.trim() ? { reason: down[1].trim() } : {}) };
  if (CURATORS_WORDS.has(line.toLowerCase())) return { kind: 'curators' };
  return undefined;
}

/**
 * The console as a channel on the conversation core: each line is a question, or a reaction to the
 * last answer (`+`, `-`, `- why …`, `curators`), shown as a hint in the answer's language.
 */
export class ConsoleConversation {
  private last: { q: Question; answer: Answer } | undefined;
  private count = 0;

  constructor(
    private readonly service: ConversationService,
    private readonly out: NodeJS.WritableStream,
    /** `lang`: the terminal's language, when it is one of Kompis's. */
    private readonly opts: { color: boolean; asker: string; lang?: Lang | undefined },
  ) {}

  async line(text: string): Promise<void> {
    const reaction = this.last && reactionOf(text);
    if (this.last && isRefusal(this.last.answer) && reaction) {
      writeLine(this.out, tConsole(this.last.answer.lang, 'refusedNoReaction'));
      this.out.write('\n');
      return;
    }
    if (this.last && reaction) return this.react(this.last, reaction);
    // a question pasted from a list is asked without its bullet
    const asked = text.replace(/^[-*•]\s+(?=\S)/, '');
    const q: Question = { platform: 'console', conversation: 'console', asker: this.opts.asker, text: asked, ...(this.opts.lang ? { lang: this.opts.lang } : {}), eventId: `${process.pid}-${Date.now()}-${++this.count}` };
    const reply = new ConsoleReply(this.out, this.opts.color);
    await this.service.question(q, reply);
    // thanks and greetings ask nothing, and a refusal answers nothing: neither is rated or sent to the curators
    const shown = reply.shown?.answer;
    const refused = shown !== undefined && isRefusal(shown);
    this.last = shown && (refused || !asksNothing(shown)) ? { q, answer: shown } : undefined;
    if (this.last && !refused) writeLine(this.out, tConsole(this.last.answer.lang, 'reactHint', { curators: tConsole(this.last.answer.lang, 'curatorsWord') }));
    this.out.write('\n');
  }

  private async react({ q, answer }: { q: Question; answer: Answer }, reaction: Reaction): Promise<void> {
    const lang = answer.lang;
    if (reaction.kind === 'curators') {
      const note = await this.service.listForCurators(q, answer);
      writeLine(this.out, t(lang, note === 'noted' ? 'notedForCurators' : 'storeDown'));
    } else {
      const stored = await this.service.feedback({ platform: 'console', conversation: q.conversation, message: q.eventId, voter: q.asker, vote: reaction.vote, ...(reaction.reason ? { reason: reaction.reason } : {}), lang, passageIds: answer.citations.map((c) => c.id) });
      writeLine(this.out, stored === 'stored' ? tConsole(lang, 'feedbackThanks') : t(lang, 'storeDown'));
    }
    this.out.write('\n');
  }
}
