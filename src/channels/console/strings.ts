import { translator } from '../../core/i18n/strings';
import type { Lang } from '../../core/lang';

/** The console's own words: questions to try, what can be typed after an answer, what it did, and what changed meanwhile. */
const STRINGS = {
  reactHint: {
    nb: '(+ nyttig · - ikke nyttig · - hvorfor … · {curators}: send spørsmålet til kuratorene)',
    sv: '(+ användbart · - inte användbart · - varför … · {curators}: skicka frågan till kuratorerna)',
    da: '(+ nyttigt · - ikke nyttigt · - hvorfor … · {curators}: send spørgsmålet til kuratorerne)',
    en: '(+ useful · - not useful · - why … · {curators}: send the question to the curators)',
  },
  tryThese: { nb: 'Prøv for eksempel:', sv: 'Prova till exempel:', da: 'Prøv for eksempel:', en: 'Try, for example:' },
  curatorsWord: { nb: 'kuratorer', sv: 'kuratorer', da: 'kuratorer', en: 'curators' },
  feedbackThanks: {
    nb: 'Takk, tilbakemeldingen er lagret.',
    sv: 'Tack, återkopplingen är sparad.',
    da: 'Tak, feedbacken er gemt.',
    en: 'Thanks, your feedback is saved.',
  },
  refusedNoReaction: {
    nb: 'Det ble ikke besvart, så det er ingenting å vurdere eller sende til kuratorene.',
    sv: 'Det besvarades inte, så det finns inget att betygsätta eller skicka till kuratorerna.',
    da: 'Det blev ikke besvaret, så der er intet at vurdere eller sende til kuratorerne.',
    en: 'That was not answered, so there is nothing to rate or send to the curators.',
  },
  knowledgeReloaded: {
    nb: 'Kunnskapsbasen er lastet inn på nytt og har nå {documents, plural, one {# dokument} other {# dokumenter}}.',
    sv: 'Kunskapsbasen har lästs in på nytt och har nu {documents, plural, one {# dokument} other {# dokument}}.',
    da: 'Vidensbasen er indlæst igen og har nu {documents, plural, one {# dokument} other {# dokumenter}}.',
    en: 'The knowledge store was reloaded and now holds {documents, plural, one {# document} other {# documents}}.',
  },
} satisfies Record<string, Record<Lang, string>>;

export const tConsole = translator(STRINGS);

/** Every language's word for the curators, as typed after an answer. */
export const CURATORS_WORDS = new Set(Object.values(STRINGS.curatorsWord));
