import { tc } from './strings';
import type { Lang } from '../../core/lang';
import { suggestionsFor, type Suggestions } from '../../core/knowledge/suggestions';

/** The suggested prompts of the assistant panel and the agent DM, in the user's language: the store's own, or the built-in ones. */
export function suggestedPrompts(lang: Lang, own?: Suggestions): { title: string; prompts: { title: string; message: string }[] } {
  return { title: tc(lang, 'promptsTitle'), prompts: suggestionsFor(lang, own).map(({ title, message }) => ({ title, message })) };
}
