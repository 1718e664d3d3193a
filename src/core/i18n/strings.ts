import type { Lang } from '../lang';
import { formatNumber } from '../zoned';

/** The bot's own words for answers. One entry a phrase, every language filled in: the type checks it. */
const STRINGS = {
  notInStore: {
    nb: 'Det finner jeg ikke i kunnskapsbasen, så jeg vil ikke gjette. Spørsmålet kan sendes til kuratorene, som kan legge svaret inn.',
    sv: 'Det hittar jag inte i kunskapsbasen, så jag gissar inte. Frågan kan skickas till kuratorerna, som kan lägga in svaret.',
    da: 'Det finder jeg ikke i vidensbasen, så jeg gætter ikke. Spørgsmålet kan sendes til kuratorerne, som kan lægge svaret ind.',
    en: "That is not in the knowledge store, so I won't guess. The question can be sent to the curators, who can add the answer.",
  },
  welcome: {
    nb: 'Bare hyggelig! Spør gjerne igjen når du lurer på noe om bærekraft.',
    sv: 'Varsågod! Fråga gärna igen när du undrar något om hållbarhet.',
    da: 'Det var så lidt! Spørg gerne igen, når du er i tvivl om noget om bæredygtighed.',
    en: "You're welcome! Ask again whenever a sustainability question comes up.",
  },
  hello: {
    nb: 'Hei! Spør meg om bærekraft, så svarer jeg fra kunnskapsbasen, med kilder.',
    sv: 'Hej! Fråga mig om hållbarhet, så svarar jag utifrån kunskapsbasen, med källor.',
    da: 'Hej! Spørg mig om bæredygtighed, så svarer jeg ud fra vidensbasen, med kilder.',
    en: 'Hi! Ask me a sustainability question and I will answer from the knowledge store, with sources.',
  },
  injection: {
    nb: 'Jeg svarer bare på spørsmål om bærekraft ut fra kunnskapsbasen, og kan ikke endre hvordan jeg jobber.',
    sv: 'Jag svarar bara på frågor om hållbarhet utifrån kunskapsbasen och kan inte ändra hur jag arbetar.',
    da: 'Jeg svarer kun på spørgsmål om bæredygtighed ud fra vidensbasen og kan ikke ændre, hvordan jeg arbejder.',
    en: 'I only answer sustainability questions from the knowledge store, and I cannot change how I work.',
  },
  empty: {
    nb: 'Hva vil du vite? Skriv spørsmålet ditt om bærekraft, så svarer jeg fra kunnskapsbasen, med kilder.',
    sv: 'Vad vill du veta? Skriv din fråga om hållbarhet, så svarar jag utifrån kunskapsbasen, med källor.',
    da: 'Hvad vil du vide? Skriv dit spørgsmål om bæredygtighed, så svarer jeg ud fra vidensbasen, med kilder.',
    en: 'What would you like to know? Write your sustainability question and I will answer from the knowledge store, with sources.',
  },
  tooLong: {
    nb: 'Spørsmålet er for langt ({length} tegn). Kort det ned til under {max} tegn, så svarer jeg.',
    sv: 'Frågan är för lång ({length} tecken). Korta ner den till under {max} tecken, så svarar jag.',
    da: 'Spørgsmålet er for langt ({length} tegn). Gør det kortere end {max} tegn, så svarer jeg.',
    en: 'The question is too long ({length} characters). Shorten it to under {max} characters and I will answer.',
  },
  extractiveIntro: {
    nb: 'Dette står i kunnskapsbasen:',
    sv: 'Det här står i kunskapsbasen:',
    da: 'Dette står i vidensbasen:',
    en: 'This is what the knowledge store says:',
  },
  tentativeIntro: {
    nb: 'Dette er det nærmeste kunnskapsbasen har. Sjekk at det svarer på spørsmålet før du bruker det:',
    sv: 'Det här är det närmaste kunskapsbasen har. Kontrollera att det svarar på frågan innan du använder det:',
    da: 'Dette er det nærmeste, vidensbasen har. Tjek, at det svarer på spørgsmålet, før du bruger det:',
    en: 'This is the closest the knowledge store has. Check that it answers the question before you use it:',
  },
  fallback: {
    nb: 'Språkmodellen svarte ikke ({reason}), så dette er utdrag direkte fra kildene.',
    sv: 'Språkmodellen svarade inte ({reason}), så det här är utdrag direkt ur källorna.',
    da: 'Sprogmodellen svarede ikke ({reason}), så dette er uddrag direkte fra kilderne.',
    en: 'The language model did not answer ({reason}), so these are excerpts straight from the sources.',
  },
  readInContext: {
    nb: 'Lest sammen med spørsmålet før: «{question}»',
    sv: 'Läst tillsammans med frågan före: ”{question}”',
    da: 'Læst sammen med spørgsmålet før: »{question}«',
    en: 'Read together with the question before: “{question}”',
  },
  otherLanguage: {
    nb: 'Kilden er på {langs}.',
    sv: 'Källan är på {langs}.',
    da: 'Kilden er på {langs}.',
    en: 'The source is in {langs}.',
  },
  stale: {
    nb: '⚠️ {sources} ble sist gjennomgått for over 12 måneder siden. Sjekk at det fortsatt stemmer før du lover kunden noe.',
    sv: '⚠️ {sources} granskades senast för över 12 månader sedan. Kontrollera att det fortfarande stämmer innan du lovar kunden något.',
    da: '⚠️ {sources} blev sidst gennemgået for over 12 måneder siden. Tjek, at det stadig passer, før du lover kunden noget.',
    en: '⚠️ {sources} was last reviewed over 12 months ago. Check it still holds before you promise the customer anything.',
  },
  sources: { nb: 'Kilder', sv: 'Källor', da: 'Kilder', en: 'Sources' },
  source: { nb: 'Kilde', sv: 'Källa', da: 'Kilde', en: 'Source' },
  reason_timeout: { nb: 'tidsavbrudd', sv: 'tidsgräns', da: 'tidsudløb', en: 'timeout' },
  reason_rate_limited: { nb: 'for mange forespørsler', sv: 'för många förfrågningar', da: 'for mange forespørgsler', en: 'rate limited' },
  reason_invalid_response: { nb: 'ugyldig svar', sv: 'ogiltigt svar', da: 'ugyldigt svar', en: 'invalid reply' },
  reason_unavailable: { nb: 'utilgjengelig', sv: 'otillgänglig', da: 'utilgængelig', en: 'unavailable' },
  // what the agent reads: that the model was not reached, never which setting or key is wrong (that is in the log)
  reason_unauthorized: { nb: 'ingen tilgang', sv: 'ingen åtkomst', da: 'ingen adgang', en: 'no access' },
  reason_request_too_large: { nb: 'for mye tekst', sv: 'för mycket text', da: 'for meget tekst', en: 'too much text' },
  reason_model_abstained: { nb: 'den avsto', sv: 'den avstod', da: 'den afstod', en: 'it declined' },
  reason_no_valid_citation: { nb: 'svaret kunne ikke kontrolleres mot kildene', sv: 'svaret kunde inte kontrolleras mot källorna', da: 'svaret kunne ikke kontrolleres mod kilderne', en: 'its answer could not be checked against the sources' },
  error: {
    nb: 'Beklager, noe gikk galt hos meg, og spørsmålet ble ikke besvart. Prøv igjen om litt.',
    sv: 'Förlåt, något gick fel hos mig och frågan blev inte besvarad. Försök igen om en stund.',
    da: 'Beklager, noget gik galt hos mig, og spørgsmålet blev ikke besvaret. Prøv igen om lidt.',
    en: 'Sorry, something went wrong on my side and the question was not answered. Please try again in a moment.',
  },
  storeDown: {
    nb: 'Beklager, lageret mitt svarer ikke akkurat nå, så dette ble ikke lagret. Prøv igjen om litt.',
    sv: 'Förlåt, min lagring svarar inte just nu, så det här sparades inte. Försök igen om en stund.',
    da: 'Beklager, mit lager svarer ikke lige nu, så dette blev ikke gemt. Prøv igen om lidt.',
    en: 'Sorry, my storage is not answering right now, so this was not saved. Please try again in a moment.',
  },
  notedForCurators: {
    nb: 'Spørsmålet er lagt på listen til kuratorene.',
    sv: 'Frågan har lagts på kuratorernas lista.',
    da: 'Spørgsmålet er sat på kuratorernes liste.',
    en: "The question is on the curators' list.",
  },
  chatWelcome: {
    nb: 'Hei! Jeg er Kompis. Spør meg om bærekraft, så svarer jeg fra kunnskapsbasen med kilder. Skriv /quit for å avslutte.',
    sv: 'Hej! Jag är Kompis. Fråga mig om hållbarhet så svarar jag från kunskapsbasen med källor. Skriv /quit för att avsluta.',
    da: 'Hej! Jeg er Kompis. Spørg mig om bæredygtighed, så svarer jeg fra vidensbasen med kilder. Skriv /quit for at afslutte.',
    en: 'Hi! I am Kompis. Ask me about sustainability and I will answer from the knowledge store, with sources. Type /quit to leave.',
  },
} satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

