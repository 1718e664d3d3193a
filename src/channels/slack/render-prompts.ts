import { tc } from './strings';
import type { Lang } from '../../core/lang';

/** The suggested prompts of the assistant panel and the agent DM, in the user's language. */
export function suggestedPrompts(lang: Lang): { title: string; prompts: { title: string; message: string }[] } {
  return {
    title: tc(lang, 'promptsTitle'),
    prompts: [
      { title: tc(lang, 'prompt1Title'), message: tc(lang, 'prompt1') },
      { title: tc(lang, 'prompt2Title'), message: tc(lang, 'prompt2') },
      { title: tc(lang, 'prompt3Title'), message: tc(lang, 'prompt3') },
    ],
  };
}
