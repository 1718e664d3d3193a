import { cleanQuestion } from '../../core/question-text';
import { decodeEntities } from './markup';

/**
 * A question as Teams delivered it (Kompis's own mention already removed), as the words to answer:
 * the people mentioned in front of it removed on Teams' own `<at>…</at>` markup (a display name
 * has spaces), other mentions kept as names, tags dropped, what HTML escapes (`&amp;`, `&nbsp;`)
 * decoded once the tags are gone (so a typed `&lt;b&gt;` stays text), then markup and invisible characters.
 */
export function teamsQuestion(text: string): string {
  // Teams pads a mention with `&nbsp;` as often as with a space
  const withoutLeading = text.replace(/^((?:\s|&nbsp;)*<at>[^<]*<\/at>(?:[\s,:]|&nbsp;)*)+/i, '');
  const plain = withoutLeading.replace(/<\/?at>/gi, '').replace(/<\/?[a-z][^<>]*>/gi, ' ');
  return cleanQuestion(decodeEntities(plain));
}
