import type { Lang } from '../lang';
import type { Passage } from '../knowledge/document';
import { type Concept, nameLikeWords, type SearchHit, weightOf } from '../knowledge/index';
import { lastOf, perQuestion } from '../knowledge/kept';
import { cleanInline } from '../knowledge/split';
import { asksForQuantity, asksWho, isYear, negatedPositions, paragraphSentences, statesQuantity, storeWords, words } from '../knowledge/text';
import { conceptsIn, found, gradesIn, type Matcher, matcherOf } from './concept-match';

export interface Excerpt {
  hit: SearchHit;
  sentences: string[];
}

const MAX_SENTENCES_PER_PASSAGE = 3;

/** Ends a sentence: its last mark (before any closing quote or bracket) is one a sentence ends with. */
const ENDS_SENTENCE = /[.!?…:;]["'”’»)\]]*$/u;

/**
 * An excerpt's sentences as one quote. A list item or a table row ends with no full stop, so the
 * piece after it is set apart with a semicolon ("Monday–Friday 9–20; Saturday 10–18"), where a space
 * alone would run the two together as one statement.
 */
export function quoteOf(sentences: readonly string[]): string {
  return sentences.reduce((quote, s, i) => (i === 0 ? s : `${quote}${ENDS_SENTENCE.test(sentences[i - 1]!) ? ' ' : '; '}${s}`), '');
}
/**
 * How likely a sentence is to answer a question that says "not" of something ("if the customer does
 * not buy a new one"), when it says that thing without a "not": half as likely, as for the other
 * signs that a sentence answers another question than the one asked (see `sentenceWorth`).
 */
const POLARITY = 0.5;

/**
 * The sentences of a passage that answer the question: the one holding most of the question (by
 * idf, a number or code the question names counting as its rarest word), then others only while
 * they add a word of the question the chosen ones lack, then, while there is room, the sentences
 * right after and right before the first, in their original order. A table row is one sentence,
 * each cell named by its column, and stands alone. The passage's opening only when nothing matches.
 */
export function excerpt(hit: SearchHit, concepts: Concept[], maxSentences = MAX_SENTENCES_PER_PASSAGE, question = ''): Excerpt {
  const scored = scoreSentences(hit, concepts, question);
  const chosen: ScoredSentence[] = [];
  const covered = new Set<Concept>();
  const split = splitOf(hit.passage.text);
  const m = matcherOf(concepts);
  while (chosen.length < maxSentences) {
    let best: ScoredSentence | undefined;
    let bestGain = 0;
    for (const x of scored) {
      if (chosen.includes(x)) continue;
      const gain = gradedWeight([...x.held.keys()].filter((c) => !covered.has(c)), x.grades) * x.worth;
      if (gain > bestGain) [best, bestGain] = [x, gain];
    }
    if (!best) break;
    chosen.push(best);
    for (const c of best.held.keys()) covered.add(c);
  }
  // the sentence after the best one often carries what it leads to: the reason, the number, the exception
  // a table row stands alone: the next row is another record (a note after the table may still say more)
  const { records } = split;
  const next = chosen[0] && !(records.has(chosen[0].i) && records.has(chosen[0].i + 1)) ? scored[chosen[0].i + 1] : undefined;
  if (next && chosen.length < maxSentences && !chosen.includes(next) && !isQuestion(next.s)) chosen.push(next);
  // and the sentence before it, what it often leans on: the subject it goes on about, the rule it qualifies
  const previous = chosen[0] && !records.has(chosen[0].i) ? scored[chosen[0].i - 1] : undefined;
  if (previous && chosen.length < maxSentences && !chosen.includes(previous) && !records.has(previous.i) && !isQuestion(previous.s)) chosen.push(previous);
  const whole = chosen[0] && wholeList(chosen[0].i, split, m);
  if (whole) return { hit, sentences: whole.map((i) => shortened(scored[i]!.s, m)) };
  const picked = chosen.length > 0 ? chosen.sort((a, b) => a.i - b.i) : scored.slice(0, 2);
  return { hit, sentences: picked.map((x) => shortened(x.s, m)) };
}

/**
 * The most characters one quoted sentence may have: more than any written sentence, table row or
 * short list in the packs Kompis is measured on (the longest has about 570), few enough to read in
 * a chat. A longer one (a page exported as one line, a run-on list) is quoted in part.
 */
export const MAX_QUOTED_CHARS = 800;

/**
 * A sentence as quoted: whole when it is short enough, else the run of its words, at most
 * MAX_QUOTED_CHARS long, that holds most of the question (the earliest of equals), with "…" where
 * it was cut, at a word's edge.
 */
export function shortened(sentence: string, m: Matcher): string {
  if (sentence.length <= MAX_QUOTED_CHARS) return sentence;
  const spans = [...sentence.matchAll(/\S+/g)].map((w) => ({ start: w.index, end: w.index + w[0].length }));
  const room = MAX_QUOTED_CHARS - 2;
  let best = { from: 0, to: 0, weight: -1 };
  // windows a few words apart: where the question's words are, not every offset
  for (let from = 0; from < spans.length; from += 8) {
    let to = from;
    while (to + 1 < spans.length && spans[to + 1]!.end - spans[from]!.start <= room) to++;
    // a single word longer than the room is cut inside it
    const text = sentence.slice(spans[from]!.start, Math.min(spans[to]!.end, spans[from]!.start + room));
    const weight = [...gradesIn(text, m)].reduce((sum, [c, g]) => sum + c.idf * g, 0);
    if (weight > best.weight) best = { from, to, weight };
    if (to === spans.length - 1) break;
  }
  const start = spans[best.from]!.start;
  const end = Math.min(spans[best.to]!.end, start + room);
  return `${start > 0 ? '…' : ''}${sentence.slice(start, end)}${end < sentence.trimEnd().length ? '…' : ''}`;
}

/**
 * A list of records the question picks none of is quoted whole: "what does charging cost?" asked
 * of a list of hotels with their prices has no one answer, and one hotel's would read as the answer.
 * The question picks a record when it names a word of one label that not every label holds. The
 * list's lead-in sentence comes first. Undefined when the best sentence is no such list's record,
 * the list is longer than one quotes whole, or the question picks a record.
 */
function wholeList(best: number, { sentences, records, labelled }: Split, m: Matcher): number[] | undefined {
  const list = labelled.find((l) => l.items.includes(best));
  if (!list || list.items.length > LEAD_IN_LIST) return undefined;
  const named = list.labels.map((label) => conceptsIn(label, m));
  if (named.some((held) => [...held].some((c) => !named.every((other) => other.has(c))))) return undefined;
  const leadIn = list.items[0]! - 1;
  const prose = leadIn >= 0 && !records.has(leadIn) && !labelled.some((l) => l.items.includes(leadIn)) && !isQuestion(sentences[leadIn]!);
  return prose ? [leadIn, ...list.items] : list.items;
}

/**
 * A question that asks two things ("did we stop using foam, and how much is fibre now?") is often
 * answered in two sections of one document. Of the document's other sections, the sentence that
 * holds most of what the quote lacks (the question's words the store knows, by idf, times how likely
 * the sentence is to state an answer), when it holds more than one word of the question; never a
 * question (an FAQ's heading states no answer).
 * Undefined when the quote lacks none of them or no sentence holds any.
 */
export function complement(quoted: Excerpt, sections: SearchHit[], concepts: Concept[], question: string): Excerpt | undefined {
  const m = matcherOf(concepts);
  const have = conceptsIn([quoted.hit.passage.title, quoted.hit.passage.heading, ...quoted.sentences].join(' '), m);
  const lacking = concepts.filter((c) => c.known && !have.has(c));
  if (lacking.length === 0) return undefined;
  let best: { hit: SearchHit; s: string; gain: number } | undefined;
  for (const hit of sections) {
    if (hit.passage.id === quoted.hit.passage.id) continue;
    for (const x of scoreSentences(hit, concepts, question)) {
      // a sentence that shares one word with the question is not about it
      if (isQuestion(x.s) || x.held.size < 2) continue;
      const gain = weightOf(lacking.filter((c) => x.held.has(c))) * x.worth;
      if (gain > (best?.gain ?? 0)) best = { hit, s: x.s, gain };
    }
  }
  return best && { hit: best.hit, sentences: [shortened(best.s, m)] };
}

/** The concepts a text names where a negation governs them: "kjøpe" and "ny" in "hvis kunden ikke skal kjøpe ny". */
function negatedIn(text: string, m: Matcher): Set<Concept> {
  const governed = negatedPositions(text);
  const out = new Set<Concept>();
  if (governed.size === 0) return out;
  for (const [c, at] of found(text, m)) if (at.some((i) => governed.has(i))) out.add(c);
  return out;
}

/** The question's weight a sentence names, each word's idf by how much of it the sentence holds (a compound's part: its share). */
function gradedWeight(concepts: Concept[], grades: Map<Concept, number>): number {
  let sum = 0;
  for (const c of concepts) sum += c.idf * (grades.get(c) ?? 0);
  return sum;
}

type ScoredSentence = { s: string; i: number; held: ReadonlyMap<Concept, readonly number[]>; grades: Map<Concept, number>; worth: number };

/** A passage's sentences, each with the question's words it holds and how likely it is to state an answer at all (kept while the question is alive). */
const scoredSentences = perQuestion((concepts: Concept[], question: string, passage: Passage) => readSentences(passage, concepts, question));

function scoreSentences(hit: SearchHit, concepts: Concept[], question: string): readonly ScoredSentence[] {
  return scoredSentences(concepts, question, hit.passage);
}

function readSentences(passage: Passage, concepts: Concept[], question: string): ScoredSentence[] {
  const sentences = splitSentences(passage.text);
  const asked = askedNumbers(question);
  const context = new Set([...storeWords(passage.heading), ...storeWords(passage.title)]);
  const quantity = question !== '' && asksForQuantity(question);
  const who = question !== '' && asksWho(question);
  const askedWords = new Set(who ? storeWords(question) : []);
  const m = matcherOf(concepts);
  const negated = negatedIn(question, m);
  const scored = sentences.map((s, i) => {
    const tokens = storeWords(s);
    // where the sentence holds each concept: its keys are the concepts it holds
    const held = found(s, m);
    let worth = sentenceWorth(s, quantity, asked, question, passage.lang);
    if (who && !statesName(s, askedWords)) worth *= 0.5;
    // "without buying" asks about that case: a sentence about buying that does not say "not" is about the other
    if (negated.size > 0) {
      const said = negatedIn(s, m);
      if ([...negated].some((c) => held.has(c) && !said.has(c))) worth *= POLARITY;
    }
    // the numbers a question names are what it is about: "in 2023" is answered where 2023 is said
    if (asked.some((n) => !tokens.includes(n) && !context.has(n))) worth *= 0.5;
    return { s, i, held, grades: gradesIn(s, m), worth, tokens, weight: weightOf(held.keys()) };
  });
  // of rows that hold the question alike (a series), the latest year's first: a series is asked about
  // for its newest value; a year only the other sentences name (a target, a history) is not the series'
  const most = Math.max(0, ...scored.map((x) => x.weight));
  if (most > 0 && !asked.some(isYear)) {
    const series = new Map<string, typeof scored>();
    for (const x of scored.filter((x) => x.weight === most)) {
      const key = [...x.held.keys()].map((c) => c.word).sort().join(' ');
      const rows = series.get(key);
      if (rows) rows.push(x);
      else series.set(key, [x]);
    }
    for (const rows of series.values()) {
      // a series is of rows that each name a year: a sentence naming none is not one of its values
      const dated = rows.filter((x) => x.tokens.some(isYear));
      if (dated.length < 2) continue;
      const latest = latestYear(dated.map((x) => x.s));
      if (latest) for (const x of dated) if (x.tokens.includes(latest)) x.worth *= 1.05;
    }
  }
  return scored;
}

/**
 * How well a passage's best sentence, read under the passage's heading, answers the question: the
 * question's weight (idf) they hold together, times how likely the sentence is to state an answer.
 * Of a document's passages, the answer is quoted from the strongest.
 */
export function answerStrength(hit: SearchHit, concepts: Concept[], question: string): number {
  const heading = gradesIn(hit.passage.heading, matcherOf(concepts));
  let best = 0;
  for (const x of scoreSentences(hit, concepts, question)) {
    const grades = new Map(x.grades);
    for (const [c, g] of heading) grades.set(c, Math.max(g, grades.get(c) ?? 0));
    best = Math.max(best, gradedWeight(concepts, grades) * x.worth);
  }
  return best;
}

/**
 * How likely a sentence is to state an answer at all, whatever words it shares: a question (an FAQ's
 * heading) states none, and a question asking how many or how much is answered by a number it did not
 * name itself.
 */
function sentenceWorth(sentence: string, asksQuantity: boolean, asked: readonly string[], question: string, lang: Lang): number {
  let worth = 1;
  if (isQuestion(sentence)) worth *= 0.5;
  if (asksQuantity && !statesQuantity(sentence, asked, question, lang)) worth *= 0.5;
  return worth;
}

/** A sentence names someone or something the question's words do not: a capitalised word inside it, or one in mixed case (MonteringsPartner ApS). */
function statesName(sentence: string, asked: ReadonlySet<string>): boolean {
  return nameLikeWords(sentence).some((n) => /\p{L}/u.test(n) && !asked.has(n.toLowerCase()));
}

/** A sentence that asks (an FAQ's question) states no answer. */
export const isQuestion = (sentence: string): boolean => /\?\s*$/.test(sentence);

/** The numbers a question writes: a quote repeating them states nothing new. */
export const askedNumbers: (question: string) => readonly string[] = lastOf((question) => words(question, false).filter((w) => /\p{N}/u.test(w)));

function latestYear(sentences: string[]): string | undefined {
  const years = sentences.flatMap((s) => storeWords(s).filter(isYear));
  return years.length === 0 ? undefined : years.reduce((a, b) => (b > a ? b : a));
}

/** The passage's sentence that holds most of the question, and how much (summed idf). */
export function bestSentence(hit: SearchHit, concepts: Concept[]): { sentence: string; weight: number } {
  let best = { sentence: '', weight: 0 };
  const m = matcherOf(concepts);
  for (const s of splitSentences(hit.passage.text)) {
    const weight = weightOf(conceptsIn(s, m));
    if (weight > best.weight) best = { sentence: s, weight };
  }
  return best;
}

/** A passage's sentences, and which of them are records (table rows, labelled list items) that stand alone, where the next is another record, not what follows on. */
interface Split {
  sentences: string[];
  records: Set<number>;
  /** The lists of records written as labelled items ("- Nordlys Oslo: 4,50 kr per kWh"): each list's sentence numbers, and the label of each. */
  labelled: { items: number[]; labels: string[] }[];
}

const splitCache = new Map<string, Split>();
const SPLIT_CACHE_LIMIT = 20_000;

function splitOf(markdown: string): Split {
  let cached = splitCache.get(markdown);
  if (!cached) {
    cached = split(markdown);
    if (splitCache.size >= SPLIT_CACHE_LIMIT) splitCache.clear();
    splitCache.set(markdown, cached);
  }
  return cached;
}

/** Sentences, list items and table rows of a markdown passage, inline markup removed. */
export function splitSentences(markdown: string): string[] {
  return splitOf(markdown).sentences;
}

/** The most items a list may have to be quoted whole with the sentence that leads in to it. */
const LEAD_IN_LIST = 6;
const LIST_ITEM = /^([-*+]|\d+[.)])\s/;
/** A line's text without its list marker or inline markup. */
const itemText = (line: string) => cleanInline(line.replace(/^([-*+]|\d+[.)])\s+/, ''));

