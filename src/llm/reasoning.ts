const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * The reply a model writes after its reasoning. Reasoning models served where the server does not
 * split their thinking out (DeepSeek-R1 on Ollama, Qwen3 on LM Studio, llama.cpp with
 * --reasoning-format none) write it into the reply, in <think>…</think> before the answer: in
 * English, about the passages by their numbers, restating the prompt's rules (NO_ANSWER among
 * them), quoting what they were given (a pulse comment word for word). None of it is the reply, so
 * none of it is shown, streamed, checked, parsed or kept.
 *
 * Fed a reply piece by piece as it streams, or whole in one piece: a reply that opens with the block
 * gives nothing until the block has closed, then what follows it; one that does not is given as it
 * comes. Reasoning a server sends apart from the reply (`reasoning_content`, `reasoning`) is never
 * read by the client at all.
 */
export class AfterReasoning {
  private state: 'start' | 'thinking' | 'closed' | 'reply' = 'start';
  /** What is held back: at the start, what may yet open a block; while thinking, only the tail a close tag may begin in. */
  private held = '';
  /** The end of what was passed on as reply, where a close tag may have begun. */
  private passed = '';
  /**
   * True once a reply that opened no block has held a close tag: the chat template opened the block
   * in the prompt (DeepSeek-R1 on vLLM without its reasoning parser), and all passed on was reasoning.
   */
  closedAlone = false;

  /**
   * `openedInPrompt`: the server's replies are known to start inside a block whose open the
   * template wrote: nothing is passed on until its close, and a reply with no close at all (the
   * model did not reason) is given whole at the end.
   */
  /** Whether a block was opened: by the reply, by its template, or later in the reply's own text. */
  private opened: boolean;

  constructor(private readonly openedInPrompt = false) {
    if (openedInPrompt) this.state = 'thinking';
    this.opened = openedInPrompt;
  }

  /** What of the reply so far may be passed on now. */
  push(text: string): string {
    if (this.state === 'reply') return this.pass(text);
    if (this.state === 'start') {
      this.held += text;
      const lead = this.held.trimStart();
      // nothing but space yet, or the first letters of the tag
      if (OPEN.startsWith(lead)) return '';
      if (!lead.startsWith(OPEN)) return this.reply(this.held);
      this.state = 'thinking';
      this.opened = true;
      this.held = lead.slice(OPEN.length);
      return this.closing();
    }
    if (this.state === 'thinking') {
      this.held += text;
      return this.closing();
    }
    return this.reply(text.trimStart());
  }

  /** What is still held back once the reply has ended; undefined when the block never closed: the model wrote no reply. */
  end(): string | undefined {
    if (this.state === 'thinking') return this.openedInPrompt ? this.held.trim() : undefined;
    return this.state === 'start' ? this.held : '';
  }

  private closing(): string {
    const at = this.held.indexOf(CLOSE);
    if (at < 0) {
      // the reasoning is dropped as it comes: only where the close tag may have begun is kept (all
      // of it where no open was seen, as it is the reply if no close comes)
      if (!this.openedInPrompt) this.held = this.held.slice(-(CLOSE.length - 1));
      return '';
    }
    const after = this.held.slice(at + CLOSE.length);
    this.held = '';
    this.state = 'closed';
    return this.push(after);
  }

  /** The reply starts here: the space between the block and it is no part of it. */
  private reply(text: string): string {
    this.held = '';
    if (this.state === 'start' || text !== '') this.state = 'reply';
    return this.pass(text);
  }

  /**
   * Reply passed on: where no block was opened, a close tag in it tells the template opened one; an
   * open tag before it is the reply's own text ("<think>x</think>" written out), and so is its close.
   */
  private pass(text: string): string {
    if (this.closedAlone || this.opened) return text;
    const seen = this.passed + text;
    const [open, close] = [seen.indexOf(OPEN), seen.indexOf(CLOSE)];
    if (open >= 0 && (close < 0 || open < close)) this.opened = true;
    else if (close >= 0) this.closedAlone = true;
    this.passed = seen.slice(-(CLOSE.length - 1));
    return text;
  }
}

/**
 * A whole reply after its reasoning, as a stream of it would give it; undefined when the block never
 * closed. A whole reply may also hold the close alone: a chat template that opens the block in the
 * prompt (DeepSeek-R1 on vLLM without its reasoning parser) leaves the reply the reasoning and its
 * close, and all before the close is reasoning. (A stream cannot tell that until the close comes.)
 */
export function replyAfterReasoning(content: string, openedInPrompt = false): string | undefined {
  const reply = new AfterReasoning(openedInPrompt);
  const text = reply.push(content);
  if (reply.closedAlone) return replyAfterReasoning(content, true);
  const rest = reply.end();
  return rest === undefined ? undefined : text + rest;
}
