import { LANGS, type Lang } from '../lang';
import { Cognates } from './cognates';
import { Bm25Index } from './bm25-index';
import type { KnowledgeDocument, Passage } from './document';
import { LanguageProfile } from './language-profile';
import { NgramIndex, type NgramQuery } from './ngram-index';
import { PageVersions } from './page-versions';
import { nearTerms, oneTypoAway, VocabularyIndex } from './vocabulary';
import { type Phrase, Thesaurus } from './thesaurus';
import { kept } from './kept';
import { drain, stepwise } from './steps';
import {
  allStems,
  contentWords,
  hasNordicLetters,
  isStopWord,
  isStopWordForm,
  isYear,
  plainSpelling,
  plainSpellingsOf,
  quantityAskingWords,
  stem,
  STOP_WORDS_WITH_NORDIC_LETTERS,
  termsOfWords,
  words,
  wordsAndJoined,
} from './text';

/** One word of a question, with every index term that counts as finding it. */
export interface Concept {
  word: string;
  /** Index terms of the word itself: its stems in each language, its compound parts, near spellings the store uses. */
  forms: string[];
  /** Index terms of its thesaurus equivalents. */
  equivalents: string[];
  /**
   * Of its forms, those that are only a part of it, each with the share of the word it is: of
   * "badlakanet", "lakan" is five eighths. A text that holds only a part names less than the word.
   */
  parts: Map<string, number>;
  /** Its equivalents that are phrases the store writes in words ("palm oil" for "palmeolie"), to find them in a sentence. */
  phrases: Phrase[];
  /** Inverse document frequency of its best-known form; a word the store has never seen has that of a frequency of zero. */
  idf: number;
  known: boolean;
}

/** A question word's reading alone, and the parts of it that the phrases it makes are added among (see `KnowledgeIndex.conceptOf`). */
interface WordReading {
  concept: Concept;
  /** Equivalents of the word itself, then of its compound parts and cognates: a phrase's come between. */
  ownTerms: string[];
  laterTerms: string[];
  ownPhrases: Phrase[];
  laterPhrases: Phrase[];
  /** The store's largest document frequency of the word and its equivalents, and of its forms alone. */
  direct: number;
  indirect: number;
}

/** The question's weight a set of its words carries: their idf, summed. */
export function weightOf(concepts: Iterable<Concept>): number {
  let sum = 0;
  for (const c of concepts) sum += c.idf;
  return sum;
}

/** A field's index terms: of its words (to be split into known parts) and of the thesaurus's phrases it writes. */
interface FieldTerms {
  words: string[];
  phrases: string[];
}

export interface QueryAnalysis {
  concepts: Concept[];
  /** Names, codes and numbers in the question that the store has never seen. */
  unseenNames: string[];
  /** The question's words that hold a digit: years, sizes, codes (a term the thesaurus knows, like 'CO2', is a word). */
  numbers: string[];
  /** Of those, what a passage that answers must say: years, codes, numbers naming a thing, not an amount the question mentions. */
  pinned: string[];
  /** The languages whose country the question names ("a Swedish customer"). */
  markets: Lang[];
  /** The idf of a word the store has never seen: the scale the question's weights are measured against. */
  maxIdf: number;
}

export interface SearchHit {
  passage: Passage;
  /** The fused score (reciprocal rank over every ranker). */
  score: number;
  /** Share (0–1) of the question's weight (idf) that this passage or its document title holds. */
  coverage: number;
  /** The same share over the passage's whole document. */
  docCoverage: number;
  /** Character n-gram cosine with the question. */
  ngram: number;
  /** The question's words that this passage and its title lack. */
  missing: string[];
  /** The heaviest idf among the words the passage's document lacks. */
  heaviestMissingIdf: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** The first document of each ranker, to tell whether they agree. */
  firsts: string[];
}

export type Ranking = { id: number; score: number }[];

const RANK_DEPTH = 30;
const RRF_K = 60;
/**
 * A synonym is weaker evidence than the word asked: its terms weigh this much, in a passage in the
 * asker's language. In another language's passage a thesaurus equivalent is most often the word's
 * translation, and weighs as the word.
 */
const EQUIVALENT_WEIGHT = 0.6;
/** How many question words' readings an index keeps (see conceptOf), and the longest word kept. */
const CONCEPT_CACHE_LIMIT = 20_000;
const KEPT_WORD_LENGTH = 64;
/** Among shorter words, most spellings one typo apart are other words (vann, vant; flame, frame). */
const TYPO_MIN_LENGTH = 6;
/** The letter the neighbouring languages write for the same sound: Swedish ä, ö; Danish and Norwegian æ, ø. */
const NEIGHBOUR_LETTER: Record<string, string> = { ä: 'æ', æ: 'ä', ö: 'ø', ø: 'ö' };
/** A word this short, spelled without the Nordic letters or with a typo, is as often another word (vant, vänt). */
const SHORT_WORD_LENGTH = 4;
/** How many passages a step of a stepwise build reads: a few milliseconds' work. */
const PASSAGES_A_STEP = 256;
/** Field weights: a heading that names the question speaks of it more than a sentence that mentions it. */
const FIELD_WEIGHT = { title: 1.5, heading: 2, tags: 1.5, text: 1 } as const;
/** Two passages this close in fused score may be equally good (see `preferAskersLanguage`). */
const NEAR_TIE = 0.9;
/** How many of the best passages a question's numbers may reorder. */
const LEADING = 5;

