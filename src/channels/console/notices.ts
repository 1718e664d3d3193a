import readline from 'node:readline';

/**
 * Lines the console chat says of its own accord (the knowledge store reloaded): never inside an
 * answer being printed, but after it, before the next prompt; while the chat waits for a line, at
 * once, above the prompt and what has been typed at it.
 */
export class ConsoleNotices {
  private held: string[] = [];
  // nothing is said before the chat first waits for a line: its opening lines say how the store stands
  private waiting = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly rl: readline.Interface,
    /** Whether the prompt is a terminal's, that can be cleared and drawn again. */
    private readonly terminal: boolean,
  ) {}

  say(text: string): void {
    if (!this.waiting) {
      this.held.push(text);
      return;
    }
    if (this.terminal) {
      readline.cursorTo(this.out, 0);
      readline.clearLine(this.out, 0);
      this.out.write(`${text}\n\n`);
    } else this.out.write(`\n${text}\n\n`);
    // what was typed at the prompt so far stays, below the line
    this.rl.prompt(true);
  }

  /** A line was read: what is said is held until it has been answered. */
  busy(): void {
    this.waiting = false;
  }

  /** Prints what was held, then the prompt. */
  prompt(): void {
    for (const text of this.held.splice(0)) this.out.write(`${text}\n\n`);
    this.waiting = true;
    this.rl.prompt();
  }
}