function split(markdown: string): Split {
  const out: string[] = [];
  const records = new Set<number>();
  const labelled: Split['labelled'] = [];
  let previousWasProse = false;
  for (const { lines, table } of blocks(markdown)) {
    if (table) {
      for (const row of tableRows(lines)) records.add(out.push(row) - 1);
      previousWasProse = false;
      continue;
    }
    const isList = lines.every((l) => LIST_ITEM.test(l));
    const afterProse = previousWasProse;
    previousWasProse = !isList;
    // a sentence that ends in a colon leads in to the short list after it: they are one statement
    // ("Conditions: at most one a day; valid for 30 days"), not a lead-in quoted without its list
    const leadIn = out.at(-1);
    if (isList && afterProse && lines.length > 0 && lines.length <= LEAD_IN_LIST && leadIn !== undefined && leadIn.endsWith(':')) {
      out[out.length - 1] = `${leadIn} ${lines.map(itemText).join('; ')}`;
      continue;
    }
    const pieces = isList ? lines : [lines.join(' ')];
    const first = out.length;
    for (const piece of pieces) {
      const text = itemText(piece);
      if (/^[·\s:-]*$/.test(text)) continue;
      const sentences = isList ? [text] : paragraphSentences(text);
      out.push(...sentences.map((s) => s.trim()).filter((s) => s.length > 1));
    }
    const items = out.slice(first).map((text, k) => ({ i: first + k, label: LABELLED_ITEM.exec(text)?.[1] }));
    if (isList && items.length >= 2 && items.every((x) => x.label !== undefined)) {
      labelled.push({ items: items.map((x) => x.i), labels: items.map((x) => x.label!) });
      // each stands alone, as a table's row: the next item is another record
      for (const x of items) records.add(x.i);
    }
  }
  return { sentences: out, records, labelled };
}