/** The searchable store: BM25 over stemmed terms and character n-grams, fused by reciprocal rank with coverage of the question. */
export class KnowledgeIndex {
  readonly passages: Passage[];
  // set by `build`, whole before the index answers anything
  private bm25!: Bm25Index;
  /** Each passage's language, as its place in LANGS. */
  private langGroups!: Uint8Array;
  private readonly written: Lang[] = [];
  private ngrams!: NgramIndex;
  private vocabulary!: VocabularyIndex;
  private readonly passageTerms: Set<string>[] = [];
  private readonly docTerms = new Map<string, Set<string>>();
  private readonly titleTerms = new Map<string, Set<string>>();
  private readonly wordLangs = new Map<string, Set<Lang>>();
  private readonly surfaceDf = new Map<string, number>();
  private readonly surfaceOf: Set<string>[] = [];
  /** How the store's languages are spelled, to tell a question's language by. */
  private readonly languageProfile = new LanguageProfile();
  /** Per word, how often the store writes it inside a sentence capitalised, and how often not. */
  private readonly casing = new Map<string, { upper: number; lower: number }>();
  private positions: Map<Passage, number> | undefined;
  private byPath: Map<string, Passage[]> | undefined;
  private versions!: PageVersions;
  /** The store's words in English and in the Nordic languages, for the cognates of a question's word in the other. */
  private cognates!: Cognates;

  /**
   * The index of the documents' passages, built at once; `KnowledgeIndex.create` builds it a step
   * at a time instead, for a store loaded while Kompis answers.
   */
  constructor(
    documents: KnowledgeDocument[],
    private readonly thesaurus: Thesaurus = Thesaurus.empty,
    when: 'now' | 'by create' = 'now',
  ) {
    this.passages = documents.flatMap((d) => d.passages);
    if (when === 'now') drain(this.build());
  }

