import { translator } from '../../core/i18n/strings';
import type { Lang } from '../../core/lang';

/**
 * The bot's own words that only Slack shows: buttons, status lines, the greeting and prompts, in
 * Slack's markup. The words of answers and commands are core's. Every language filled in: the type checks it.
 */
const CHAT_STRINGS = {
  thinking: {
    nb: 'leter i kunnskapsbasen …',
    sv: 'letar i kunskapsbasen …',
    da: 'leder i vidensbasen …',
    en: 'looking in the knowledge store …',
  },
  placeholder: {
    nb: ':mag: Leter i kunnskapsbasen …',
    sv: ':mag: Letar i kunskapsbasen …',
    da: ':mag: Leder i vidensbasen …',
    en: ':mag: Looking in the knowledge store …',
  },
  continued: { nb: '(fortsetter)', sv: '(fortsätter)', da: '(fortsat)', en: '(continued)' },
  feedbackGood: { nb: 'Nyttig svar', sv: 'Användbart svar', da: 'Nyttigt svar', en: 'Helpful answer' },
  feedbackBad: { nb: 'Ikke nyttig svar', sv: 'Inte användbart svar', da: 'Ikke nyttigt svar', en: 'Not a helpful answer' },
  feedbackThanks: {
    nb: 'Takk for tilbakemeldingen!',
    sv: 'Tack för återkopplingen!',
    da: 'Tak for tilbagemeldingen!',
    en: 'Thanks for the feedback!',
  },
  reasonTitle: { nb: 'Hva var galt?', sv: 'Vad var fel?', da: 'Hvad var galt?', en: 'What was wrong?' },
  reasonLabel: {
    nb: 'Fortell gjerne hva som manglet eller var feil (valgfritt)',
    sv: 'Berätta gärna vad som saknades eller var fel (valfritt)',
    da: 'Fortæl gerne, hvad der manglede eller var forkert (valgfrit)',
    en: 'Tell us what was missing or wrong (optional)',
  },
  reasonSubmit: { nb: 'Send', sv: 'Skicka', da: 'Send', en: 'Send' },
  reasonCancel: { nb: 'Hopp over', sv: 'Hoppa över', da: 'Spring over', en: 'Skip' },
  sendToCurators: { nb: 'Send til kuratorene', sv: 'Skicka till kuratorerna', da: 'Send til kuratorerne', en: 'Send to the curators' },
  sentToCurators: {
    nb: ':white_check_mark: Spørsmålet er sendt til kuratorene.',
    sv: ':white_check_mark: Frågan är skickad till kuratorerna.',
    da: ':white_check_mark: Spørgsmålet er sendt til kuratorerne.',
    en: ':white_check_mark: The question was sent to the curators.',
  },
  curatorPost: {
    nb: ':question: Et spørsmål kunnskapsbasen ikke kunne svare på, eller bare kom nær, fra {user} i {channel}:',
    sv: ':question: En fråga som kunskapsbasen inte kunde svara på, eller bara kom nära, från {user} i {channel}:',
    da: ':question: Et spørgsmål, vidensbasen ikke kunne svare på eller kun kom tæt på, fra {user} i {channel}:',
    en: ':question: A question the knowledge store could not answer, or only came close to, from {user} in {channel}:',
  },
  greeting: {
    nb: 'Hei! Jeg er Kompis. Spør meg om bærekraft, så svarer jeg fra kunnskapsbasen, med en kilde for hver påstand. Velg et forslag over, eller skriv spørsmålet ditt.',
    sv: 'Hej! Jag är Kompis. Fråga mig om hållbarhet så svarar jag från kunskapsbasen, med en källa för varje påstående. Välj ett förslag ovan eller skriv din fråga.',
    da: 'Hej! Jeg er Kompis. Spørg mig om bæredygtighed, så svarer jeg fra vidensbasen med en kilde til hver påstand. Vælg et forslag ovenfor, eller skriv dit spørgsmål.',
    en: 'Hi! I am Kompis. Ask me about sustainability and I answer from the knowledge store, with a source for every claim. Pick a suggestion above or write your question.',
  },
  promptsTitle: {
    nb: 'Hva lurer du på om bærekraft?',
    sv: 'Vad undrar du om hållbarhet?',
    da: 'Hvad vil du vide om bæredygtighed?',
    en: 'What would you like to know about sustainability?',
  },
  curatorsNotNoted: {
    nb: 'Lageret mitt svarer ikke akkurat nå, så spørsmålet kom ikke på listen til kuratorene. Spør gjerne igjen om litt.',
    sv: 'Min lagring svarar inte just nu, så frågan kom inte med på kuratorernas lista. Fråga gärna igen om en stund.',
    da: 'Mit lager svarer ikke lige nu, så spørgsmålet kom ikke på kuratorernes liste. Spørg gerne igen om lidt.',
    en: "My storage is not answering right now, so the question did not get onto the curators' list. Please ask again in a while.",
  },
  curatorsUnavailable: {
    nb: 'Ingen kuratorkanal er satt opp, så spørsmålet ble bare lagt i listen over ubesvarte spørsmål.',
    sv: 'Ingen kuratorkanal är inställd, så frågan lades bara i listan över obesvarade frågor.',
    da: 'Der er ikke sat nogen kuratorkanal op, så spørgsmålet blev kun lagt på listen over ubesvarede spørgsmål.',
    en: 'No curator channel is set up, so the question was only added to the list of unanswered questions.',
  },
  formBySlashCommand: {
    nb: 'Et skjema åpnes bare fra skråstrekkommandoen: skriv {command}.',
    sv: 'Ett formulär öppnas bara från snedstreckskommandot: skriv {command}.',
    da: 'En formular åbnes kun fra skråstregskommandoen: skriv {command}.',
    en: 'A form opens only from the slash command: type {command}.',
  },
} satisfies Record<string, Record<Lang, string>>;

export type ChatStringKey = keyof typeof CHAT_STRINGS;

export const tc = translator(CHAT_STRINGS);
