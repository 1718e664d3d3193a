import type { Lang } from '../lang';

/**
 * The pulse's question bank, written for Kompis in each language rather than translated word for
 * word. Statements are first person, present tense, about this week, so a 1–5 answer means the same
 * thing every round. Ids are stored with every round and answer: never change or reuse one.
 */

export type PulseScale = 'agree5' | 'nps11';

export const PULSE_QUESTION_IDS = [
  'expectations',
  'support',
  'results',
  'recognition',
  'workload',
  'enps',
  'tools',
  'energy',
  'colleagues',
  'learning',
] as const;
export type PulseQuestionId = (typeof PULSE_QUESTION_IDS)[number];

export interface PulseQuestion {
  id: PulseQuestionId;
  scale: PulseScale;
  text: Record<Lang, string>;
  /** Short label for summaries, ≤ 28 characters. */
  label: Record<Lang, string>;
}

export const PULSE_QUESTIONS: readonly PulseQuestion[] = [
  {
    id: 'expectations',
    scale: 'agree5',
    text: {
      nb: 'Jeg vet hva som forventes av meg på jobb denne uken.',
      sv: 'Jag vet vad som förväntas av mig på jobbet den här veckan.',
      da: 'Jeg ved, hvad der forventes af mig på arbejdet i denne uge.',
      en: 'I know what is expected of me at work this week.',
    },
    label: { nb: 'Tydelige forventninger', sv: 'Tydliga förväntningar', da: 'Klare forventninger', en: 'Clear expectations' },
  },
  {
    id: 'support',
    scale: 'agree5',
    text: {
      nb: 'Jeg får den støtten jeg trenger fra teamlederen min denne uken.',
      sv: 'Jag får det stöd jag behöver från min teamledare den här veckan.',
      da: 'Jeg får den støtte, jeg har brug for, fra min teamleder i denne uge.',
      en: 'I get the support I need from my team lead this week.',
    },
    label: { nb: 'Støtte fra teamleder', sv: 'Stöd från teamledaren', da: 'Støtte fra teamleder', en: 'Support from team lead' },
  },
  {
    id: 'results',
    scale: 'agree5',
    text: {
      nb: 'Jeg ser resultatene av arbeidet mitt denne uken.',
      sv: 'Den här veckan ser jag resultatet av mitt arbete.',
      da: 'Jeg kan se resultatet af mit arbejde i denne uge.',
      en: 'I can see the results of my work this week.',
    },
    label: { nb: 'Synlige resultater', sv: 'Synliga resultat', da: 'Synlige resultater', en: 'Visible results' },
  },
  {
    id: 'recognition',
    scale: 'agree5',
    text: {
      nb: 'Denne uken føler jeg meg sett og verdsatt for jobben jeg gjør.',
      sv: 'Den här veckan känner jag mig sedd och uppskattad för det jag gör.',
      da: 'I denne uge føler jeg mig set og anerkendt for det arbejde, jeg laver.',
      en: 'This week I feel recognised for the work I do.',
    },
    label: { nb: 'Anerkjennelse', sv: 'Uppskattning', da: 'Anerkendelse', en: 'Recognition' },
  },
  {
    id: 'workload',
    scale: 'agree5',
    text: {
      nb: 'Arbeidsmengden min er overkommelig denne uken.',
      sv: 'Min arbetsbelastning är hanterbar den här veckan.',
      da: 'Min arbejdsbyrde er til at overkomme i denne uge.',
      en: 'My workload is manageable this week.',
    },
    label: { nb: 'Overkommelig arbeidsmengde', sv: 'Hanterbar arbetsbelastning', da: 'Overkommelig arbejdsbyrde', en: 'Manageable workload' },
  },
  {
    id: 'enps',
    scale: 'nps11',
    text: {
      nb: 'Hvor sannsynlig er det at du vil anbefale dette teamet som arbeidsplass?',
      sv: 'Hur troligt är det att du skulle rekommendera det här teamet som arbetsplats?',
      da: 'Hvor sandsynligt er det, at du vil anbefale dette team som arbejdsplads?',
      en: 'How likely is it that you would recommend this team as a place to work?',
    },
    label: { nb: 'Vil anbefale teamet (eNPS)', sv: 'Rekommenderar teamet (eNPS)', da: 'Vil anbefale teamet (eNPS)', en: 'Would recommend (eNPS)' },
  },
  // Optional: a lead may swap any of these in for a default.
  {
    id: 'tools',
    scale: 'agree5',
    text: {
      nb: 'Jeg har verktøyene og informasjonen jeg trenger i jobben denne uken.',
      sv: 'Jag har de verktyg och den information jag behöver i jobbet den här veckan.',
      da: 'I denne uge har jeg de værktøjer og oplysninger, jeg har brug for i mit arbejde.',
      en: 'I have the tools and information I need for my job this week.',
    },
    label: { nb: 'Verktøy og informasjon', sv: 'Verktyg och information', da: 'Værktøjer og oplysninger', en: 'Tools and information' },
  },
  {
    // Said of the workday rather than the week's end, so it reads right whichever day the pulse goes out.
    id: 'energy',
    scale: 'agree5',
    text: {
      nb: 'Jeg har overskudd igjen etter arbeidsdagen denne uken.',
      sv: 'Jag har ork kvar efter arbetsdagen den här veckan.',
      da: 'Jeg har overskud tilbage efter arbejdsdagen i denne uge.',
      en: 'I have energy left after my workday this week.',
    },
    label: { nb: 'Overskudd etter jobb', sv: 'Ork kvar efter jobbet', da: 'Overskud efter arbejdet', en: 'Energy after work' },
  },
  {
    id: 'colleagues',
    scale: 'agree5',
    text: {
      nb: 'Denne uken kan jeg regne med kollegene mine når jeg trenger hjelp.',
      sv: 'Den här veckan kan jag räkna med mina kollegor när jag behöver hjälp.',
      da: 'I denne uge kan jeg regne med mine kolleger, når jeg har brug for hjælp.',
      en: 'This week I can count on my colleagues when I need help.',
    },
    label: { nb: 'Hjelp fra kolleger', sv: 'Hjälp från kollegor', da: 'Hjælp fra kolleger', en: 'Help from colleagues' },
  },
  {
    id: 'learning',
    scale: 'agree5',
    text: {
      nb: 'Jeg lærer noe nytt i jobben denne uken.',
      sv: 'Jag lär mig något nytt i jobbet den här veckan.',
      da: 'Jeg lærer noget nyt på jobbet i denne uge.',
      en: 'I am learning something new in my job this week.',
    },
    label: { nb: 'Lærer noe nytt', sv: 'Lär mig nytt', da: 'Lærer noget nyt', en: 'Learning something new' },
  },
];

