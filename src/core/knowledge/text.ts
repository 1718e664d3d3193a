import { stem as english } from 'porter2';
import * as stopword from 'stopword';
import { LANGS, type Lang } from '../lang';
import { kept, lastOf } from './kept';

/**
 * Orama's Snowball stemmer for a language. The package ships CommonJS builds beside its ES modules,
 * but types for the ES modules alone, which a CommonJS program cannot import by name.
 */
function orama(language: 'danish' | 'norwegian' | 'swedish'): (word: string) => string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`@orama/stemmers/${language}`) as { stemmer: (word: string) => string }).stemmer;
}

/** The Snowball stemmers of the four languages (English is Snowball's Porter2), for lower-case words. */
const stemmers: Record<Lang, (word: string) => string> = { nb: orama('norwegian'), sv: orama('swedish'), da: orama('danish'), en: english };

const STOP_LISTS: Record<Lang, readonly string[]> = {
  nb: stopword.nob,
  sv: stopword.swe,
  da: stopword.dan,
  en: stopword.eng,
};

/**
 * Words that carry no topic in a question to a help desk, added to each language's stop words:
 * asking and wanting, "customer", "please", "roughly", pronouns, chat spellings ("whats", "pls"),
 * and forms the stop lists lack.
 */
const QUESTION_WORDS: Record<Lang, string[]> = {
  nb: ['hva', 'hvordan', 'hvorfor', 'hvilke', 'hvilken', 'hvilket', 'når', 'kan', 'kunne', 'skal', 'må', 'få', 'får', 'gi', 'si', 'sier', 'fortelle', 'vite', 'lurer', 'spør', 'spørsmål', 'kunde', 'kunden', 'kunder', 'kundene', 'kundens', 'kundes', 'takk', 'hei', 'vi', 'oss', 'våre', 'vår', 'noe', 'noen', 'gjelder', 'egentlig', 'ok', 'dere', 'svare', 'svar', 'gjøre', 'gjør', 'faktisk', 'fremdeles', 'fortsatt', 'litt', 'mye', 'mange', 'mer', 'nå', 'bare', 'også', 'ja', 'nei', 'ting', 'betyr', 'mener', 'trenger', 'vil', 'ønsker', 'lurer', 'hjelp', 'fikk', 'ca', 'cirka', 'omtrent', 'sånn', 'liksom', 'visst', 'hun', 'han', 'hen'],
  sv: ['vad', 'hur', 'varför', 'vilka', 'vilken', 'vilket', 'när', 'kan', 'kunna', 'ska', 'måste', 'få', 'får', 'ge', 'säga', 'säger', 'berätta', 'veta', 'undrar', 'fråga', 'frågar', 'kund', 'kunden', 'kunder', 'kunderna', 'kundens', 'kunds', 'tack', 'hej', 'vi', 'oss', 'våra', 'vår', 'något', 'några', 'gäller', 'egentligen', 'ok', 'ni', 'svara', 'svar', 'göra', 'gör', 'faktiskt', 'fortfarande', 'lite', 'mycket', 'många', 'mer', 'nu', 'bara', 'också', 'ja', 'nej', 'saker', 'betyder', 'menar', 'behöver', 'vill', 'önskar', 'hjälp', 'läget', 'fick', 'ca', 'cirka', 'ungefär', 'typ', 'sen', 'ifrån', 'hon', 'han', 'hen'],
  da: ['hvad', 'hvordan', 'hvorfor', 'hvilke', 'hvilken', 'hvilket', 'hvornår', 'kan', 'kunne', 'skal', 'må', 'få', 'får', 'give', 'sige', 'siger', 'fortælle', 'vide', 'spørger', 'spørgsmål', 'kunde', 'kunden', 'kunder', 'kunderne', 'kundens', 'kundes', 'tak', 'hej', 'vi', 'os', 'vores', 'noget', 'nogle', 'gælder', 'egentlig', 'ok', 'i', 'svare', 'svar', 'gøre', 'gør', 'faktisk', 'stadig', 'stadigvæk', 'lidt', 'meget', 'mange', 'mere', 'nu', 'bare', 'også', 'ja', 'nej', 'ting', 'betyder', 'mener', 'behøver', 'vil', 'ønsker', 'hjælp', 'fik', 'ca', 'cirka', 'omkring', 'sådan', 'hun', 'han'],
  en: ['what', 'how', 'why', 'which', 'when', 'can', 'could', 'should', 'would', 'will', 'must', 'get', 'give', 'say', 'says', 'tell', 'know', 'wonder', 'ask', 'asks', 'asking', 'question', 'customer', 'customers', 'client', 'thanks', 'thank', 'hi', 'hello', 'we', 'us', 'our', 'something', 'any', 'does', 'do', 'is', 'are', 'please', 'ok', 'okay', 'answer', 'actually', 'its', 'no', 'yes', 'not', 'still', 'anything', 'there', 'here', 'really', 'need', 'needs', 'want', 'wants', 'mean', 'means', 'much', 'many', 'lot', 'thing', 'things', 'help', 'needed', 'wanted', 'asked', 'told', 'said', 'meant', 'helped', 'whats', 'cant', 'dont', 'pls', 'plz', 'she', 'he', 'her', 'his', 'someone', 'anyone', 'anywhere', 'roughly', 'approximately', 'approx'],
};

