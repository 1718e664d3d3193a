import { detectAll } from 'tinyld';
import type { Lang } from '../lang';
import { words } from './text';

/**
 * Function words that, in a short question, point to some of the four languages: a word listed for
 * two languages votes for both, which still tells them from the other two. Among them the function
 * words each language spells its own way (much: mye, meget, mycket; without: uten, uden, utan).
 * Grammar only: the words a store uses vote through its own vocabulary.
 */
const MARKERS: Record<Lang, string[]> = {
  nb: ['hva', 'hvem', 'av', 'meg', 'deg', 'noen', 'gjøre', 'gjør', 'nå', 'ikkje', 'eg', 'hvilke', 'inn', 'bli', 'blir', 'ble', 'etter', 'også', 'bare', 'vi', 'hvorfor', 'hvis', 'sånn', 'slik', 'ut', 'fra', 'om', 'må', 'ikke', 'jeg', 'og', 'er', 'hvordan', 'hvor', 'til', 'det', 'en', 'med', 'dere', 'deres', 'hos', 'mye', 'noe', 'seg', 'henne', 'opp', 'mellom', 'uten', 'tilbake', 'gjennom', 'alltid', 'aldri', 'vår', 'våre', 'vårt'],
  da: ['hvad', 'hvem', 'hvornår', 'af', 'mig', 'dig', 'nogen', 'nogle', 'gøre', 'gør', 'nu', 'hvilke', 'blive', 'bliver', 'blev', 'efter', 'også', 'bare', 'vi', 'hvorfor', 'hvis', 'sådan', 'ud', 'fra', 'om', 'må', 'ikke', 'jeg', 'og', 'er', 'hvordan', 'hvor', 'til', 'det', 'en', 'med', 'jer', 'jeres', 'hos', 'meget', 'noget', 'sig', 'hende', 'op', 'mellem', 'uden', 'tilbage', 'gennem', 'igennem', 'altid', 'aldrig', 'vores'],
  sv: ['vad', 'vem', 'hur', 'av', 'ut', 'vilka', 'vilken', 'inte', 'jag', 'mig', 'dig', 'någon', 'några', 'göra', 'gör', 'nu', 'bli', 'blir', 'blev', 'efter', 'också', 'bara', 'vi', 'varför', 'om', 'från', 'måste', 'och', 'är', 'för', 'med', 'det', 'en', 'ett', 'hos', 'mycket', 'något', 'sig', 'henne', 'upp', 'mellan', 'utan', 'tillbaka', 'genom', 'alltid', 'aldrig', 'vår', 'vårt', 'våra'],
  en: ['what', 'how', 'which', 'not', 'the', 'of', 'is', 'are', 'do', 'does', 'can', 'i', 'you', 'we', 'they', 'our', 'why', 'if', 'from', 'about', 'with', 'and', 'to', 'where', 'when', 'have', 'has'],
};
/** What each function word, or each ending only one language has, adds to its languages. */
const MARKER_VOTE = 0.08;
const MARKER_SETS = Object.fromEntries(Object.entries(MARKERS).map(([l, ws]) => [l, new Set(ws)])) as Record<Lang, Set<string>>;

/** Definite plural endings only one of the languages has: Danish -erne, Swedish -arna/-orna/-erna. */
const ENDINGS: [Lang, string][] = [
  ['da', 'erne'],
  ['sv', 'arna'],
  ['sv', 'orna'],
  ['sv', 'erna'],
];

const TINYLD: Record<string, Lang> = { no: 'nb', nb: 'nb', nn: 'nb', sv: 'sv', da: 'da', en: 'en' };

/**
 * How much the general detector's most confident reading counts at most: a vote, not a verdict. On a short
 * question it is as sure of a wrong answer as of a right one (it reads "hva er timelønna til en
 * resepsjonist i bergen" as Danish, at 1.00), so the question's own function words and the store's
 * spelling and vocabulary must be able to outweigh it.
 */
const GENERAL_DETECTOR_MAX = 0.125;
/** What each word the store uses in only some of its languages adds to each of them. */
const VOCABULARY_VOTE = 0.06;
/** How much the store's spelling model counts, against the other votes. */
const SPELLING_WEIGHT = 0.5;
/**
 * What the asker's chat client says of them (its locale) counts half as much as one function word of
 * the question: it decides where the question's words cannot (Norwegian and Danish share most of
 * theirs, and the general detector is unsure between them on a short question), never against them.
 */
const LOCALE_VOTE = MARKER_VOTE / 2;
/** The deployment's default language only breaks a tie. */
const DEFAULT_VOTE = 0.02;

export interface DetectOptions {
  /** What the asker's chat client says (its locale): see LOCALE_VOTE. */
  hint?: Lang;
  /** The deployment's default language: breaks ties, and is the answer when nothing tells. */
  fallback?: Lang;
  /** Per word, in which languages the knowledge store uses it: the store's own vocabulary votes too. */
  vocabulary?: (word: string) => readonly Lang[];
  /** The languages the store is written in: a word all of them use says nothing of the question's. */
  storeLanguages?: readonly Lang[];
  /** Whether the store writes a word as a name: a name says nothing of the language around it. */
  isName?: (word: string) => boolean;
  /** Of the store's languages, how likely the question's words are spelled in each (see `LanguageProfile`). */
  spelledIn?: (words: readonly string[]) => Partial<Record<Lang, number>>;
}