/** What a new team's pulse asks until its lead chooses otherwise. */
export const DEFAULT_QUESTION_IDS: readonly PulseQuestionId[] = ['expectations', 'support', 'results', 'recognition', 'workload', 'enps'];

const BY_ID: ReadonlyMap<string, PulseQuestion> = new Map(PULSE_QUESTIONS.map((q) => [q.id, q]));

/** The question with this id, or undefined for an id the bank does not (or no longer) hold. */
export function pulseQuestion(id: string): PulseQuestion | undefined {
  return BY_ID.get(id);
}

/** The values a person can pick, low to high. A fresh array each call. */
export function scaleValues(scale: PulseScale): number[] {
  return scale === 'agree5' ? [1, 2, 3, 4, 5] : Array.from({ length: 11 }, (_, i) => i);
}

const SCALE_LABELS: Record<PulseScale, Record<Lang, { low: string; high: string }>> = {
  agree5: {
    nb: { low: 'Helt uenig', high: 'Helt enig' },
    sv: { low: 'Instämmer inte alls', high: 'Instämmer helt' },
    da: { low: 'Helt uenig', high: 'Helt enig' },
    en: { low: 'Strongly disagree', high: 'Strongly agree' },
  },
  nps11: {
    nb: { low: 'Svært lite sannsynlig', high: 'Svært sannsynlig' },
    sv: { low: 'Inte alls troligt', high: 'Mycket troligt' },
    da: { low: 'Slet ikke sandsynligt', high: 'Meget sandsynligt' },
    en: { low: 'Not at all likely', high: 'Extremely likely' },
  },
};

/** The words at the two ends of a scale. */
export function scaleLabels(scale: PulseScale, lang: Lang): { low: string; high: string } {
  const { low, high } = SCALE_LABELS[scale][lang];
  return { low, high };
}

/**
 * The invitation to an optional comment. It says which names are removed (the team's own, as
 * Kompis knows them), so nobody trusts it to hide a customer's or another team's name.
 */
export const commentPrompt: Record<Lang, string> = {
  nb: 'Noe mer du vil si? (valgfritt) Navn på folk i teamet, e-postadresser, telefonnumre og lenker fjernes før teamlederen leser det.',
  sv: 'Något mer du vill säga? (valfritt) Namn på personer i teamet, e-postadresser, telefonnummer och länkar tas bort innan teamledaren läser det.',
  da: 'Er der andet, du vil sige? (valgfrit) Navne på folk i teamet, e-mailadresser, telefonnumre og links fjernes, før teamlederen læser det.',
  en: 'Anything else you want to say? (optional) Names of people in the team, e-mail addresses, phone numbers and links are removed before your team lead reads it.',
};

/** Respondents needed before comments are shown: the team's choice, by default max(K, 5); never below K. */
export function commentThreshold(p: { k: number; commentK?: number | undefined }): number {
  return Math.max(p.k, p.commentK ?? 5);
}