/**
 * Norway writes two standards, Bokmål and Nynorsk, and the stop list is Bokmål's: Nynorsk's function
 * words ("kva", "korleis", "ikkje", "ein", "mykje"), and its question words, are Norwegian too.
 */
const NYNORSK = [
  ...['kva', 'kvar', 'kven', 'kvi', 'kvifor', 'korleis', 'kor', 'korso'],
  ...['eg', 'meg', 'me', 'ho', 'dei', 'deim', 'deira', 'dykk', 'dykkar', 'sjølv'],
  ...['ein', 'ei', 'eit', 'eitt', 'ikkje', 'inkje', 'ingi', 'noko', 'nokon', 'nokre', 'nokor', 'somme', 'somt'],
  ...['mykje', 'berre', 'frå', 'hjå', 'um', 'medan', 'sidan', 'difor', 'elles', 'enno', 'òg', 'då'],
  ...['vere', 'vera', 'vore', 'vart', 'vorte', 'verte', 'blei', 'fekk', 'gjere', 'gjer', 'seie', 'seier', 'lurar', 'svarar', 'kundane', 'kundar'],
];

/**
 * How the Nordic languages ask whether a claim holds: "stemmer det at …", "stämmer det att …" (is it
 * true that …). The claim is what the question is about, not the asking.
 */
const CHECKING_WORDS = ['stemmer', 'stämmer'];

/** The short and spoken forms chat writes for function words and sign-offs, in the four languages: "pga", "ift", "spm", "mvh", "btw". */
const CHAT_SHORT_FORMS = [
  ...['evt', 'mtp', 'ift', 'iht', 'ifm', 'mht', 'pga', 'vha', 'osv', 'dvs', 'jf', 'tex', 'iaf', 'spm', 'mvh', 'vh', 'hilsen', 'iallfall', 'forresten'],
  ...['btw', 'fyi', 'asap', 'thx', 'abt', 'ofc', 'tbh', 'imo'],
  // and the spoken forms chat writes: Swedish "mkt", "ngt", "dej"; Danish "ik"; Norwegian "åssen", "koffor"
  ...['mkt', 'ngn', 'ngt', 'nåra', 'dej', 'sej', 'ik', 'åssen', 'koffor', 'hvaslags'],
];

/** The bot's own name: people greet it and address it ("hej Kompis, …"), which says nothing about what they ask. */
const ADDRESS_WORDS = ['kompis'];

const STOP: Record<Lang, Set<string>> = Object.fromEntries(
  LANGS.map((l) => [l, new Set([...STOP_LISTS[l], ...QUESTION_WORDS[l], ...(l === 'nb' ? NYNORSK : []), ...CHAT_SHORT_FORMS, ...CHECKING_WORDS, ...ADDRESS_WORDS].map((w) => w.toLowerCase()))]),
) as Record<Lang, Set<string>>;

/** Stop words of every language: a question's language may be misjudged, so all are dropped from it. */
const STOP_ANY = new Set(LANGS.flatMap((l) => [...STOP[l]]));

/**
 * What people write to a chat bot that asks nothing: thanks and greetings, by language. Grammar, like
 * the stop words, and no store's words.
 */
