import type { KnowledgeIndex } from '../knowledge/index';
import { asks, contentWords, continuesConversation, isYear, quantityAskingWords, withoutContinuingOpener } from '../knowledge/text';
import { identifiersOf } from './retrieve';

/** The kinds of word a follow-up puts in place of the previous question's: a country, a year, a code. */
type Slot = 'market' | 'year' | 'identifier';

/**
 * A follow-up read with the question asked before it in the same thread, or undefined when the
 * message stands on its own. A message goes on from the previous question when it names no more
 * than one thing of its own and
 * - names nothing else but a country, a year or a code, or asks without naming anything ("og i
 *   Sverige?", "and 2023?", "hvorfor?"), or
 * - opens as continuing it or points back to it ("hva med nettbrett?", "gjelder det også for bedrifter?").
 * A message naming two things or more is a question of its own, however it opens. "ok" asks nothing
 * and goes on from nothing.
 *
 * Read with the previous question, a country, year or code the follow-up names takes the place of
 * the one the previous question named ("Hvor mye pant er det i Norge?" and "og i Sverige?" read as
 * "Hvor mye pant er det i Sverige?"); whatever else the follow-up says is added after it.
 */
export function inContext(message: string, previous: string, index: KnowledgeIndex): string | undefined {
  const asking = quantityAskingWords(message);
  const slots = slotsOf(message, index, asking);
  const own = [...slots].filter(([w, slot]) => slot === undefined && !/^\p{N}+$/u.test(w));
  const named = [...slots].filter(([, slot]) => slot !== undefined);
  const goesOn = own.length === 0 ? named.length > 0 || asks(message) || continuesConversation(message) : own.length === 1 && continuesConversation(message);
  if (!goesOn) return undefined;

  const before = slotsOf(previous, index);
  let read = previous.trim();
  const replaced = new Set<string>();
  const filled = new Set<Slot>();
  for (const [word, slot] of named) {
    const old = [...before].filter(([, s]) => s === slot).map(([w]) => w);
    if (old.length === 0 || filled.has(slot!)) continue;
    const written = writtenAs(message, word);
    for (const w of old) read = read.replace(wordPattern(w), written);
    replaced.add(word);
    filled.add(slot!);
  }
  // a follow-up wholly said by the words it put in place, and words the previous question holds, adds nothing more ("og i Sverige?")
  const rest = [...slots.keys()].filter((w) => !replaced.has(w) && !before.has(w));
  return rest.length === 0 && replaced.size > 0 && !asksItself(message) ? read : `${read} ${message.trim()}`;
}

/** A text's content words (those asking for a quantity left out), each with the kind of word it is when it is a country, a year or a code. */
function slotsOf(text: string, index: KnowledgeIndex, leaveOut: ReadonlySet<string> = new Set()): Map<string, Slot | undefined> {
  const identifiers = identifiersOf(text);
  const slotOf = (w: string): Slot | undefined => (index.namesMarket(w) ? 'market' : isYear(w) ? 'year' : identifiers.includes(w) ? 'identifier' : undefined);
  return new Map(contentWords(text).filter((w) => !leaveOut.has(w)).map((w) => [w, slotOf(w)]));
}

/** Whether a follow-up asks in words of its own ("hvorfor i Sverige?", "and how long in 2023?"), beyond its question mark. */
const asksItself = (message: string): boolean => asks(withoutContinuingOpener(message).replace(/\?/gu, ''));

/** A word as the message writes it (its case), for the reading shown to the asker. */
function writtenAs(message: string, word: string): string {
  return wordPattern(word).exec(message)?.[0] ?? word;
}

const escaped = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordPattern = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escaped(word)}(?![\\p{L}\\p{N}])`, 'giu');
