import { parseProgress } from '../../core/goals/service';
import type { ProgressInput } from '../../core/storage/ports';

/**
 * What someone wrote to Kompis, read as a command when it is one of the exact forms below, with or
 * without a leading `/kompis ` or `kompis ` (Teams has no slash commands for bots: people type
 * them, or pick them from the manifest's command list). Anything else is a question.
 */
export type Command =
  | { kind: 'goals' }
  | { kind: 'goal-new' }
  | { kind: 'goal-progress'; ref: string; amount: ProgressInput }
  | { kind: 'goal-usage' }
  | { kind: 'kudos'; mention: string; reason: string }
  | { kind: 'kudos-usage' }
  | { kind: 'pulse'; verb: PulseVerb };

export const PULSE_VERBS = ['setup', 'now', 'close', 'pause', 'resume', 'results'] as const;
export type PulseVerb = (typeof PULSE_VERBS)[number];

/** The words for "for" that may start a kudos reason, in our four languages. */
const FOR = /^(for|för|til|to)\s+/i;

/**
 * `text` is the message with Kompis's own @mention removed; `mentions` are the `<at>…</at>` texts
 * of the other people mentioned in it, in order.
 */
export function parseCommand(text: string, mentions: string[] = []): Command | undefined {
  const flat = text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  const body = flat.replace(/^\/?kompis\s+/i, '');
  const lower = body.toLowerCase();
  if (lower === 'goals') return { kind: 'goals' };
  if (lower === 'goal new') return { kind: 'goal-new' };
  if (lower === 'goal progress' || lower.startsWith('goal progress ')) {
    const args = body.slice('goal progress'.length).trim().split(' ').filter(Boolean);
    const amount = args.length >= 2 ? parseProgress(args[args.length - 1]!) : undefined;
    return amount ? { kind: 'goal-progress', ref: args.slice(0, -1).join(' '), amount } : { kind: 'goal-usage' };
  }
  if (lower === 'kudos' || lower.startsWith('kudos ')) {
    const rest = body.slice('kudos'.length).trim();
    const mention = mentions.find((m) => rest.startsWith(m));
    const reason = mention ? rest.slice(mention.length).trim().replace(FOR, '').trim() : '';
    return mention && reason ? { kind: 'kudos', mention, reason } : { kind: 'kudos-usage' };
  }
  const pulse = /^pulse (\w+)$/.exec(lower);
  if (pulse && (PULSE_VERBS as readonly string[]).includes(pulse[1]!)) return { kind: 'pulse', verb: pulse[1] as PulseVerb };
  return undefined;
}
