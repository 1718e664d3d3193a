import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Lang } from '../lang';
import { allStems, words } from './text';

/**
 * A multilingual thesaurus: each set holds the words for one concept, in any of nb, sv, da and en.
 * Search expands a question's words with their sets, so "phone" finds "mobiltelefon". The words are
 * data, never code: a general lexicon ships in `lexicon/`, and a company's own synonyms live in its
 * knowledge folder as `_synonyms.yaml`.
 */
export class Thesaurus {
  private readonly byStem: Map<string, Set<number>>;
  private readonly sets: readonly (readonly string[])[];
  private readonly written: readonly (readonly string[])[];
  /** The phrases of more than one word the sets hold ("palm oil"), by their first word: each as its words and its joined form. */
  private readonly phrasesByFirst: Map<string, Phrase[]>;
  private readonly phrases: Map<string, Phrase>;
  /** Per word of the sets, the index terms it may be: its words' stems in every language, worked out once. */
  private readonly terms: Map<string, readonly string[]>;

  constructor(
    /** Sets of words and phrases; a phrase is used joined ("solar panels" → "solarpanels"), as a question's neighbouring words are looked up. */
    sets: readonly (readonly string[])[],
    /** Per language, the words that name the country it is written for. */
    readonly markets: Partial<Record<Lang, readonly string[]>> = {},
    /** A thesaurus these sets extend, read already: its sets come first, and its words are not read again. */
    base?: Thesaurus,
  ) {
    this.written = base ? [...base.written, ...sets] : sets;
    // the base's maps are shared until a set of these adds to one of their entries
    this.byStem = new Map(base?.byStem);
    this.phrases = new Map(base?.phrases);
    this.phrasesByFirst = new Map(base?.phrasesByFirst);
    this.terms = new Map(base?.terms);
    // a phrase and its joined spelling are one word of the set
    const own = sets.map((set) => [...new Set(set.map((w) => this.joined(w)))].filter(Boolean));
    const first = base?.sets.length ?? 0;
    this.sets = base ? [...base.sets, ...own] : own;
    own.forEach((set, i) => {
      for (const word of set) {
        if (!this.terms.has(word)) this.terms.set(word, indexTermsOf(word));
        for (const s of allStems(word)) {
          let ids = this.byStem.get(s);
          if (!ids || ids === base?.byStem.get(s)) this.byStem.set(s, (ids = new Set(ids)));
          ids.add(first + i);
        }
      }
    });
  }

  /**
   * A word as sets hold it: lower case, and a phrase joined into one word ("solar panels" →
   * "solarpanels"), as a question's neighbouring words are looked up joined too; a phrase's separate
   * words would each mean something else. A phrase is kept by its first word, read as a text's words
   * are ("park & ride", "children's clothing"), to be found where a text writes it.
   */
  private joined(word: string): string {
    const parts = words(word, false);
    const joined = parts.join('');
    if (parts.length > 1 && !this.phrases.has(joined)) {
      const phrase = { words: parts, lastStems: allStems(parts.at(-1)!), joined };
      this.phrases.set(joined, phrase);
      this.phrasesByFirst.set(parts[0]!, [...(this.phrasesByFirst.get(parts[0]!) ?? []), phrase]);
    }
    return joined;
  }

  /** The index terms a word `expand` gives may be: its stems in every language. */
  termsOf(word: string): readonly string[] {
    return this.terms.get(word) ?? indexTermsOf(word);
  }

  /** The phrase a joined word of the sets stands for ("palmoil": palm oil), if it is one. */
  phraseOf(joined: string): Phrase | undefined {
    return this.phrases.get(joined);
  }

  /**
   * The thesaurus's phrases a text's words hold, joined: "Palm oil is not used" holds "palmoil", so a
   * passage that writes the phrase in words is found through the compound another language writes
   * ("palmeolie"). The phrase's last word may be inflected ("solar panels" holds "solar panel").
   */
  phrasesIn(words: readonly string[]): Phrase[] {
    const out: Phrase[] = [];
    words.forEach((w, i) => {
      for (const p of this.phrasesByFirst.get(w) ?? []) if (phraseAt(p, words, i)) out.push(p);
    });
    return out;
  }

  /** The other words of every set the word belongs to (matched by any language's stem). */
  expand(word: string, lang?: Lang): string[] {
    const ids = new Set<number>();
    for (const s of allStems(word, lang)) for (const id of this.byStem.get(s) ?? []) ids.add(id);
    const out = new Set<string>();
    for (const id of ids) for (const w of this.sets[id] ?? []) if (w !== word) out.add(w);
    return [...out];
  }

