import { cleanQuestion } from '../../core/question-text';

/**
 * A question as Teams delivered it (Kompis's own mention already removed), as the words to answer:
 * the people mentioned in front of it removed on Teams' own `<at>…</at>` markup (a display name
 * has spaces), other mentions kept as names, tags dropped, then markup and invisible characters.
 */
export function teamsQuestion(text: string): string {
  const withoutLeading = text.replace(/^(\s*<at>[^<]*<\/at>[\s,:]*)+/i, '');
  const plain = withoutLeading
    .replace(/<\/?at>/gi, '')
    .replace(/<\/?[a-z][^<>]*>/gi, ' ')
    .replace(/&nbsp;/g, ' ');
  return cleanQuestion(plain);
}
