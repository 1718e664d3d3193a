import type { AnswerView, Posted, Reply } from '../../core/conversation/events';
import { t } from '../../core/i18n/strings';
import { renderAnswerText, writeLine } from './render-answer';

/** One answer in the terminal: dots while it is worked out, then the answer, its sources and notes. */
export class ConsoleReply implements Reply {
  /** The answer as shown, once it is. */
  shown: AnswerView | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly color: boolean,
  ) {}

  async signOfLife(): Promise<void> {
    // a terminal that is not a person's (a pipe, a test) gets only the answer
    if (this.color) this.out.write('\x1b[2m…\x1b[0m');
  }

  async whole(view: AnswerView): Promise<Posted> {
    this.shown = view;
    writeLine(this.out, `\n${renderAnswerText(view.answer, { color: this.color })}`);
    if (view.curators) writeLine(this.out, t(view.answer.lang, view.curators === 'noted' ? 'notedForCurators' : 'storeDown'));
    return {};
  }

  async apologise(text: string): Promise<void> {
    writeLine(this.out, `\n${text}`);
  }
}
