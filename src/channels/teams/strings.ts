import { translator } from '../../core/i18n/strings';
import type { Lang } from '../../core/lang';

/**
 * The bot's own words that only Microsoft Teams shows: the welcome on install and the labels of the
 * citation pop-up. Answers and abstentions use strings.ts. Every language filled in: the type checks it.
 */
const TEAMS_STRINGS = {
  welcome: {
    nb: 'Hei! Jeg er Kompis. Spør meg om bærekraft, så svarer jeg fra kunnskapsbasen med kilder. I en kanal: nevn @Kompis i spørsmålet.',
    sv: 'Hej! Jag är Kompis. Fråga mig om hållbarhet så svarar jag från kunskapsbasen med källor. I en kanal: nämn @Kompis i frågan.',
    da: 'Hej! Jeg er Kompis. Spørg mig om bæredygtighed, så svarer jeg fra vidensbasen med kilder. I en kanal: nævn @Kompis i spørgsmålet.',
    en: 'Hi! I am Kompis. Ask me about sustainability and I will answer from the knowledge store, with sources. In a channel: mention @Kompis in the question.',
  },
  searching: {
    nb: 'Leter i kunnskapsbasen …',
    sv: 'Söker i kunskapsbasen …',
    da: 'Søger i vidensbasen …',
    en: 'Searching the knowledge store …',
  },
  citationFile: { nb: 'Dokument: {path}', sv: 'Dokument: {path}', da: 'Dokument: {path}', en: 'Document: {path}' },
  citationReviewed: { nb: 'Sist gjennomgått {date}', sv: 'Senast granskad {date}', da: 'Sidst gennemgået {date}', en: 'Last reviewed {date}' },
  citationStale: {
    nb: 'Over 12 måneder siden siste gjennomgang',
    sv: 'Över 12 månader sedan senaste granskning',
    da: 'Over 12 måneder siden sidste gennemgang',
    en: 'Over 12 months since last review',
  },
  colleague: { nb: 'en kollega', sv: 'en kollega', da: 'en kollega', en: 'a colleague' },
  commandsNeedTeams: {
    nb: 'Kommandoene (mål, kudos, puls) virker i Microsoft Teams, der Kompis vet hvem du er. Her kan du stille spørsmål om bærekraft.',
    sv: 'Kommandona (mål, kudos, puls) fungerar i Microsoft Teams, där Kompis vet vem du är. Här kan du ställa frågor om hållbarhet.',
    da: 'Kommandoerne (mål, kudos, puls) virker i Microsoft Teams, hvor Kompis ved, hvem du er. Her kan du stille spørgsmål om bæredygtighed.',
    en: 'The commands (goals, kudos, pulse) work in Microsoft Teams, where Kompis knows who you are. Here you can ask sustainability questions.',
  },
  formNotUnderstood: {
    nb: 'Jeg klarte ikke å lese skjemaet. Prøv igjen, eller skriv kommandoen på nytt for et nytt skjema.',
    sv: 'Jag kunde inte läsa formuläret. Försök igen, eller skriv kommandot på nytt för ett nytt formulär.',
    da: 'Jeg kunne ikke læse formularen. Prøv igen, eller skriv kommandoen igen for en ny formular.',
    en: 'I could not read that form. Try again, or write the command again for a fresh form.',
  },
} satisfies Record<string, Record<Lang, string>>;

export type TeamsStringKey = keyof typeof TEAMS_STRINGS;

export const tt = translator(TEAMS_STRINGS);