  /**
   * The index built a few hundred passages at a time, `pause` awaited between the steps: a store
   * loaded again while Kompis answers (a curator's edit) leaves the questions asked meanwhile a turn
   * every few milliseconds, where a whole build of ten thousand passages held them for seconds.
   */
  static async create(documents: KnowledgeDocument[], thesaurus: Thesaurus = Thesaurus.empty, pause?: () => Promise<void>): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex(documents, thesaurus, 'by create');
    await stepwise(index.build(), pause);
    return index;
  }

  private *build(): Generator<void> {
    const fields: { title: FieldTerms; heading: FieldTerms; text: FieldTerms; tags: FieldTerms }[] = [];
    for (const p of this.passages) {
      // each tag is read on its own: a phrase never runs from one tag into the next
      const tags = p.tags.map((t) => this.fieldTerms(t, p.lang));
      fields.push({
        title: this.fieldTerms(p.title, p.lang),
        heading: this.fieldTerms(p.heading, p.lang),
        text: this.fieldTerms(p.text, p.lang),
        tags: { words: tags.flatMap((t) => t.words), phrases: tags.flatMap((t) => t.phrases) },
      });
      if (fields.length % PASSAGES_A_STEP === 0) yield;
    }
    yield;
    const whole = new Set(fields.flatMap((f) => [...f.title.words, ...f.heading.words, ...f.text.words, ...f.tags.words]));
    // a word's terms are the word and the parts of it the store knows; a phrase's term is the phrase.
    // A word's parts are looked for once: a store repeats its words
    const parts = new Map<string, string[]>();
    const partsOf = (t: string) => {
      let found = parts.get(t);
      if (!found) parts.set(t, (found = compoundParts(t, whole)));
      return found;
    };
    const termsOf = (f: FieldTerms) => [...f.words.flatMap((t) => [t, ...partsOf(t)]), ...f.phrases];
    const bags: Map<string, number>[] = [];
    for (const [i, f] of fields.entries()) {
      const p = this.passages[i]!;
      const bag = new Map<string, number>();
      for (const k of ['title', 'heading', 'text', 'tags'] as const) {
        for (const term of termsOf(f[k])) bag.set(term, (bag.get(term) ?? 0) + FIELD_WEIGHT[k]);
      }
      const own = new Set([...termsOf(f.heading), ...termsOf(f.text), ...termsOf(f.tags)]);
      this.passageTerms[i] = own;
      if (!this.titleTerms.has(p.path)) this.titleTerms.set(p.path, new Set(termsOf(f.title)));
      const doc = this.docTerms.get(p.path) ?? new Set<string>();
      for (const t of bag.keys()) doc.add(t);
      this.docTerms.set(p.path, doc);
      bags.push(bag);
      if (bags.length % PASSAGES_A_STEP === 0) yield;
    }
    this.bm25 = new Bm25Index(bags);
    this.langGroups = Uint8Array.from(this.passages, (p) => LANGS.indexOf(p.lang));
    this.written.push(...LANGS.filter((l) => this.passages.some((p) => p.lang === l)));
    this.vocabulary = new VocabularyIndex([...this.bm25.terms()]);
    yield;
    const texts: string[][] = [];
    for (const p of this.passages) {
      const all = `${p.title} ${p.heading} ${p.text} ${p.tags.join(' ')}`;
      const ws = words(all, false);
      // a code written with a hyphen is one word too: "HV-200" is also "hv200"
      const own = new Set(words(all));
      this.surfaceOf.push(own);
      for (const w of own) this.surfaceDf.set(w, (this.surfaceDf.get(w) ?? 0) + 1);
      this.countCasing(p.text);
      for (const w of ws) {
        if (/\p{L}/u.test(w)) this.languageProfile.add(w, p.lang);
        let langs = this.wordLangs.get(w);
        if (!langs) this.wordLangs.set(w, (langs = new Set()));
        langs.add(p.lang);
      }
      texts.push(ws.filter((w) => !isStopWord(w, p.lang)));
      if (texts.length % PASSAGES_A_STEP === 0) yield;
    }
    this.ngrams = yield* NgramIndex.build(texts, PASSAGES_A_STEP);
    this.cognates = new Cognates(this.wordLangs);
    yield;
    // built with the rest, so no question waits for it (a quarter of a second at ten thousand passages)
    this.versions = new PageVersions(new Map([...this.docTerms].map(([path, terms]) => [path, { lang: this.passagesOf(path)[0]!.lang, terms }])), this.thesaurus);
  }

  /**
   * A field's index terms: its words, stemmed, and the thesaurus's phrases it writes in words, each
   * as one term ("palm oil": "palmoil"), so the compound another language writes for it ("palmeolie")
   * finds the passage. A phrase written as one hyphenated word ("e-bike") is that word's joined form already.
   */
  private fieldTerms(text: string, lang: Lang): FieldTerms {
    const { words: ws, joined } = wordsAndJoined(text);
    const phrases = this.thesaurus
      .phrasesIn(ws)
      .filter((p) => !joined.includes(p.joined))
      .map((p) => stem(p.joined, lang));
    return { words: termsOfWords([...ws, ...joined], lang), phrases };
  }

  /** The languages the store's passages are written in. */
  get languages(): readonly Lang[] {
    return this.written;
  }

  /** In which languages the store uses a word: lets the store's own vocabulary vote on a question's language. */
  languagesOf = (word: string): readonly Lang[] => [...(this.wordLangs.get(word) ?? [])];

  /** Whether the store writes this word as a name: capitalised inside a sentence more often than not (Trondheim, Vesterbro). */
  isName = (word: string): boolean => {
    const c = this.casing.get(word.toLowerCase());
    return c !== undefined && c.upper > c.lower;
  };

  private countCasing(text: string): void {
    // a table cell starts as a sentence does, capitalised whatever it holds
    for (const cell of text.split('|')) {
      for (const { word, first } of sentenceWords(cell)) {
        if (first || word.length < 2 || !/\p{L}/u.test(word) || isStopWord(word.toLowerCase())) continue;
        const key = word.toLowerCase();
        let c = this.casing.get(key);
        if (!c) this.casing.set(key, (c = { upper: 0, lower: 0 }));
        if (/^\p{Lu}/u.test(word)) c.upper++;
        else c.lower++;
      }
    }
  }

  /** Of the store's languages, the likelihood that a question's words are written in each (see `LanguageProfile`). */
  spelledIn = (words: readonly string[]): Partial<Record<Lang, number>> => this.languageProfile.posterior(words);

  /**
   * A question read as its asker meant it, word by word: a word the store, the thesaurus and the stop
   * words do not know as typed (nor the store by its stem) is read as the word they know that it
   *  - spells without the Nordic letters ("pa" is "på", "miljomal" "miljømål"; a word of four
   *    letters or fewer only when it is a stop word: "vant" is no "vänt"), or else
   *  - is one typo away from ("leevre" is "levere", "bttet" "byttet"): of the store's words its most
   *    used, then a stop word, then the thesaurus's. A name (capitalised inside its sentence) only
   *    as a name the store writes or the thesaurus knows ("Sveirge" is "Sverige"): a name the store
   *    does not know says something of the question; not a word the thesaurus knows by its stem,
   *    a real word in some form; nor between words of fewer than six letters ("bttet" may be
   *    "byttet", "flame" is not "frame"), among which most spellings one typo apart are other words.
   */
  asMeant(question: string): string {
    const names = new Set(nameLikeWords(question).map((n) => n.toLowerCase()));
    // a compound the store or the thesaurus knows whole is read as typed, its parts too: "trade-in"
    // of a store that writes "tradein" is no "tråde" and an "in"
    return question.replace(/\p{L}+(?:[-‐/]\p{L}+)*/gu, (typed) => {
      const whole = typed.toLowerCase().replace(/[-‐/]/gu, '');
      return whole.length < typed.length && this.knowsAsTyped(whole) ? typed : this.asMeantWords(typed, names);
    });
  }

  private asMeantWords(text: string, names: ReadonlySet<string>): string {
    return text.replace(/\p{L}+/gu, (typed) => {
      const word = typed.toLowerCase();
      if (word.length < 2 || word.length > KEPT_WORD_LENGTH) return typed;
      const asName = names.has(word);
      // questions repeat their words: each is read once, as a name and as a word
      const found = kept(this.meantWords, asName ? `${word}\u0001` : word, CONCEPT_CACHE_LIMIT, () => this.meantWord(word, asName) ?? '');
      if (found === '') return typed;
      return /^\p{Lu}/u.test(typed) ? found.charAt(0).toUpperCase() + found.slice(1) : found;
    });
  }

  private readonly meantWords = new Map<string, string>();

  /** The word a word typed in lower case was meant as (see `asMeant`), or undefined when it is read as typed. */
  private meantWord(word: string, asName: boolean): string | undefined {
    if (this.knowsAsTyped(word)) return undefined;
    const plain = this.nordicSpelling(word);
    if (plain !== undefined) return plain;
    if (word.length <= SHORT_WORD_LENGTH || allStems(word).some((s) => this.thesaurus.knowsStem(s))) return undefined;
    // a name is read as another name only, one the store writes or the thesaurus knows ("Sveirge" is "Sverige")
    return this.oneTypoFrom(word, asName ? (w) => this.isName(w) || this.thesaurus.knowsWord(w) : undefined);
  }

  private knowsAsTyped(word: string): boolean {
    return this.surfaceDf.has(word) || isStopWord(word) || this.thesaurus.knowsWord(word) || allStems(word).some((s) => this.bm25.has(s));
  }

  /**
   * The known word a word unknown as typed spells with the Nordic letters ("pa" is "på"), or with
   * the neighbouring languages' letters for them (Swedish-typed "köleskab" is Danish "køleskab").
   */
  private nordicSpelling(typed: string): string | undefined {
    // Swedish ä, ö and Danish-Norwegian æ, ø are one letter each to a keyboard of the other (å is å to both)
    if (hasNordicLetters(typed)) {
      const other = typed.replace(/[äæöø]/gu, (c) => NEIGHBOUR_LETTER[c]!);
      return other !== typed && this.knowsAsTyped(other) ? other : undefined;
    }
    // a short word spelled plainly is as often a word of its own ("vant" is not "vänt"): only a stop word is read into one ("pa" is "på")
    this.nordicSpellings ??= this.readNordicSpellings();
    const spellings = typed.length <= SHORT_WORD_LENGTH ? this.nordicSpellings.stop : this.nordicSpellings.any;
    return plainSpellingsOf(typed)
      .map((plain) => spellings.get(plain))
      .find((w) => w !== undefined);
  }

  private oneTypoFrom(word: string, only?: (candidate: string) => boolean): string | undefined {
    let best: string | undefined;
    let uses = 0;
    let stop: string | undefined;
    let lexical: string | undefined;
    for (const candidate of oneTypoAway(word)) {
      if (Math.max(word.length, candidate.length) < TYPO_MIN_LENGTH || (only && !only(candidate))) continue;
      const df = this.surfaceDf.get(candidate) ?? 0;
      if (df > uses) [best, uses] = [candidate, df];
      else if (df === 0 && !stop && isStopWord(candidate)) stop = candidate;
      else if (df === 0 && !lexical && this.thesaurus.knowsWord(candidate)) lexical = candidate;
    }
    return best ?? stop ?? lexical;
  }

  private nordicSpellings?: { any: Map<string, string>; stop: Map<string, string> };

  /**
   * The words written with Nordic letters, by their plain spelling: of the store's, its most used
   * ("når" before Swedish "när" in a Norwegian store); then the stop words; then the thesaurus's.
   * And the same of stop words alone.
   */
  private readNordicSpellings(): { any: Map<string, string>; stop: Map<string, string> } {
    const any = new Map<string, string>();
    const stop = new Map<string, string>();
    const byUse = [...this.surfaceDf].filter(([w]) => hasNordicLetters(w)).sort((a, b) => b[1] - a[1]);
    for (const [w] of byUse) {
      const plain = plainSpelling(w);
      if (!any.has(plain)) any.set(plain, w);
      if (!stop.has(plain) && isStopWord(w)) stop.set(plain, w);
    }
    for (const w of STOP_WORDS_WITH_NORDIC_LETTERS) {
      const plain = plainSpelling(w);
      if (!any.has(plain)) any.set(plain, w);
      if (!stop.has(plain)) stop.set(plain, w);
    }
    for (const w of this.thesaurus.words()) if (hasNordicLetters(w) && !any.has(plainSpelling(w))) any.set(plainSpelling(w), w);
    return { any, stop };
  }

  /** Whether the store uses this word anywhere, as written. */
  usesWord = (word: string): boolean => this.surfaceDf.has(word.toLowerCase());

  /** Whether a passage (its title, heading, text or tags) uses this word as written. */
  passageUses(passage: Passage, word: string): boolean {
    const i = this.positionOf(passage);
    return i >= 0 && this.surfaceOf[i]!.has(word.toLowerCase());
  }

  /** A passage's place in `passages`, the id every ranker speaks of. */
  positionOf(passage: Passage): number {
    this.positions ??= new Map(this.passages.map((p, i) => [p, i]));
    return this.positions.get(passage) ?? -1;
  }

  /** A document's passages, in order. */
  passagesOf(path: string): Passage[] {
    if (!this.byPath) {
      this.byPath = new Map();
      for (const p of this.passages) {
        const list = this.byPath.get(p.path);
        if (list) list.push(p);
        else this.byPath.set(p.path, [p]);
      }
    }
    return this.byPath.get(path) ?? [];
  }

  /** Whether two documents in different languages are versions of one page (see `PageVersions`). */
  areVersions(a: string, b: string): boolean {
    return this.versions.areVersions(a, b);
  }

  /** Whether the store's documents in this language are written for one country (not for all). */
  isMarketLanguage = (lang: Lang): boolean => this.thesaurus.markets[lang] !== undefined;


  /** Whether a word names a country the store writes for ("Sverige", "danske"), as its lexicon says. */
  namesMarket = (word: string): boolean => this.thesaurus.marketsNamed([word.toLowerCase()]).length > 0;

  /** The share of passages that use this word as written. */
  shareOfPassagesWith(word: string): number {
    return (this.surfaceDf.get(word.toLowerCase()) ?? 0) / Math.max(this.passages.length, 1);
  }

  analyse(question: string, lang: Lang): QueryAnalysis {
    const maxIdf = this.bm25.idf(0);
    const content = contentWords(question);
    // two neighbouring words may be one phrase of the thesaurus: "solar panels" is "solpaneler"; as a
    // passage's phrases are read, a word's neighbours are those written beside it, a stop word too
    // ("netto noll", "log in"), and those beside it once stop words are left out
    const written = words(question, false);
    const phrases = content.map((w, i) => {
      const at = written.indexOf(w);
      const beside = [written[at - 1], content[i - 1]].map((before) => (before ? before + w : ''));
      const after = [written[at + 1], content[i + 1]].map((next) => (next ? w + next : ''));
      return [...new Set([...beside, ...after].filter(Boolean))];
    });
    const all = content.map((word, i): Concept => this.conceptOf(word, phrases[i]!, lang));
    // a word asking for a quantity ("hur lång tid") or a form of a stop word ("gælde") that the store
    // never uses is no subject it lacks; one the lexicon writes as a word of its own is (Swedish
    // "villa" is a house, not a form of "vill")
    const asking = quantityAskingWords(question);
    const topicless = (c: Concept) => asking.has(c.word) || (isStopWordForm(c.word, lang) && !this.thesaurus.knowsWord(c.word));
    const concepts = all.filter((c) => c.known || !topicless(c));
    const unseenNames = nameLikeWords(question).filter((name) => !this.usesWord(name) && !concepts.some((c) => c.known && c.word === name.toLowerCase()));
    const markets = new Set([...this.thesaurus.marketsNamed(words(question, false)), ...this.marketsOfNames(question)]);
    return { concepts, unseenNames, maxIdf, numbers: content.filter((w) => /\p{N}/u.test(w) && !this.isTerm(w, lang)), pinned: this.pinnedNumbers(question, lang), markets: [...markets] };
  }

  /**
   * What a question word stands for in the store: its forms, its thesaurus equivalents, its weight.
   * Read once a word, and once a phrase it makes with its neighbours, and kept, as questions repeat
   * words in new company: the store does not change under an index. Each question gets its own copy.
   */
  private conceptOf(word: string, phrases: string[], lang: Lang): Concept {
    // a word longer than any a language writes is read each time, not kept
    if (word.length > KEPT_WORD_LENGTH) return this.readConcept(word, phrases, lang);
    return { ...kept(this.conceptCache, `${lang}\u0001${word}\u0001${phrases.join('\u0002')}`, CONCEPT_CACHE_LIMIT, () => this.readConcept(word, phrases, lang)) };
  }

  private readConcept(word: string, phrases: string[], lang: Lang): Concept {
    const long = word.length > KEPT_WORD_LENGTH;
    const own = long ? this.readWord(word, lang) : kept(this.wordCache, `${lang}\u0001${word}`, CONCEPT_CACHE_LIMIT, () => this.readWord(word, lang));
    const around = phrases.map((p) => (long ? this.readExpansion(this.thesaurus.expand(p, lang)) : kept(this.phraseCache, `${lang}\u0001${p}`, CONCEPT_CACHE_LIMIT, () => this.readExpansion(this.thesaurus.expand(p, lang)))));
    if (around.length === 0) return own.concept;
    // what the phrases add: their equivalents (in order after the word's own, before its parts' and cognates'), the phrases they hold
    const forms = new Set(own.concept.forms);
    const equivalents = new Set([...own.ownTerms, ...around.flatMap((a) => a.terms), ...own.laterTerms].filter((t) => !forms.has(t)));
    const held = new Set([...own.ownPhrases, ...around.flatMap((a) => a.phrases), ...own.laterPhrases]);
    const added = around.flatMap((a) => a.terms).filter((t) => !forms.has(t)).map((t) => this.bm25.df(t));
    const df = own.direct > 0 || added.some((n) => n > 0) ? Math.max(own.direct, ...added) : own.indirect;
    return { ...own.concept, equivalents: [...equivalents], phrases: [...held], idf: this.bm25.idf(df), known: df > 0 };
  }

  private readonly conceptCache = new Map<string, Concept>();
  private readonly wordCache = new Map<string, WordReading>();
  private readonly phraseCache = new Map<string, { terms: string[]; phrases: Phrase[] }>();

  /** A word's reading alone (see `conceptOf`), with what its phrases need to be added in their place. */
  private readWord(word: string, lang: Lang): WordReading {
    // a stemmer is not idempotent: the Nordic ones take the final s off a bare word ("pantesats" →
    // "pantesat") but not off the stem of its definite form ("pantesatsen" → "pantesats"), so the
    // stem's own stem is one of the word's forms too, where the store holds it
    const once = allStems(word, lang);
    const again = stem(once[0]!, lang);
    const stems = again !== once[0] && this.bm25.has(again) ? [...once, again] : once;
    const exact = stems.filter((s) => this.bm25.has(s));
    const forms = new Set(exact);
    const whole = Math.max(0, ...exact.map((s) => s.length));
    const partOf = new Map<string, number>();
    for (const part of [...stems.flatMap((s) => compoundParts(s, this.bm25)), ...compoundParts(word, this.bm25, true, (p) => stem(p, lang))]) {
      forms.add(part);
      // a part of another spelling's stem may be longer than this one's: a part is at most the word
      if (!exact.includes(part) && whole > 0) partOf.set(part, Math.max(partOf.get(part) ?? 0, Math.min(1, part.length / whole)));
    }
    // a word the store does not hold as written may be a typo, a cognate or a compound's last part;
    // a word the thesaurus knows is a word of its own, read through its equivalents ("æbleskiver" are no "skiver")
    if (exact.length === 0 && !this.thesaurus.knowsWord(word)) for (const s of stems) for (const near of nearTerms(s, this.vocabulary)) forms.add(near);
    // a compound the store does not use may still be made of words the thesaurus knows in other
    // languages: "totalutslippene" is total + emissions
    const lexical = { has: (t: string) => this.bm25.has(t) || this.thesaurus.knowsStem(t) };
    const parts = exact.length === 0 ? stems.flatMap((s) => compoundParts(s, lexical, true)).filter((p) => !this.bm25.has(p)) : [];
    const own = this.readExpansion(this.thesaurus.expand(word, lang));
    const ofParts = this.readExpansion(parts.flatMap((p) => this.thesaurus.expandStem(p)));
    // a word the thesaurus does not know may still be written alike in the other family of languages:
    // "finansierte" and "financed", "kommersiella" and "commercial" (a word it knows is read through it,
    // which tells false friends apart: "koncern" is no "concern")
    const cognates = this.thesaurus.knowsWord(word) ? [] : this.readExpansion(this.cognates.of(word, lang)).terms;
    const laterTerms = [...ofParts.terms, ...cognates];
    const equivalents = new Set([...own.terms, ...laterTerms].filter((t) => !forms.has(t)));
    const phrases = [...new Set([...own.phrases, ...ofParts.phrases])];
    // how rare the word is: the store's frequency of the word itself when it holds it, else of what stands for it
    const dfs = (terms: Iterable<string>) => [...terms].map((t) => this.bm25.df(t)).filter((n) => n > 0);
    const direct = dfs([...exact, ...equivalents]);
    const indirect = dfs(forms);
    const [most, mostIndirect] = [direct.length > 0 ? Math.max(...direct) : 0, indirect.length > 0 ? Math.max(...indirect) : 0];
    const df = most > 0 ? most : mostIndirect;
    return {
      concept: { word, forms: [...forms], equivalents: [...equivalents], phrases, parts: partOf, idf: this.bm25.idf(df), known: df > 0 },
      ownTerms: own.terms,
      ownPhrases: own.phrases,
      laterTerms,
      laterPhrases: ofParts.phrases,
      direct: most,
      indirect: mostIndirect,
    };
  }

  /** Of a thesaurus expansion, the index terms the store holds and the phrases it writes in words, each once, in order. */
  private readExpansion(expanded: readonly string[]): { terms: string[]; phrases: Phrase[] } {
    const unique = [...new Set(expanded)];
    const terms = [...new Set(unique.flatMap((w) => this.thesaurus.termsOf(w)))].filter((t) => this.bm25.has(t));
    const phrases = unique.map((w) => this.thesaurus.phraseOf(w)).filter((p): p is Phrase => p !== undefined && this.thesaurus.termsOf(p.joined).some((t) => this.bm25.has(t)));
    return { terms, phrases };
  }

  /**
   * The numbers and codes a question is pinned to, which a passage that answers it must say: a year
   * ("in 2023"), a code ("FSB-IX2"), a number naming the word before it ("scope 3", "phase 2"). An
   * amount (a number after a function word or opening the question: "a 1.5 litre bottle", "with 200
   * bottles", "after 14 months") is the customer's circumstance: the store often states the rule it
   * falls under ("over 0.5 litres"), not the amount.
   */
  private pinnedNumbers(question: string, lang: Lang): string[] {
    const tokens = words(question, false);
    const pinned = new Set<string>();
    // a code written with a hyphen is a code, whatever comes before it: NO-400, KL-220
    const inCode = new Set((question.match(/[\p{L}\p{N}]+(?:[-‐][\p{L}\p{N}]+)+/gu) ?? []).filter((c) => /\p{L}/u.test(c)).flatMap((c) => words(c, false)));
    const isNumber = (w: string | undefined) => w !== undefined && /^\p{N}+$/u.test(w);
    let amount = false;
    tokens.forEach((w, i) => {
      if (!/\p{N}/u.test(w) || this.isTerm(w, lang)) return;
      const before = tokens[i - 1];
      // a number's later parts are what its first part is: "version 2.0" names, "a 1.5 litre" and "2-3 days" count
      if (!isNumber(before)) amount = isNumber(w) && !isYear(w) && !inCode.has(w) && (before === undefined || isStopWord(before));
      if (!amount) pinned.add(w);
    });
    return [...pinned];
  }

  /** A word with a digit that the thesaurus knows is a term, however it is spelled: "CO2" is also "CO2e" and "karbondioksid". */
  private isTerm(word: string, lang: Lang): boolean {
    return !/^\p{N}+$/u.test(word) && allStems(word, lang).some((s) => this.thesaurus.knowsStem(s));
  }

  /**
   * A name the store writes only in one country's documents (a town, a store, a local partner) places
   * the question in that country, as naming the country would; documents written for no country (in
   * English) may name it too. A question word is a name when the question capitalises it, or when the
   * store writes it capitalised and the general lexicon does not know it as a word: agents type
   * "trondheim". A word of two letters, in lower case, is as often a word or an abbreviation.
   */
  private marketsOfNames(question: string): Lang[] {
    const names = new Set(nameLikeWords(question).map((n) => n.toLowerCase()));
    for (const w of contentWords(question)) if (w.length > 2 && this.isName(w) && !this.thesaurus.knowsWord(w)) names.add(w);
    return [...names].flatMap((name) => {
      if (!/\p{L}/u.test(name)) return [];
      const markets = this.languagesOf(name).filter((l) => this.isMarketLanguage(l));
      return markets.length === 1 ? [markets[0]!] : [];
    });
  }

  /** Passages ranked by every ranker (and any extra ranking, such as embeddings), fused by reciprocal rank. */
  search(analysis: QueryAnalysis, lang: Lang, limit = 8, extra: Ranking[] = []): SearchResult {
    const query = new Map<string, number>();
    for (const c of analysis.concepts) {
      for (const t of c.equivalents) query.set(t, Math.max(query.get(t) ?? 0, EQUIVALENT_WEIGHT));
      for (const t of c.forms) query.set(t, 1);
    }
    if (analysis.concepts.length === 0) return { hits: [], firsts: [] };
    // a passage in another language seldom holds the question's word as written, but its translation:
    // there a thesaurus equivalent (of the word's own forms, none) weighs as the word
    const asWritten = new Set(analysis.concepts.flatMap((c) => c.forms));
    const translated = new Map<string, number>();
    for (const c of analysis.concepts) for (const t of c.equivalents) if (!asWritten.has(t)) translated.set(t, 1);
    const lexical = this.bm25.search(query, RANK_DEPTH, { groups: this.langGroups, own: LANGS.indexOf(lang), weights: translated });
    const ngramQuery = this.ngramQueryOf(analysis);
    const grams = this.ngrams.search(ngramQuery, RANK_DEPTH);
    const candidates = new Set([...lexical, ...grams, ...extra.flatMap((r) => r.slice(0, RANK_DEPTH))].map((h) => h.id));
    const ngramScore = new Map(grams.map((g) => [g.id, g.score]));
    const lexicalScore = new Map(lexical.map((g) => [g.id, g.score]));
    const measured = [...candidates].map((id) => ({ id, hit: this.measure(id, analysis, ngramScore.get(id) ?? NaN) }));
    // coverage is a ranker of its own: the passage that holds all of the question beats one that repeats part of it
    const byCoverage = [...measured].sort((a, b) => b.hit.coverage - a.hit.coverage || (lexicalScore.get(b.id) ?? 0) - (lexicalScore.get(a.id) ?? 0));
    const rankings: Ranking[] = [lexical, grams, ...extra, byCoverage.map((m) => ({ id: m.id, score: m.hit.coverage }))];
    const fused = new Map<number, number>();
    for (const ranking of rankings) ranking.forEach((h, rank) => fused.set(h.id, (fused.get(h.id) ?? 0) + 1 / (RRF_K + rank + 1)));
    const hits = measured.map((m) => ({ ...m.hit, score: fused.get(m.id) ?? 0 })).sort((a, b) => b.score - a.score);
    // the n-gram cosine of a passage the n-gram ranker did not return, worked out once, when asked
    const cosines = new Map<Passage, number>();
    const closeness = (h: SearchHit) => {
      if (!Number.isNaN(h.ngram)) return h.ngram;
      let cosine = cosines.get(h.passage);
      if (cosine === undefined) cosines.set(h.passage, (cosine = this.ngrams.similarity(ngramQuery, this.positionOf(h.passage))));
      return cosine;
    };
    preferAskersLanguage(hits, lang, (a, b) => this.areVersions(a, b), closeness);
    this.preferNumbersNamed(hits, analysis);
    this.preferMarketsNamed(hits, analysis);
    const firsts = [lexical, grams, ...extra].flatMap((r) => (r[0] ? [this.passages[r[0].id]!.path] : []));
    // the n-gram cosine of a passage the n-gram ranker did not return is worked out only for those shown
    const shown = hits.slice(0, limit).map((h) => (Number.isNaN(h.ngram) ? { ...h, ngram: closeness(h) } : h));
    return { hits: shown, firsts };
  }

  /** How much of the question a passage and its document hold, before any ranking (score 0). */
  private measure(id: number, analysis: QueryAnalysis, ngram: number): SearchHit {
    const passage = this.passages[id]!;
    const own = this.cover(analysis.concepts, this.passageTerms[id]!, this.titleTerms.get(passage.path)!);
    const doc = this.cover(analysis.concepts, this.docTerms.get(passage.path)!);
    return { passage, score: 0, coverage: own.coverage, docCoverage: doc.coverage, ngram, missing: own.missing, heaviestMissingIdf: doc.heaviestMissing };
  }

  /** The question's n-gram vector, worked out once a question (its concepts) for search and for a version's section. */
  private ngramQueryOf(analysis: QueryAnalysis): NgramQuery {
    let query = this.ngramQueries.get(analysis.concepts);
    if (!query) this.ngramQueries.set(analysis.concepts, (query = this.readNgramQuery(analysis)));
    return query;
  }

  private readonly ngramQueries = new WeakMap<Concept[], NgramQuery>();

  private readNgramQuery(analysis: QueryAnalysis): NgramQuery {
    const queryWords: { word: string; weight: number }[] = [];
    for (const c of analysis.concepts) {
      queryWords.push({ word: c.word, weight: 1 });
      for (const t of c.equivalents) queryWords.push({ word: t, weight: EQUIVALENT_WEIGHT / Math.sqrt(c.equivalents.length) });
    }
    return this.ngrams.query(queryWords);
  }

  /**
   * Of the store's versions of a passage's document in one language (its translation, its variant
   * for another country), the section that says what the passage says, measured against the
   * question as a search measures its hits.
   */
  versionHit(of: Passage, lang: Lang, analysis: QueryAnalysis): SearchHit | undefined {
    const version = this.versions.versionIn(of.path, lang);
    if (version === undefined) return undefined;
    // the section that says what this one says: closest to it in character n-grams, which read across the Nordic languages
    const like = this.ngrams.query(words(`${of.heading} ${of.text}`).map((word) => ({ word, weight: 1 })));
    let best = -1;
    let likeness = -Infinity;
    for (const p of this.passagesOf(version)) {
      const id = this.positionOf(p);
      const l = this.ngrams.similarity(like, id);
      if (l > likeness) [best, likeness] = [id, l];
    }
    return this.measure(best, analysis, this.ngrams.similarity(this.ngramQueryOf(analysis), best));
  }

  /**
   * A question naming a number (a year, a size, a code) is about the passages that hold it: of the
   * leading few, one that holds every number it names and lacks no other word the first lacks goes
   * first ("emissions in 2024" is answered from the 2024 report, not the 2023 one that ranks a
   * little higher; the opening hours that say "24" do not answer "the City 24").
   */
  private preferNumbersNamed(hits: SearchHit[], analysis: QueryAnalysis): void {
    const { numbers } = analysis;
    const top = hits[0];
    if (numbers.length === 0 || !top) return;
    const holds = (h: SearchHit) => numbers.every((n) => this.passageUses(h.passage, n));
    if (holds(top)) return;
    const lacking = new Set(top.missing.filter((w) => !numbers.includes(w)));
    const i = hits.slice(1, LEADING).findIndex((h) => holds(h) && h.missing.every((w) => numbers.includes(w) || lacking.has(w)));
    if (i >= 0) hits.unshift(...hits.splice(i + 1, 1));
  }

  /**
   * A question naming a country is answered from the documents written for it, or for all (in a
   * language no country is named for), or that name the country themselves, before any other.
   */
  private preferMarketsNamed(hits: SearchHit[], analysis: QueryAnalysis): void {
    if (analysis.markets.length === 0) return;
    const named = new Set(analysis.markets);
    const countryWords = analysis.markets.flatMap((l) => this.thesaurus.markets[l] ?? []);
    const fits = (h: SearchHit) =>
      named.has(h.passage.lang) || !this.isMarketLanguage(h.passage.lang) || countryWords.some((w) => this.passageUses(h.passage, w));
    const sorted = [...hits.filter(fits), ...hits.filter((h) => !fits(h))];
    hits.splice(0, hits.length, ...sorted);
  }

  private cover(concepts: Concept[], terms: Set<string>, also?: Set<string>): { coverage: number; missing: string[]; heaviestMissing: number } {
    let total = 0;
    let found = 0;
    let heaviestMissing = 0;
    const missing: string[] = [];
    for (const c of concepts) {
      total += c.idf;
      if (holds(c, terms) || (also !== undefined && holds(c, also))) found += c.idf;
      else {
        missing.push(c.word);
        heaviestMissing = Math.max(heaviestMissing, c.idf);
      }
    }
    return { coverage: total === 0 ? 0 : found / total, missing, heaviestMissing };
  }

  get size(): { documents: number; passages: number; terms: number } {
    return { documents: new Set(this.passages.map((p) => p.path)).size, passages: this.passages.length, terms: this.vocabulary.size };
  }
}