const SOCIAL: Record<'thanks' | 'greeting', Record<Lang, string[]>> = {
  thanks: {
    nb: ['takk', 'takker', 'tusentakk'],
    sv: ['tack', 'tackar', 'tusentack'],
    da: ['tak', 'takker', 'tusindtak'],
    en: ['thanks', 'thank', 'thx', 'cheers'],
  },
  greeting: {
    nb: ['hei', 'heisann', 'hallo', 'morn', 'godmorgen', 'goddag', 'godkveld'],
    sv: ['hej', 'hejsan', 'hallå', 'tjena', 'tjenare', 'godmorgon', 'goddag', 'godkväll'],
    da: ['hej', 'hejsa', 'hallo', 'godmorgen', 'goddag', 'godaften'],
    en: ['hi', 'hello', 'hey', 'goodmorning', 'goodafternoon', 'goodevening'],
  },
};
/** Words that go with thanks and greetings ("tusen takk for hjelpen", "god morgen", "thanks, great"), and ask nothing. */
const SOCIAL_COMPANIONS = new Set([
  ...['tusen', 'tusind', 'mange', 'mycket', 'hjelpen', 'hjälpen', 'hjælpen', 'help', 'svaret', 'answer', 'igjen', 'igen', 'again', 'alle', 'alla', 'everyone'],
  ...['god', 'godt', 'gott', 'good', 'morgen', 'morgon', 'morning', 'dag', 'day', 'kveld', 'kväll', 'aften', 'evening', 'afternoon'],
  ...['flott', 'supert', 'super', 'topp', 'toppen', 'bra', 'fint', 'fin', 'perfekt', 'perfect', 'fedt', 'great', 'nice', 'kjempe', 'jätte'],
]);
const MAX_SOCIAL_WORDS = 12;
const SOCIAL_WORDS = new Set(LANGS.flatMap((l) => [...SOCIAL.thanks[l], ...SOCIAL.greeting[l]]));

/**
 * Whether a message only thanks or greets, and in which of the four languages its words can be: a
 * short message of those words with nothing asked ("takk for hjelpen!", "hej Kompis", "thanks, great").
 * A message that also asks something ("takk, men hvor …") is a question.
 */
export function socialMessage(text: string): { kind: 'thanks' | 'greeting'; langs: Lang[] } | undefined {
  const ws = words(text, false);
  if (ws.length === 0 || ws.length > MAX_SOCIAL_WORDS) return undefined;
  // a greeting of two words is found joined: "god morgen" is "godmorgen"
  const joined = [...ws, ...ws.slice(1).map((w, i) => ws[i]! + w)];
  const of = (kind: 'thanks' | 'greeting') => LANGS.filter((l) => joined.some((w) => SOCIAL[kind][l].includes(w)));
  if (!ws.every((w) => SOCIAL_WORDS.has(w) || SOCIAL_COMPANIONS.has(w) || STOP_ANY.has(w))) return undefined;
  const thanks = of('thanks');
  if (thanks.length > 0) return { kind: 'thanks', langs: thanks };
  const greeting = of('greeting');
  return greeting.length > 0 ? { kind: 'greeting', langs: greeting } : undefined;
}

/**
 * What a message asks once the thanks or greeting it opens or closes with is set aside: "god morgen,
 * hva er klimamålet?" asks "hva er klimamålet?", "hvor mye pant er det? takk!" asks "hvor mye pant er
 * det?". Only a clause set apart by a sign (, ! . : ; or a new line) that is social on its own goes:
 * "i morgen, …" and "god morgen" within a sentence are words of the question. A message that is
 * nothing but thanks or greeting is returned as it is.
 */
export function withoutSocialAsides(text: string): string {
  let rest = text.trim();
  for (;;) {
    const opening = /^([^,!.:;\n?]+)[,!.:;\n]+\s*(\S[\s\S]*)$/u.exec(rest);
    if (!opening || !socialMessage(opening[1]!)) break;
    rest = opening[2]!;
  }
  for (;;) {
    const closing = /^([\s\S]*?[?!.:;\n])\s*([^?!.:;\n]+)[!.]*\s*$/u.exec(rest);
    if (!closing || !socialMessage(closing[2]!) || !/[\p{L}\p{N}]/u.test(closing[1]!)) break;
    rest = closing[1]!.trim();
  }
  return socialMessage(rest) ? text.trim() : rest;
}

/** A message without the web addresses it holds: an address's parts ("https", "www", "utm_source") are not what is asked. */
export function withoutAddresses(text: string): string {
  return text.replace(/\b(?:https?:\/\/|www\.)[^\s<>]+/giu, ' ');
}

