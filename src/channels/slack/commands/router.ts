import type { webApi } from '@slack/bolt';
import type { Lang } from '../../../core/lang';
import type { SlackMessage } from '../render-answer';

/** What a /kompis subcommand gets: the words after its name, who asked, where, in which language. */
export interface CommandInput {
  args: string;
  user: string;
  channel: string;
  lang: Lang;
  /** For subcommands that open a form (a modal needs the command's trigger id). */
  triggerId?: string;
  client?: webApi.WebClient;
}

export interface Subcommand {
  name: string;
  /** One line for `/kompis help`, in the given language. */
  describe(lang: Lang): string;
  /** The reply, visible to the asker only; undefined when the subcommand opened a form instead. */
  run(input: CommandInput): Promise<SlackMessage | undefined>;
}

/**
 * The `/kompis <subcommand>` router. Later features (pulse, goals) add theirs with `add`; the
 * first word picks the subcommand, an empty or unknown one gives the help.
 */
export class CommandRouter {
  private readonly subcommands = new Map<string, Subcommand>();

  add(sub: Subcommand): this {
    if (this.subcommands.has(sub.name)) throw new Error(`/kompis ${sub.name} is registered twice`);
    this.subcommands.set(sub.name, sub);
    return this;
  }

  list(): Subcommand[] {
    return [...this.subcommands.values()];
  }

  /** The subcommand named by the first word, and the rest of the text as its arguments. */
  resolve(text: string): { sub: Subcommand | undefined; name: string; args: string } {
    const trimmed = text.trim();
    const [first = '', ...rest] = trimmed.split(/\s+/);
    const name = first.toLowerCase() || 'help';
    return { sub: this.subcommands.get(name), name, args: rest.join(' ') };
  }
}