function holds(c: Concept, terms: Set<string>): boolean {
  // read for every concept of every candidate passage and its document: plain loops, no closures
  for (const t of c.forms) if (terms.has(t)) return true;
  for (const t of c.equivalents) if (terms.has(t)) return true;
  return false;
}

/**
 * Of equally good passages, the one in the asker's language first. Equally good: as much of the
 * question and nearly the same fused score, and either a version of the same page (a translation,
 * a country's variant) or at least as close to the question's wording in character n-grams. A page
 * on another topic that only shares the question's words does not displace the one page that
 * answers it in another language.
 */
export function preferAskersLanguage(hits: SearchHit[], lang: Lang, areVersions: (a: string, b: string) => boolean, closeness: (h: SearchHit) => number): void {
  const top = hits[0];
  if (!top || top.passage.lang === lang) return;
  const i = hits.findIndex(
    (h) => h.passage.lang === lang && h.coverage >= top.coverage && h.score >= top.score * NEAR_TIE && (closeness(h) >= closeness(top) || areVersions(h.passage.path, top.passage.path)),
  );
  if (i > 0) hits.unshift(...hits.splice(i, 1));
}

/**
 * Words that name something specific: capitalised inside a sentence (Samsung, CEO), mixed case
 * (iPhone) or carrying a number of two digits or more (2019, S24).
 */
