import { translator } from './strings';
import type { Lang } from '../lang';

/** The bot's words about its commands, the same in every channel. Every language filled in: the type checks it. */
const COMMAND_STRINGS = {
  helpTitle: {
    nb: 'Kompis svarer på spørsmål om bærekraft fra kunnskapsbasen, med kilder. Still et spørsmål, eller bruk en kommando:',
    sv: 'Kompis svarar på frågor om hållbarhet från kunskapsbasen, med källor. Ställ en fråga eller använd ett kommando:',
    da: 'Kompis svarer på spørgsmål om bæredygtighed fra vidensbasen, med kilder. Stil et spørgsmål, eller brug en kommando:',
    en: 'Kompis answers sustainability questions from the knowledge store, with sources. Ask a question, or use a command:',
  },
  cmdHelp: { nb: 'viser denne hjelpen', sv: 'visar den här hjälpen', da: 'viser denne hjælp', en: 'shows this help' },
  cmdUnanswered: {
    nb: 'lister spørsmålene kunnskapsbasen ikke kunne svare på, eller bare kom nær (for kuratorer)',
    sv: 'listar frågorna som kunskapsbasen inte kunde svara på, eller bara kom nära (för kuratorer)',
    da: 'viser spørgsmålene, vidensbasen ikke kunne svare på eller kun kom tæt på (for kuratorer)',
    en: 'lists the questions the knowledge store could not answer, or only came close to (for curators)',
  },
  cmdKudos: {
    nb: 'takk en kollega i teamets kanal (kudos @person for …)',
    sv: 'tacka en kollega i teamets kanal (kudos @person för …)',
    da: 'tak en kollega i teamets kanal (kudos @person for …)',
    en: "thank a colleague in the team's channel (kudos @person for …)",
  },
  unknownCommand: {
    nb: 'Den kommandoen kjenner jeg ikke: «{name}».',
    sv: 'Det kommandot känner jag inte till: ”{name}”.',
    da: 'Den kommando kender jeg ikke: »{name}«.',
    en: 'I do not know that command: "{name}".',
  },
  unansweredTitle: {
    nb: 'Ubesvarte spørsmål ({count})',
    sv: 'Obesvarade frågor ({count})',
    da: 'Ubesvarede spørgsmål ({count})',
    en: 'Unanswered questions ({count})',
  },
  unansweredNone: {
    nb: 'Ingen ubesvarte spørsmål. Kunnskapsbasen holder følge.',
    sv: 'Inga obesvarade frågor. Kunskapsbasen hänger med.',
    da: 'Ingen ubesvarede spørgsmål. Vidensbasen følger med.',
    en: 'No unanswered questions. The knowledge store is keeping up.',
  },
  unansweredMore: { nb: '… og {count} til.', sv: '… och {count} till.', da: '… og {count} mere.', en: '… and {count} more.' },
  goalsOff: {
    nb: 'Mål og kudos er ikke slått på for Kompis her. Be IT-ansvarlig om å sette det opp.',
    sv: 'Mål och kudos är inte påslaget för Kompis här. Be IT-ansvarig att sätta upp det.',
    da: 'Mål og kudos er ikke slået til for Kompis her. Bed den IT-ansvarlige om at sætte det op.',
    en: 'Goals and kudos are not configured for Kompis here. Ask your IT admin to set them up.',
  },
  pulseOff: {
    nb: 'Ukens puls er ikke slått på for Kompis her. Be IT-ansvarlig om å sette den opp.',
    sv: 'Veckans puls är inte påslagen för Kompis här. Be IT-ansvarig att sätta upp den.',
    da: 'Ugens puls er ikke slået til for Kompis her. Bed den IT-ansvarlige om at sætte den op.',
    en: 'The weekly pulse is not configured for Kompis here. Ask your IT admin to set it up.',
  },
  unansweredPrivately: {
    nb: 'Listen over ubesvarte spørsmål har med spørsmål andre har stilt i private meldinger, så den vises bare der bare du ser svaret: i /kompis unanswered i Slack, eller i den personlige chatten din med Kompis i Teams.',
    sv: 'Listan över obesvarade frågor har med frågor som andra ställt i privata meddelanden, så den visas bara där bara du ser svaret: i /kompis unanswered i Slack, eller i din personliga chatt med Kompis i Teams.',
    da: 'Listen over ubesvarede spørgsmål har spørgsmål med, som andre har stillet i private beskeder, så den vises kun dér, hvor kun du ser svaret: i /kompis unanswered i Slack eller i din personlige chat med Kompis i Teams.',
    en: 'The list of unanswered questions holds questions others asked in private messages, so it is shown only where you alone see the reply: /kompis unanswered in Slack, or your personal chat with Kompis in Teams.',
  },
  unansweredForCurators: {
    nb: 'Listen over ubesvarte spørsmål er for kuratorene og teamlederne, siden den har med spørsmål andre har stilt privat.',
    sv: 'Listan över obesvarade frågor är för kuratorerna och teamledarna, eftersom den har med frågor som andra ställt privat.',
    da: 'Listen over ubesvarede spørgsmål er for kuratorerne og teamlederne, da den har spørgsmål med, som andre har stillet privat.',
    en: 'The list of unanswered questions is for the curators and team leads, as it holds questions others asked privately.',
  },
  curationOff: {
    nb: 'Listen over ubesvarte spørsmål er ikke tilgjengelig her.',
    sv: 'Listan över obesvarade frågor är inte tillgänglig här.',
    da: 'Listen over ubesvarede spørgsmål er ikke tilgængelig her.',
    en: 'The list of unanswered questions is not available here.',
  },
  noForms: {
    nb: 'Skjemaer kan ikke vises her. Lag mål og sett opp pulsen i teamets chatkanal.',
    sv: 'Formulär kan inte visas här. Skapa mål och sätt upp pulsen i teamets chattkanal.',
    da: 'Formularer kan ikke vises her. Opret mål og sæt pulsen op i teamets chatkanal.',
    en: "Forms cannot be shown here. Create goals and set up the pulse in your team's chat channel.",
  },
} satisfies Record<string, Record<Lang, string>>;

export type CommandStringKey = keyof typeof COMMAND_STRINGS;

export const tCommand = translator(COMMAND_STRINGS);