/** The language of a question, among nb, sv, da and en. Never fails: falls back to the hint, the default, then nb. */
export function detectLanguage(text: string, opts: DetectOptions = {}): Lang {
  const score: Record<Lang, number> = { nb: 0, sv: 0, da: 0, en: 0 };
  // letters of names (Malmö, Ørsted) say nothing about the language the sentence is written in
  // and a name's words ("Norda Book", "Galaxy Buds") neither
  // and a word the store writes as a name, however the question writes it ("trondheim", "vesterbro")
  const unnamed = text
    .split(/\s+/)
    .filter((w, i) => (i === 0 || !/^\p{Lu}/u.test(w)) && !opts.isName?.(w.replace(/[^\p{L}\p{N}]/gu, '')))
    .join(' ');
  const lower = unnamed.toLowerCase();
  if (/[äö]/.test(lower)) score.sv += 0.6;
  if (/[æø]/.test(lower)) {
    score.nb += 0.3;
    score.da += 0.3;
    score.sv -= 0.6;
  }
  if (/[åæøäö]/.test(lower)) score.en -= 1;
  const ws = words(unnamed);
  for (const w of ws) {
    for (const l of ['nb', 'sv', 'da', 'en'] as const) {
      if (MARKER_SETS[l].has(w)) score[l] += MARKER_VOTE;
    }
    for (const [l, ending] of ENDINGS) if (w.length > ending.length + 2 && w.endsWith(ending)) score[l] += MARKER_VOTE;
  }
  // the store's vocabulary votes for the languages that use a word; a word every one of the store's
  // languages uses tells none of them apart, and would only count against those the store lacks (in a
  // store written in Swedish alone, every word it shares with a Norwegian question)
  if (opts.vocabulary) {
    const all = opts.storeLanguages?.length ?? Infinity;
    const langsOf = ws.map(opts.vocabulary);
    for (const langs of langsOf) if (langs.length < all) for (const l of langs) score[l] += VOCABULARY_VOTE;
    // a question written wholly in words the store uses in one of its languages can be read as that
    // language: every word votes for it (a number says nothing of a language). Only a word the store
    // does not use in it (a function word, a spelling of its own) tells the question is in another,
    // as in a store written in one language alone
    const lettered = langsOf.filter((_, i) => /\p{L}/u.test(ws[i]!));
    if (lettered.length > 0) {
      for (const l of opts.storeLanguages ?? []) if (lettered.every((langs) => langs.includes(l))) score[l] += VOCABULARY_VOTE * lettered.length;
    }
  }
  // the store's own text tells its languages from one another, and says nothing of the others: it
  // votes only where the question already reads as one of them
  const spelled = opts.spelledIn?.(words(lower, false).filter((w) => /\p{L}/u.test(w))) ?? {};
  const known = Object.keys(spelled).length;
  const decide = (votes: Record<Lang, number>): [Lang, number][] => {
    const leader = (Object.entries(votes) as [Lang, number][]).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const total = { ...votes };
    if (spelled[leader] !== undefined) for (const [l, p] of Object.entries(spelled) as [Lang, number][]) total[l] += SPELLING_WEIGHT * (p - 1 / known);
    // the default stands in for a client that says nothing
    if (opts.hint) total[opts.hint] += LOCALE_VOTE;
    else if (opts.fallback) total[opts.fallback] += DEFAULT_VOTE;
    return (Object.entries(total) as [Lang, number][]).sort((a, b) => b[1] - a[1]);
  };
  // the general detector adds at most GENERAL_DETECTOR_MAX to any language: where the other votes
  // lead by more than that, before the store's spelling and after, it cannot change the answer and
  // is not asked (it is a question's costliest part of telling its language)
  const leads = (ranked: [Lang, number][]) => ranked[0]![1] - ranked[1]![1] > GENERAL_DETECTOR_MAX;
  const before = (Object.entries(score) as [Lang, number][]).sort((a, b) => b[1] - a[1]);
  let ranked = decide(score);
  if (!(leads(before) && leads(ranked) && ranked[0]![1] > DEFAULT_VOTE)) {
    const general = detectAll(unnamed, { only: ['no', 'sv', 'da', 'en'] });
    // scaled down as a whole, so that its order among the languages still counts
    const scale = Math.min(1, GENERAL_DETECTOR_MAX / Math.max(...general.map((g) => g.accuracy), GENERAL_DETECTOR_MAX));
    for (const { lang, accuracy } of general) {
      const l = TINYLD[lang];
      if (l) score[l] += accuracy * scale;
    }
    ranked = decide(score);
  }
  const [best] = ranked;
  if (!best || best[1] <= DEFAULT_VOTE) return opts.hint ?? opts.fallback ?? 'nb';
  return best[0];
}
