import { translator } from './strings';
import type { Lang } from '../lang';

/** The bot's words about goals and recognition. */
const GOAL_STRINGS = {
  missingTitle: {
    nb: 'Mangler tittel: hva vil teamet oppnå?',
    sv: 'Titel saknas: vad vill teamet uppnå?',
    da: 'Titel mangler: hvad vil teamet opnå?',
    en: 'No title: what does the team want to achieve?',
  },
  missingMetric: {
    nb: 'Ikke målbart: hvilket tall følger dere (for eksempel CSAT eller svartid)?',
    sv: 'Inte mätbart: vilket tal följer ni (till exempel CSAT eller svarstid)?',
    da: 'Ikke målbart: hvilket tal følger I (for eksempel CSAT eller svartid)?',
    en: 'Not measurable: which number do you follow (for example CSAT or handle time)?',
  },
  missingTarget: {
    nb: 'Mangler mål: hvilken verdi skal dere nå?',
    sv: 'Mål saknas: vilket värde ska ni nå?',
    da: 'Mål mangler: hvilken værdi skal I nå?',
    en: 'No target: which value should you reach?',
  },
  targetBehindStart: {
    nb: 'Målet er allerede nådd fra start: sett et mål som krever en innsats.',
    sv: 'Målet är redan nått från start: sätt ett mål som kräver en insats.',
    da: 'Målet er allerede nået fra start: sæt et mål, der kræver en indsats.',
    en: 'The target is already met at the start: set one that takes an effort.',
  },
  missingDue: {
    nb: 'Ingen frist: når skal dette være nådd?',
    sv: 'Inget slutdatum: när ska detta vara nått?',
    da: 'Ingen frist: hvornår skal det være nået?',
    en: 'No due date: when should this be reached?',
  },
  dueInPast: {
    nb: 'Fristen har allerede vært: velg en dato fram i tid.',
    sv: 'Slutdatumet har redan passerat: välj ett datum framåt i tiden.',
    da: 'Fristen er allerede overskredet: vælg en dato ude i fremtiden.',
    en: 'The due date has passed: pick a date ahead.',
  },
  missingOwner: {
    nb: 'Ingen eier: hvem har ansvar for målet?',
    sv: 'Ingen ägare: vem ansvarar för målet?',
    da: 'Ingen ejer: hvem har ansvaret for målet?',
    en: 'No owner: who is responsible for the goal?',
  },
} satisfies Record<string, Record<Lang, string>>;

export type GoalStringKey = keyof typeof GOAL_STRINGS;

export const tGoal = translator(GOAL_STRINGS);
