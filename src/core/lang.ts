import { z } from 'zod';

export const LANGS = ['nb', 'sv', 'da', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;

export const LANG_NAMES: Record<Lang, Record<Lang, string>> = {
  nb: { nb: 'norsk', sv: 'svensk', da: 'dansk', en: 'engelsk' },
  sv: { nb: 'norska', sv: 'svenska', da: 'danska', en: 'engelska' },
  da: { nb: 'norsk', sv: 'svensk', da: 'dansk', en: 'engelsk' },
  en: { nb: 'Norwegian', sv: 'Swedish', da: 'Danish', en: 'English' },
};
