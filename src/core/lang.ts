import { z } from 'zod';

export const LANGS = ['nb', 'sv', 'da', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;

/** A chat client's locale ("nb-NO", "sv-SE", "da-DK", "en-US", "no" …) as one of our languages, when it is one. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  if (base === 'no' || base === 'nn') return 'nb';
  const parsed = Lang.safeParse(base);
  return parsed.success ? parsed.data : undefined;
}

export const LANG_NAMES: Record<Lang, Record<Lang, string>> = {
  nb: { nb: 'norsk', sv: 'svensk', da: 'dansk', en: 'engelsk' },
  sv: { nb: 'norska', sv: 'svenska', da: 'danska', en: 'engelska' },
  da: { nb: 'norsk', sv: 'svensk', da: 'dansk', en: 'engelsk' },
  en: { nb: 'Norwegian', sv: 'Swedish', da: 'Danish', en: 'English' },
};
