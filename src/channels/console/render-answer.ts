import { type Answer, asWritten, citationName, introOf } from '../../core/answers/answer';
import { t } from '../../core/i18n/strings';

/** An answer as plain terminal text: the answer, the sources numbered, then the notes. */
export function renderAnswerText(answer: Answer, opts: { color?: boolean } = {}): string {
  const dim = (s: string) => (opts.color ? `\x1b[2m${s}\x1b[0m` : s);
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const intro = introOf(answer);
  if (intro) lines.push(dim(intro));
  lines.push(asWritten(answer.text));
  if (answer.citations.length > 0) {
    lines.push('', bold(t(answer.lang, 'sources')));
    for (const c of answer.citations) {
      const where = c.source ? `${c.source}` : c.path;
      lines.push(`  [${c.n}] ${citationName(c, ' — ')} ${dim(`(${where})`)}`);
    }
  }
  for (const note of answer.notes) lines.push('', asWritten(note));
  return lines.join('\n');
}

/** One line of terminal output. */
export function writeLine(out: NodeJS.WritableStream, text: string): void {
  out.write(`${text}\n`);
}
