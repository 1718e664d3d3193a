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
  const content = contentWords(message).filter((w) => !asking.has(w));
  const slots = new Map(content.flatMap((w) => (slotOf(w, message, index) ? [[w, slotOf(w, message, index)!] as const] : [])));
  const own = content.filter((w) => !slots.has(w) && !/^\p{N}+$/u.test(w));
  const goesOn = own.length === 0 ? slots.size > 0 || asks(message) || continuesConversation(message) : own.length === 1 && continuesConversation(message);
  if (!goesOn) return undefined;

  let read = previous.trim();
  const replaced = new Set<string>();
  for (const [word, slot] of slots) {
    const before = contentWords(previous).filter((w) => slotOf(w, previous, index) === slot);
    if (before.length === 0 || [...replaced].some((r) => slots.get(r) === slot)) continue;
    const written = writtenAs(message, word);
    for (const old of before) read = read.replace(wordPattern(old), written);
    replaced.add(word);
  }
  // a follow-up wholly said by the words it put in place, and words the previous question holds, adds nothing more ("og i Sverige?")
  const held = new Set(contentWords(previous));
  const rest = content.filter((w) => !replaced.has(w) && !held.has(w));
  return rest.length === 0 && replaced.size > 0 && !asksItself(message) ? read : `${read} ${message.trim()}`;
}

function slotOf(word: string, text: string, index: KnowledgeIndex): Slot | undefined {
  if (index.namesMarket(word)) return 'market';
  if (isYear(word)) return 'year';
  return identifiersOf(text).includes(word) ? 'identifier' : undefined;
}

/** Whether a follow-up asks in words of its own ("hvorfor i Sverige?", "and how long in 2023?"), beyond its question mark. */
const asksItself = (message: string): boolean => asks(withoutContinuingOpener(message).replace(/\?/gu, ''));

/** A word as the message writes it (its case), for the reading shown to the asker. */
function writtenAs(message: string, word: string): string {
  return wordPattern(word).exec(message)?.[0] ?? word;
}

const escaped = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordPattern = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escaped(word)}(?![\\p{L}\\p{N}])`, 'giu');