export function nameLikeWords(text: string): readonly string[] {
  return kept(namesCache, text, NAMES_CACHE_LIMIT, () => readNames(text));
}

/** The names of the texts read most (the question, the sentences of the passages it ranks), kept: read them, do not change them. */
const namesCache = new Map<string, readonly string[]>();
const NAMES_CACHE_LIMIT = 20_000;

function readNames(text: string): string[] {
  const out: string[] = [];
  for (const { word, first } of sentenceWords(text, true)) {
    // in a compound only the part that is a name is one: "ESRS-temaer" names ESRS, not "temaer"
    for (const part of word.split(/[-‐/]/)) {
      const capitalised = !first && /\p{Lu}/u.test(part);
      const mixed = /\p{Ll}\p{Lu}/u.test(part);
      const numbered = /\p{N}{2,}/u.test(part);
      if ((capitalised || mixed || numbered) && part.length > 1 && !isStopWord(part.toLowerCase())) out.push(part);
    }
  }
  return [...new Set(out)];
}

/**
 * A text's words as written, each with whether it opens its sentence (where any word is capitalised).
 * A sentence ends at . ! ? or : before a space, markup after the mark allowed (`**Why?** Because`),
 * and at a line break. With `compounds`, a hyphenated or slashed compound is one word.
 */
