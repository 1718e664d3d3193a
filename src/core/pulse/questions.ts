import type { Lang } from '../lang';

/** The pulse's question bank, written for Kompis in the four languages. Ids are stored: never change one. */

export type PulseScale = 'agree5' | 'nps11';
export type PulseQuestionId = 'expectations' | 'support' | 'results' | 'recognition' | 'workload' | 'enps' | 'tools' | 'energy';

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
    text: { nb: 'Denne uken visste jeg hva som var forventet av meg.', sv: 'Den här veckan visste jag vad som förväntades av mig.', da: 'I denne uge vidste jeg, hvad der blev forventet af mig.', en: 'This week I knew what was expected of me.' },
    label: { nb: 'Tydelige forventninger', sv: 'Tydliga förväntningar', da: 'Klare forventninger', en: 'Clear expectations' },
  },
  {
    id: 'support',
    scale: 'agree5',
    text: { nb: 'Jeg fikk støtten jeg trengte fra lederen min.', sv: 'Jag fick det stöd jag behövde från min chef.', da: 'Jeg fik den støtte, jeg havde brug for, fra min leder.', en: 'I got the support I needed from my team lead.' },
    label: { nb: 'Støtte fra leder', sv: 'Stöd från chefen', da: 'Støtte fra leder', en: 'Support from the lead' },
  },
  {
    id: 'results',
    scale: 'agree5',
    text: { nb: 'Jeg så resultatene av det jeg gjorde.', sv: 'Jag såg resultatet av det jag gjorde.', da: 'Jeg så resultaterne af det, jeg lavede.', en: 'I could see the results of my work.' },
    label: { nb: 'Ser resultatene', sv: 'Ser resultaten', da: 'Ser resultaterne', en: 'Seeing results' },
  },
  {
    id: 'recognition',
    scale: 'agree5',
    text: { nb: 'Innsatsen min ble lagt merke til denne uken.', sv: 'Min insats blev uppmärksammad den här veckan.', da: 'Min indsats blev bemærket i denne uge.', en: 'My effort was noticed this week.' },
    label: { nb: 'Anerkjennelse', sv: 'Erkännande', da: 'Anerkendelse', en: 'Recognition' },
  },
  {
    id: 'workload',
    scale: 'agree5',
    text: { nb: 'Arbeidsmengden var til å håndtere.', sv: 'Arbetsbelastningen var hanterbar.', da: 'Arbejdsmængden var til at overkomme.', en: 'My workload was manageable.' },
    label: { nb: 'Håndterbar arbeidsmengde', sv: 'Hanterbar arbetsbörda', da: 'Overkommelig arbejdsmængde', en: 'Manageable workload' },
  },
  {
    id: 'enps',
    scale: 'nps11',
    text: {
      nb: 'Hvor sannsynlig er det at du vil anbefale teamet som arbeidsplass?',
      sv: 'Hur troligt är det att du skulle rekommendera teamet som arbetsplats?',
      da: 'Hvor sandsynligt er det, at du vil anbefale teamet som arbejdsplads?',
      en: 'How likely is it that you would recommend this team as a place to work?',
    },
    label: { nb: 'Anbefaler teamet (eNPS)', sv: 'Rekommenderar teamet (eNPS)', da: 'Anbefaler teamet (eNPS)', en: 'Would recommend (eNPS)' },
  },
  {
    id: 'tools',
    scale: 'agree5',
    text: { nb: 'Jeg hadde verktøyene og informasjonen jeg trengte.', sv: 'Jag hade de verktyg och den information jag behövde.', da: 'Jeg havde de værktøjer og den information, jeg havde brug for.', en: 'I had the tools and information I needed.' },
    label: { nb: 'Verktøy og informasjon', sv: 'Verktyg och information', da: 'Værktøjer og information', en: 'Tools and information' },
  },
  {
    id: 'energy',
    scale: 'agree5',
    text: { nb: 'Jeg hadde energi igjen da uken var over.', sv: 'Jag hade energi kvar när veckan var slut.', da: 'Jeg havde energi tilbage, da ugen var omme.', en: 'I had energy left at the end of the week.' },
    label: { nb: 'Energi igjen', sv: 'Energi kvar', da: 'Energi tilbage', en: 'Energy left' },
  },
];

export const DEFAULT_QUESTION_IDS: readonly PulseQuestionId[] = ['expectations', 'support', 'results', 'recognition', 'workload', 'enps'];

export function pulseQuestion(id: string): PulseQuestion | undefined {
  return PULSE_QUESTIONS.find((q) => q.id === id);
}

export function scaleValues(scale: PulseScale): number[] {
  return scale === 'agree5' ? [1, 2, 3, 4, 5] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
}

const LABELS: Record<PulseScale, Record<Lang, { low: string; high: string }>> = {
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

export function scaleLabels(scale: PulseScale, lang: Lang): { low: string; high: string } {
  return LABELS[scale][lang];
}

export const commentPrompt: Record<Lang, string> = {
  nb: 'Noe mer du vil si? (valgfritt)',
  sv: 'Något mer du vill säga? (valfritt)',
  da: 'Andet, du vil sige? (valgfrit)',
  en: 'Anything else you want to say? (optional)',
};