/** A list item that is a record: a short label, a colon, what it says of it ("Nordlys Oslo Sentrum: 24 ladepunkter …"). */
const LABELLED_ITEM = /^([^:.!?]{2,60}):\s+\S/u;

/** A table's delimiter row, under its header: `|---|:--:|`, or without the outer pipes, `--- | ---`. */
const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/;
const isDelimiterRow = (line: string) => line.includes('|') && DELIMITER_ROW.test(line);
/** A pipe between cells; one written `\|` is part of a cell. */
const CELL_BORDER = /(?<!\\)\|/;

/**
 * A passage's blocks (text between blank lines), its tables apart: a table is the lines from a header
 * over a delimiter row for as long as they hold a cell border, with or without outer pipes, even
 * where it follows a sentence with no blank line between; lines that all begin with a pipe are a
 * table without a header.
 */
function blocks(markdown: string): { lines: string[]; table: boolean }[] {
  const out: { lines: string[]; table: boolean }[] = [];
  for (const block of markdown.split(/\n\s*\n/)) {
    let lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    while (lines.length > 0) {
      const head = lines.findIndex((l, i) => CELL_BORDER.test(l) && isDelimiterRow(lines[i + 1] ?? ''));
      if (head < 0) {
        out.push({ lines, table: lines.every((l) => l.startsWith('|')) });
        break;
      }
      if (head > 0) out.push({ lines: lines.slice(0, head), table: false });
      let end = head + 2;
      while (end < lines.length && CELL_BORDER.test(lines[end]!)) end++;
      out.push({ lines: lines.slice(head, end), table: true });
      lines = lines.slice(end);
    }
  }
  return out;
}