/** People to mention in a phrase, by platform id: the only way a `{@id}` mention token gets into core's words. */
export interface Mentioned {
  mention: string[];
}
export const mentions = (ids: string[]): Mentioned => ({ mention: ids });

export type Vars = Record<string, string | number | Mentioned>;

/**
 * A lookup over one table of phrases: the phrase in the given language, with {placeholders} filled
 * in. A value is text: a `{@id}` someone typed (a goal's title, a command's words) is kept from
 * becoming a mention by an invisible word joiner; people are mentioned only through `mentions()`.
 * A count that changes the words is written `{days, plural, one {# day} other {# days}}`: the
 * language's own plural rule (Intl.PluralRules) picks the form, and `#` is the number.
 *
 * A value given as a number is a quantity (a count, a length, a limit, a share) and is written as
 * the reader's language writes it: 1 000 in nb and sv (with a no-break space), 1.000 in da, 1,000
 * in en. What only looks like a number — a week's number, a goal's #12, a year, a date — is given
 * as text by its caller and kept exactly as written.
 */
export function translator<K extends string>(table: Record<K, Record<Lang, string>>): (lang: Lang, key: K, vars?: Vars) => string {
  return (lang, key, vars = {}) =>
    table[key][lang]
      .replace(/\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g, (whole, name: string, forms: string) => plural(lang, vars[name], forms) ?? whole)
      .replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = vars[name];
        if (value === undefined) return `{${name}}`;
        if (typeof value === 'object') return value.mention.map((id) => `{@${id}}`).join(', ');
        if (typeof value === 'number') return formatNumber(lang, value);
        return asText(value);
      });
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

function plural(lang: Lang, value: Vars[string] | undefined, forms: string): string | undefined {
  if (typeof value !== 'number') return undefined;
  const rules = pluralRules.get(lang) ?? new Intl.PluralRules(lang);
  pluralRules.set(lang, rules);
  const byCategory = new Map([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
  const form = byCategory.get(rules.select(value)) ?? byCategory.get('other');
  return form?.replace(/#/g, formatNumber(lang, value));
}

/** Text that can never hold a `{@id}` mention token. */
export function asText(text: string): string {
  return text.replace(/\{@/g, '{\u2060@');
}

/** The bot's own words for answers. */
export const t = translator(STRINGS);