function* sentenceWords(text: string, compounds = false): Generator<{ word: string; first: boolean }> {
  const word = compounds ? /[\p{L}\p{N}]+(?:[-‐/][\p{L}\p{N}]+)*/gu : /[\p{L}\p{N}]+/gu;
  for (const sentence of text.split(/(?<=[.!?:][*_"”»)\]]*)\s+|\n+/)) {
    let first = true;
    for (const m of sentence.matchAll(word)) {
      yield { word: m[0], first };
      first = false;
    }
  }
}

/**
 * Parts of a Nordic compound that the store knows on their own: elsykkelbatteri → elsykkel, batteri.
 * Only splits where the tail is a known word of four letters or more, so short noise is not indexed.
 * With `whole`, only a split where the head is a known word too: a name is no compound of a word
 * that happens to end it ("Copenhagen" is not "hagen"). With `term`, each part is read as that
 * term first: a compound as written, each part stemmed, is "papirpose" as papir + pose, whose stem
 * "pos" is too short to be looked for inside the compound's stem.
 */
export function compoundParts(word: string, vocabulary: { has(t: string): boolean }, whole = false, term: (part: string) => string = (part) => part): string[] {
  if (word.length < 8) return [];
  for (let i = 3; i <= word.length - 4; i++) {
    const head = word.slice(0, i);
    const tail = term(word.slice(i));
    if (!vocabulary.has(tail)) continue;
    // a compound's linking letter: "hållbarhetsrapport" is hållbarhet + rapport
    const heads = [head, head.replace(/[se]$/, '')].filter((h) => h.length >= 3).map(term).filter((h) => vocabulary.has(h));
    if (heads.length > 0) return [heads[0]!, tail];
    if (!whole) return [tail];
  }
  return [];
}