/** A markdown table's rows, each cell named by its column: "Product: Book 14 · Footprint: 212 kg". */
function tableRows(lines: string[]): string[] {
  const cells = (line: string) =>
    line
      .replace(/^\|/, '')
      .replace(/(?<!\\)\|$/, '')
      .split(CELL_BORDER)
      .map((c) => cleanInline(c.trim().replace(/\\\|/g, '|')));
  const rows = lines.filter((l) => !isDelimiterRow(l)).map(cells);
  const hasHeader = lines.length > 1 && isDelimiterRow(lines[1]!);
  const header = hasHeader ? rows.shift() : undefined;
  return rows
    .map((row) =>
      row
        .map((cell, i) => (header?.[i] && cell && !/^[–—-]$/.test(cell) ? `${header[i]}: ${cell}` : cell))
        .filter((c) => c && !/^[–—-]$/.test(c))
        .join(' · '),
    )
    .filter((r) => r.length > 1);
}

/**
 * Two quotes say the same: every number of the second is in the first (two language versions of
 * one table), or, with no numbers, every name of the second (a capitalised word inside a sentence,
 * an acronym) is in the first (a translated paragraph), or they share most of their words.
 */
export function sameContent(first: string[], second: string[]): boolean {
  const numbers = (ss: string[]) => new Set(ss.join(' ').match(/\d+(?:[.,]\d+)?/g) ?? []);
  const b = numbers(second);
  if (b.size > 0) {
    const a = numbers(first);
    return [...b].every((n) => a.has(n));
  }
  const names = (ss: string[]) => new Set(ss.flatMap((sentence) => (sentence.match(/[\p{L}\p{N}]+/gu) ?? []).slice(1).filter((w) => /^\p{Lu}/u.test(w))));
  const nb = names(second);
  if (nb.size >= 2) {
    const na = names(first);
    if ([...nb].every((n) => na.has(n))) return true;
  }
  // a word never spans two sentences: their words are each one's, read once a sentence
  const wa = new Set(first.flatMap((sentence) => storeWords(sentence, true)));
  const wb = second.flatMap((sentence) => storeWords(sentence, true));
  return wb.length > 0 && wb.filter((w) => wa.has(w)).length / wb.length > 0.6;
}
