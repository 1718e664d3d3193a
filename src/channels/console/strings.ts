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
  storeSize: {
    nb: '{documents, plural, one {# dokument} other {# dokumenter}}, {passages, plural, one {# avsnitt} other {# avsnitt}}',
    sv: '{documents, plural, one {# dokument} other {# dokument}}, {passages, plural, one {# avsnitt} other {# avsnitt}}',
    da: '{documents, plural, one {# dokument} other {# dokumenter}}, {passages, plural, one {# afsnit} other {# afsnit}}',
    en: '{documents, plural, one {# document} other {# documents}}, {passages, plural, one {# passage} other {# passages}}',
  },
  answersByModel: { nb: 'svar fra språkmodellen', sv: 'svar från språkmodellen', da: 'svar fra sprogmodellen', en: 'answers by the language model' },
  answersQuoted: { nb: 'svar sitert fra kunnskapsbasen', sv: 'svar citerade ur kunskapsbasen', da: 'svar citeret fra vidensbasen', en: 'answers quoted from the store' },
  searchByWords: { nb: 'søk på ord', sv: 'sökning på ord', da: 'søgning på ord', en: 'search by words' },
  searchByMeaning: { nb: 'søk på ord og mening', sv: 'sökning på ord och betydelse', da: 'søgning på ord og betydning', en: 'search by words and meaning' },
  searchUntilEmbedded: {
    nb: 'søk på ord til kunnskapsbasens embeddings er klare',
    sv: 'sökning på ord tills kunskapsbasens embeddings är klara',
    da: 'søgning på ord, indtil vidensbasens embeddings er klar',
    en: "search by words until the store's embeddings are ready",
  },
} satisfies Record<string, Record<Lang, string>>;

export const tConsole = translator(STRINGS);

/** Every language's word for the curators, as typed after an answer. */
export const CURATORS_WORDS = new Set(Object.values(STRINGS.curatorsWord));