/**
 * A message of three words or more written in capitals throughout, read as if written in lower case:
 * in it no capital marks a name, and a language is told by its words, not by their case.
 */
export function unshouted(text: string): string {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  const wordCount = text.match(/\p{L}+/gu)?.length ?? 0;
  return wordCount >= 3 && capitals === letters ? text.toLowerCase() : text;
}

/** The letters a keyboard without the Nordic ones writes otherwise: å, ä → a; æ → ae; ø, ö → o. */
const PLAIN_LETTERS: Record<string, string> = { å: 'a', ä: 'a', æ: 'ae', ø: 'o', ö: 'o', é: 'e', ü: 'u' };
const NORDIC_LETTERS = new RegExp(`[${Object.keys(PLAIN_LETTERS).join('')}]`, 'gu');

/** Whether a word holds a letter that `plainSpelling` writes otherwise. */
export const hasNordicLetters = (word: string): boolean => word.search(NORDIC_LETTERS) >= 0;

/** A lower-case word as typed without the Nordic letters: "miljømål" → "miljomal", "være" → "vaere". */
export function plainSpelling(word: string): string {
  return word.replace(NORDIC_LETTERS, (c) => PLAIN_LETTERS[c]!);
}

/** The plain spellings a word typed without Nordic letters may stand for: also "aa" for å and "oe" for ø, as some type them. */
export function plainSpellingsOf(typed: string): string[] {
  return [...new Set([typed, typed.replace(/aa/gu, 'a'), typed.replace(/oe/gu, 'o')])];
}

/** The stop words written with Nordic letters ("på", "är", "når"). */
export const STOP_WORDS_WITH_NORDIC_LETTERS: readonly string[] = [...STOP_ANY].filter(hasNordicLetters);

/** The words that make a sentence ask, in the four languages: grammar, like the stop words. */
const INTERROGATIVES = new Set([
  ...['hva', 'hvor', 'hvordan', 'hvorfor', 'hvilke', 'hvilken', 'hvilket', 'når', 'hvem'],
  ...['vad', 'var', 'hur', 'varför', 'vilka', 'vilken', 'vilket', 'när', 'vem'],
  ...['hvad', 'hvornår'],
  ...['what', 'where', 'how', 'why', 'which', 'when', 'who'],
]);

/**
 * How a message may be read for what it asks: as a whole, and, when it has sentences that ask
 * (ending with ? or holding a question word) besides sentences that do not, as those alone. A
 * pasted customer email ("I bought a TV two years ago and it broke. How long do you keep spare
 * parts? Best regards, Kari Nordmann") asks in one sentence; its story and signature would blur it.
 */
export function questionReadings(message: string): string[] {
  const sentences = message
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  const asking = sentences.filter(asks);
  return asking.length > 0 && asking.length < sentences.length ? [message, asking.join(' ')] : [message];
}

/** Whether a sentence asks: it ends with a question mark or holds a question word. */
export function asks(sentence: string): boolean {
  return /\?\s*$/u.test(sentence) || words(sentence, false).some((w) => INTERROGATIVES.has(w));
}

/**
 * How the four languages go on from what was just said: a message opening with "and", "but", "what
 * about", "the same" ("og i Sverige?", "hva med nettbrett?", "what about Denmark"), or pointing back
 * to it with "it", "that", "there" ("gjelder det også for bedrifter?"). Grammar, like the stop words.
 */
const OPENS_AS_CONTINUING = /^\s*(og|och|and|men|but|enn|än|samme|samma|same|også|också|även|also|(hva|vad|hvad)( så)? med|hur (är|blir) det med|hvordan (er det )?med|what about|how about)(?![\p{L}\p{N}])/iu;
const POINTING_BACK = new Set(['det', 'den', 'dette', 'denne', 'detta', 'denna', 'dem', 'der', 'där', 'it', 'that', 'this', 'those', 'them', 'there']);

/** A message without the words it opens with to go on from the one before ("what about Denmark" → "Denmark"). */
export const withoutContinuingOpener = (message: string): string => message.replace(OPENS_AS_CONTINUING, '');

/** Whether a message goes on from the one before it: it opens as continuing it, or points back to it. */
export function continuesConversation(message: string): boolean {
  return OPENS_AS_CONTINUING.test(message) || words(message, false).some((w) => POINTING_BACK.has(w));
}

