import { parseProgress } from '../goals/progress';
import type { ProgressInput } from '../storage/ports';

/**
 * The one `/kompis` grammar, for every channel. A channel hands it the words after the command's
 * name with each person it mentions written as a neutral reference, `{@ref}` (see `personRef`), and
 * gets back what was asked, in words no channel owns.
 */
export type Command =
  | { kind: 'help' }
  | { kind: 'unknown'; name: string }
  | { kind: 'goals' }
  | { kind: 'goal-new' }
  | { kind: 'goal-progress'; ref: string; amount: ProgressInput }
  | { kind: 'pulse'; verb: PulseVerb }
  | { kind: 'kudos'; to: string; reason: string; goalRef?: string }
  | { kind: 'unanswered' }
  | { kind: 'usage'; of: 'goal' | 'goal-progress' | 'pulse' | 'kudos' }
  | { kind: 'too-long'; of: 'kudos'; length: number; max: number };

export const PULSE_VERBS = ['setup', 'now', 'close', 'pause', 'resume', 'results'] as const;
export type PulseVerb = (typeof PULSE_VERBS)[number];

/**
 * How the words reached Kompis. `typed`: the channel knows they are a command (a slash command, a
 * console line starting `/kompis`), so anything unclear gets its usage. `message`: a message that may
 * as well be a question: a command's name with its words in their place is that command, `goal
 * progress` or `kudos` with their words out of place gets its usage, anything else is a question.
 */
export type CommandSource = 'typed' | 'message';

const MAX_KUDOS = 1000;
const PERSON = /^\{@([^{}\s]{1,200})\}/;

/** A mentioned person as core reads it in a command's words. */
export const personRef = (ref: string) => `{@${ref}}`;

/** The command in `text`, or undefined when a message is not one (it is then a question). */
export function parseCommand(text: string, source: CommandSource): Command | undefined {
  const flat = text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  // Slack's two slash commands, as its usage texts and people used to them write them anywhere:
  // `/kompis goals`, and `/kudos …` for `kudos …`
  const body = flat.replace(/^\/?kompis(\s+|$)/i, '').replace(/^\/(?=kudos(\s|$))/i, '');
  const [first = '', ...rest] = body.split(' ');
  const name = first.toLowerCase();
  const args = rest.join(' ');
  const typed = source === 'typed';
  switch (name) {
    case '':
      return typed ? { kind: 'help' } : undefined;
    case 'help':
    case 'goals':
    case 'unanswered':
      return typed || !args ? { kind: name } : undefined;
    case 'goal':
      return goal(args, typed);
    case 'pulse': {
      const verb = PULSE_VERBS.find((v) => v === args.toLowerCase());
      if (verb) return { kind: 'pulse', verb };
      return typed ? { kind: 'usage', of: 'pulse' } : undefined;
    }
    case 'kudos':
      return kudos(args) ?? { kind: 'usage', of: 'kudos' };
    default:
      return typed ? { kind: 'unknown', name: first } : undefined;
  }
}

function goal(args: string, typed: boolean): Command | undefined {
  const [verb = '', ...rest] = args.split(' ').filter(Boolean);
  if (verb.toLowerCase() === 'new' && (typed || rest.length === 0)) return { kind: 'goal-new' };
  if (verb.toLowerCase() === 'progress') {
    const amount = rest.length >= 2 ? parseProgress(rest[rest.length - 1]!) : undefined;
    return amount ? { kind: 'goal-progress', ref: rest.slice(0, -1).join(' '), amount } : { kind: 'usage', of: 'goal-progress' };
  }
  return typed ? { kind: 'usage', of: 'goal' } : undefined;
}

/** `kudos {@ref} [for] <reason> [#goal]`: the person first, then why, as written; a trailing `#2` links goal 2. */
function kudos(args: string): Command | undefined {
  const person = PERSON.exec(args);
  if (!person) return undefined;
  let reason = args.slice(person[0].length).trim();
  const goal = /(?:^|\s)#(\d{1,3})$/.exec(reason);
  if (goal) reason = reason.slice(0, goal.index).trim();
  if (!reason) return undefined;
  // said, not cut: kudos are posted in the giver's name, so they go out whole or not at all
  if (reason.length > MAX_KUDOS) return { kind: 'too-long', of: 'kudos', length: reason.length, max: MAX_KUDOS };
  return { kind: 'kudos', to: person[1]!, reason, ...(goal ? { goalRef: goal[1]! } : {}) };
}