  /** The sets holding a word with this stem, by their place in the thesaurus. */
  setsOfStem(stem: string): readonly number[] {
    return [...(this.byStem.get(stem) ?? [])];
  }

  /** Whether a set holds this word as written (a phrase joined): a word with a meaning of its own. */
  knowsWord(word: string): boolean {
    return this.terms.has(word);
  }

  /** Every word the sets hold, as written (a phrase joined). */
  words(): IterableIterator<string> {
    return this.terms.keys();
  }

  /** Whether any set holds a word with this stem: for telling the parts of a compound the store does not use. */
  knowsStem(stem: string): boolean {
    return this.byStem.has(stem);
  }

  /** The other words of every set holding a word with this stem. */
  expandStem(stem: string): string[] {
    const out = new Set<string>();
    for (const id of this.byStem.get(stem) ?? []) for (const w of this.sets[id] ?? []) out.add(w);
    return [...out];
  }

  /** This thesaurus and another as one. */
  with(other: Thesaurus): Thesaurus {
    return this.withSets(other.written, other.markets);
  }

  /**
   * This thesaurus and sets as written (a company's `_synonyms.yaml`) as one: the sets are read once,
   * here, where a thesaurus of their own first would stem every word twice.
   */
  withSets(sets: readonly (readonly string[])[], markets: Partial<Record<Lang, readonly string[]>> = {}): Thesaurus {
    return new Thesaurus(sets, { ...this.markets, ...markets }, this);
  }

  get size(): number {
    return this.sets.length;
  }

  /** The languages whose country the question names. */
  marketsNamed(question: readonly string[]): Lang[] {
    return (Object.entries(this.markets) as [Lang, string[]][]).filter(([, ws]) => ws.some((w) => question.includes(w))).map(([l]) => l);
  }

  static readonly empty = new Thesaurus([]);
}

/** A phrase of more than one word in the thesaurus: its words, its last word's stems, and the joined form sets hold. */
export interface Phrase {
  words: readonly string[];
  lastStems: readonly string[];
  joined: string;
}

/** Whether a text's words hold a phrase at a place: its words as written, the last one also inflected ("solar panels"). */
export function phraseAt(phrase: Phrase, words: readonly string[], i: number): boolean {
  const n = phrase.words.length;
  if (i + n > words.length) return false;
  for (let k = 0; k < n - 1; k++) if (words[i + k] !== phrase.words[k]) return false;
  const last = words[i + n - 1]!;
  return last === phrase.words[n - 1] || allStems(last).some((s) => phrase.lastStems.includes(s));
}

/** One set of synonyms: two or more words or phrases. */
const SynonymSet = z.array(z.string().trim().min(1, 'a synonym must not be empty')).min(2, 'a set needs two or more words');

/** The general lexicon must say where its words came from. */
const LexiconFile = z.object({
  source: z.string().trim().min(1, 'say where the words came from'),
  markets: z.partialRecord(Lang, z.array(z.string().trim().min(1))).default({}),
  sets: z.array(SynonymSet),
});

/** Sets as written in a lexicon or `_synonyms.yaml`: the thesaurus reads each word as search does. */
export function thesaurusOf(sets: string[][], markets: Partial<Record<Lang, string[]>> = {}): Thesaurus {
  return new Thesaurus(sets, markets);
}

/** The index terms a word of a set may be: its words' stems in every language. */
function indexTermsOf(word: string): string[] {
  return [...new Set(words(word).flatMap((w) => allStems(w)))];
}

let general: Thesaurus | undefined;

/** The general lexicon shipped with Kompis (`lexicon/general.yaml`), read once. A missing or broken file stops the boot. */
export function generalThesaurus(): Thesaurus {
  if (general) return general;
  const file = lexiconFile();
  general = readLexicon(file);
  return general;
}

/** A lexicon file as a thesaurus. A file that is not a lexicon stops the boot, with what is wrong. */
export function readLexicon(file: string): Thesaurus {
  const parsed = LexiconFile.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return thesaurusOf(parsed.data.sets, parsed.data.markets);
}

function lexiconFile(): string {
  for (const up of ['../../../lexicon', '../../../../lexicon']) {
    const file = path.resolve(__dirname, up, 'general.yaml');
    if (fs.existsSync(file)) return file;
  }
  return path.resolve(process.cwd(), 'lexicon', 'general.yaml');
}