export function isStopWord(word: string, lang?: Lang): boolean {
  return lang ? STOP[lang].has(word) : STOP_ANY.has(word);
}

/** Each language's stop words by their stems, for the forms the lists lack: a stop word's other inflections. */
let stopStems: Record<Lang, Set<string>> | undefined;

/**
 * Whether a word is an inflection of a stop word of the question's language ("gælde" of "gælder",
 * "helping" of "help"): for a word the store has never seen, a form of a word that carries no
 * topic, not a subject it lacks. Words of fewer than four letters are not stemmed, so never one.
 */
export function isStopWordForm(word: string, lang: Lang): boolean {
  stopStems ??= Object.fromEntries(LANGS.map((l) => [l, new Set([...STOP[l]].filter((w) => w.length >= 4).map((w) => stem(w, l)))])) as Record<Lang, Set<string>>;
  return word.length >= 4 && stopStems[lang].has(stem(word, lang));
}

const NEGATED: Record<string, string> = { won: 'will', can: 'can', shan: 'shall' };

/**
 * English clitics spelled out or dropped: "don't" is "do not", "Norda's" is "Norda". Split at the
 * apostrophe they would leave stray words ("don", "won") that no document holds.
 */
function expandClitics(lower: string): string {
  // most texts have no apostrophe, and need no pattern run; a negation is looked for from a word's
  // first letter only (a match from a later letter would be one from the first), not from every letter
  if (!APOSTROPHE.test(lower)) return lower;
  return lower
    .replace(/(?<!\p{L})(\p{L}+)n['’]t(?![\p{L}\p{N}])/gu, (_, stem: string) => `${NEGATED[`${stem}n`] ?? stem} not`)
    .replace(/(\p{L})['’](?:s|re|ve|ll|d|m)(?![\p{L}\p{N}])/gu, '$1');
}

const APOSTROPHE = /['’]/;

/** Lower-cased words and numbers; a hyphenated or slashed compound also yields its joined form (usb-c → usbc). */
export function words(text: string, joined = true): string[] {
  const out: string[] = [];
  // read for every sentence a question weighs: the matches as strings, split only where a word has a joint
  for (const w of lowered(text).match(WORD) ?? []) {
    if (!JOINT.test(w)) {
      out.push(w);
      continue;
    }
    const parts = w.split(JOINT);
    out.push(...parts);
    if (joined) out.push(parts.join(''));
  }
  return out;
}

/** A text's words (as `words(text, false)`) and, apart, the joined forms of its hyphenated or slashed compounds (usb-c → usbc), in one reading. */
export function wordsAndJoined(text: string): { words: string[]; joined: string[] } {
  const ws: string[] = [];
  const joined: string[] = [];
  for (const w of lowered(text).match(WORD) ?? []) {
    if (!JOINT.test(w)) {
      ws.push(w);
      continue;
    }
    const parts = w.split(JOINT);
    ws.push(...parts);
    joined.push(parts.join(''));
  }
  return { words: ws, joined };
}

/** A word, or a compound written with hyphens or slashes. */
const WORD = /[\p{L}\p{N}]+(?:[-‐/][\p{L}\p{N}]+)*/gu;
/** What joins a compound's parts: a hyphen or a slash. */
const JOINT = /[-‐/]/;
const lowered = (text: string) => expandClitics(text.normalize('NFKC').toLowerCase());

/** `words(text, joined)` of texts read again and again (a store's sentences, headings), kept: splitting them is costly. */
const storeWordsCache = [new Map<string, readonly string[]>(), new Map<string, readonly string[]>()];
const STORE_WORDS_LIMIT = 100_000;

export function storeWords(text: string, joined = false): readonly string[] {
  return kept(storeWordsCache[joined ? 1 : 0]!, text, STORE_WORDS_LIMIT, () => words(text, joined));
}

/** Stems of words already seen, per language: a store repeats its words, and stemming is the costly part of indexing. */
const stemCache = Object.fromEntries(LANGS.map((l) => [l, new Map<string, string>()])) as Record<Lang, Map<string, string>>;
const STEM_CACHE_LIMIT = 200_000;

export function stem(word: string, lang: Lang): string {
  if (word.length < 4 || /^\p{N}+$/u.test(word)) return word;
  return kept(stemCache[lang], word, STEM_CACHE_LIMIT, () => stemmers[lang](word));
}

/** Index terms of a text's `words` in a known language: minus stop words, stemmed. */
export function termsOfWords(ws: readonly string[], lang: Lang): string[] {
  return ws.filter((w) => (w.length > 1 || /\p{N}/u.test(w)) && !STOP[lang].has(w)).map((w) => stem(w, lang));
}

/** A question's content words (stop words of every language dropped), in order, without repeats. */
export function contentWords(text: string): string[] {
  const seen = new Set<string>();
  return words(text, false).filter((w) => {
    if ((w.length < 2 && !/\p{N}/u.test(w)) || STOP_ANY.has(w) || seen.has(w)) return false;
    seen.add(w);
    return true;
  });
}

/** Every stem a word could have in any of the four languages, the given language's first. Kept: read it, do not change it. */
export function allStems(word: string, first?: Lang): readonly string[] {
  return kept(allStemsCache[first ?? 'any'], word, ALL_STEMS_LIMIT, () => {
    const order = first ? [first, ...LANGS.filter((l) => l !== first)] : LANGS;
    return [...new Set(order.map((l) => stem(word, l)))];
  });
}

/** How many words' stems are kept in each order (five orders: any, and each language first): a large store's vocabulary. */
const ALL_STEMS_LIMIT = 50_000;
const allStemsCache = Object.fromEntries(['any', ...LANGS].map((l) => [l, new Map<string, readonly string[]>()])) as Record<Lang | 'any', Map<string, readonly string[]>>;

/**
 * How the four languages ask for a time, which a year or a date answers, as it answers how long.
 * "When" opens the question, since mid-sentence it is also a conjunction ("what do I say when…"),
 * and with no clause after a comma, which makes it a condition ("when a customer calls, what do I
 * say?"); Danish "hvornår" asks wherever it stands.
 */
const TIME_QUESTIONS = [
  /^\s*(when|når|när)\b(?=[^,]*$)/iu,
  /\bhvornår\b/iu,
  /\b(since|siden|sedan|until|till|innen|inden) (when|når|när)\b/iu,
  /\b(what|which|hvilket|vilket) (year|år)\b/iu,
  /\b(hvor|kor) (lenge|længe|lang tid)\b/iu,
  /\bhur (länge|lång tid)\b/iu,
  /\bhow long\b/iu,
];

/**
 * How the four languages ask for a quantity or a time: "how many", "how much", "what share", "when". Grammar, like the
 * stop words: the words of the question, not of any store.
 */
const QUANTITY_QUESTIONS = [
  /\b(hvor|kor) (mange|mye|mykje|meget|stor(e|t)?|lenge|langt|lang tid|høy|høyt)\b/iu,
  /\bhur (många|mycket|stor(a|t)?|länge|långt|lång tid|hög|högt)\b/iu,
  /\bhow (many|much|long|far|high|big|large)\b/iu,
  /\bwhat (share|percentage|proportion|amount|number|does it cost|do we charge|is the price)\b/iu,
  /\b(hva|vad|hvad) (koster|kostar)\b/iu,
  /\b(hvilken|vilken|hvilket|vilket) (andel|mengde|mängd|antal|antall|prosent|procent)\b/iu,
  ...TIME_QUESTIONS,
];

/**
 * The words that turn what a sentence says into its opposite ("not", "without", "nothing"), in the
 * four languages: Norwegian, Swedish, Danish and English, a word they share listed once. Grammar,
 * like the stop words.
 */
const NEGATIONS = new Set([
  ...['ikke', 'ikkje', 'uten', 'ingen', 'intet', 'inga', 'ingenting', 'aldri', 'verken'],
  ...['inte', 'ej', 'utan', 'inget', 'aldrig', 'varken'],
  ...['uden', 'hverken'],
  ...['not', 'no', 'without', 'nothing', 'never', 'none', 'neither', 'nor'],
]);

/**
 * The positions, among a text's words (`storeWords`), that a negation governs: the three words after
 * it ("without buying a new", "ikke skal kjøpe ny") and the word right before it, where Nordic word
 * order puts the verb ("køber ikke", "buys nothing").
 */
export function negatedPositions(text: string): Set<number> {
  const out = new Set<number>();
  storeWords(text).forEach((w, i) => {
    if (!NEGATIONS.has(w)) return;
    for (const j of [i - 1, i + 1, i + 2, i + 3]) if (j >= 0) out.add(j);
  });
  return out;
}

/**
 * A paragraph's sentences: cut after a full stop, question or exclamation mark that a capital, a
 * figure or an opening quote follows. A short lower-case word with a full stop before a number is an
 * abbreviation (of one to three letters), not a sentence's end: "art. 40118", "ca. 30", "kl. 16", "nr. 5".
 */
export function paragraphSentences(paragraph: string): string[] {
  const out: string[] = [];
  for (const piece of paragraph.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}«"“])/u)) {
    const last = out.at(-1);
    if (last !== undefined && /(^|[\s(])\p{Ll}{1,3}\.$/u.test(last) && /^\p{N}/u.test(piece)) out[out.length - 1] = `${last} ${piece}`;
    else out.push(piece);
  }
  return out;
}

/** A year as numbers in a question and a store name one: 1900–2099. Read by character, as it is asked of every word of every sentence read. */
export const isYear = (w: string): boolean => w.length === 4 && (w.startsWith('19') || w.startsWith('20')) && isDigit(w.charCodeAt(2)) && isDigit(w.charCodeAt(3));
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

export function asksForQuantity(question: string): boolean {
  return askedFor(question).quantity;
}

/** How the four languages ask who: a name answers it. */
const WHO = /\b(hvem|vem|who|whom|whose)\b/iu;

/** Whether a question asks who (does, makes, answers for) something: a name answers it, as a number answers how many. */
export function asksWho(question: string): boolean {
  return WHO.test(question);
}

/** Whether a question asks when, or how long: a year answers it. */
export function asksForTime(question: string): boolean {
  return askedFor(question).time;
}

/** What kind of number a question asks for: read once a question, as it is asked of every passage the question weighs. */
const askedFor = lastOf((question) => ({ quantity: QUANTITY_QUESTIONS.some((p) => p.test(question)), time: TIME_QUESTIONS.some((p) => p.test(question)) }));

/**
 * The words that ask for a quantity or a time ("how long", "hur lång tid", "what share"): they say
 * what kind of answer the question wants, not what it is about: a store that never writes one lacks
 * nothing by it.
 */
export function quantityAskingWords(question: string): Set<string> {
  const out = new Set<string>();
  for (const p of QUANTITY_QUESTIONS) {
    const m = p.exec(question);
    if (m) for (const w of words(m[0], false)) out.add(w);
  }
  return out;
}

/**
 * A sentence states a quantity when it holds a number the question did not bring itself ("how many
 * in 2025" is not answered by "2025"). Both are read as words are, so "2,540" asked is "2,540" said.
 * A year answers only a question asking when or how long: "how many deliveries go by electric van"
 * is not answered by "since January 2025". A number written as a word in the sentence's language
 * ("five working days") states one as digits do.
 */
export function statesQuantity(sentence: string, asked: readonly string[], question: string, lang: Lang): boolean {
  const years = asksForTime(question);
  const spelled = NUMBER_WORDS[lang];
  return storeWords(sentence).some((w) => !asked.includes(w) && (/\p{N}/u.test(w) ? years || !isYear(w) : spelled.has(w)));
}

/**
 * The numbers a language writes in words ("within five working days", "fire år", "tio ämnen"), which
 * state a quantity as digits do. Grammar, like the stop words. One is left out, as each language's
 * word for it is also its article or a pronoun (en, ett, et, ei, one), and so is each word that is
 * another word in the same language.
 */
const NUMBER_WORDS: Record<Lang, Set<string>> = {
  nb: new Set(['to', 'tre', 'fire', 'fem', 'seks', 'sju', 'syv', 'åtte', 'ni', 'ti', 'elleve', 'tolv', 'tjue', 'hundre', 'tusen', 'million', 'millioner', 'milliard', 'milliarder', 'halvparten', 'dusin']),
  sv: new Set(['två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio', 'elva', 'tolv', 'tjugo', 'hundra', 'tusen', 'miljon', 'miljoner', 'miljard', 'miljarder', 'hälften', 'dussin']),
  da: new Set(['to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni', 'ti', 'elleve', 'tolv', 'tyve', 'hundrede', 'tusind', 'million', 'millioner', 'milliard', 'milliarder', 'halvdelen', 'dusin']),
  en: new Set(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'hundred', 'thousand', 'million', 'millions', 'billion', 'billions', 'half', 'dozen']),
};
