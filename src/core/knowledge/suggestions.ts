import { z } from 'zod';
import { Lang, LANGS } from '../lang';

/** A question offered to an agent who opens a chat with Kompis: a short title on the button, and the question it asks. */
export interface Suggestion {
  title: string;
  message: string;
}

/** Slack shows up to four suggested prompts; Teams shows the first three suggested actions. */
export const MAX_SUGGESTIONS = 4;
const TITLE_MAX = 40;
const MESSAGE_MAX = 300;

/** A button's title for a question written on its own: the question, cut after a word when it is long. */
function titleOf(question: string): string {
  if (question.length <= TITLE_MAX) return question;
  const cut = question.slice(0, TITLE_MAX - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > TITLE_MAX / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,;:]+$/u, '')}…`;
}

/** One suggestion: a question on its own (the button shows it, shortened when long), or a title and the question. */
const WrittenSuggestion = z.union([
  z
    .string()
    .trim()
    .min(1, 'a suggested question must not be empty')
    .max(MESSAGE_MAX, `a question is at most ${MESSAGE_MAX} characters`)
    .transform((q): Suggestion => ({ title: titleOf(q), message: q })),
  z
    .object({
      title: z.string().trim().min(1, 'title must not be empty').max(TITLE_MAX, `title is at most ${TITLE_MAX} characters`),
      message: z.string().trim().min(1, 'message must not be empty').max(MESSAGE_MAX, `message is at most ${MESSAGE_MAX} characters`),
    })
    .strict(),
], { error: 'write a question, or a title and a message' });

/**
 * `_suggestions.yaml` in a knowledge folder: the questions Kompis suggests, by language, so a company
 * offers what its own store answers. A language left out gets the company's English ones, else those
 * of the first language given.
 */
export const SuggestionsFile = z
  .partialRecord(Lang, z.array(WrittenSuggestion).min(1, 'give at least one question').max(MAX_SUGGESTIONS, `at most ${MAX_SUGGESTIONS} questions a language`), {
    // zod's types leave out the issue a record over an enum raises for a key outside it
    error: (issue) => {
      const { code, keys } = issue as { code: string; keys?: string[] };
      return code === 'unrecognized_keys' && keys ? `${keys.join(', ')}: a language must be one of ${LANGS.join(', ')}` : undefined;
    },
  })
  .refine((f) => LANGS.some((l) => f[l] !== undefined), `give questions under one or more of ${LANGS.join(', ')}`);
export type Suggestions = Partial<Record<Lang, Suggestion[]>>;

export const SUGGESTIONS_FILE = '_suggestions.yaml';

/**
 * What Kompis suggests when a store has no `_suggestions.yaml`: questions any company's
 * sustainability store can answer, not one company's products.
 */
const BUILT_IN: Record<Lang, Suggestion[]> = {
  nb: [
    { title: 'Klimamål', message: 'Hva er klimamålene våre, og hvor langt har vi kommet?' },
    { title: 'Klimapåstander', message: 'Hva kan vi si om klimaavtrykket vårt?' },
    { title: 'Grønnvasking', message: 'Hvordan svarer jeg en kunde som mener vi driver med grønnvasking?' },
  ],
  sv: [
    { title: 'Klimatmål', message: 'Vilka är våra klimatmål, och hur långt har vi kommit?' },
    { title: 'Klimatpåståenden', message: 'Vad kan vi säga om vårt klimatavtryck?' },
    { title: 'Grönmålning', message: 'Hur svarar jag en kund som anklagar oss för grönmålning?' },
  ],
  da: [
    { title: 'Klimamål', message: 'Hvad er vores klimamål, og hvor langt er vi nået?' },
    { title: 'Klimapåstande', message: 'Hvad kan vi sige om vores klimaaftryk?' },
    { title: 'Grønvask', message: 'Hvordan svarer jeg en kunde, der mener, at vi grønvasker?' },
  ],
  en: [
    { title: 'Climate targets', message: 'What are our climate targets, and how far have we come?' },
    { title: 'Climate claims', message: 'What can we say about our climate footprint?' },
    { title: 'Greenwashing', message: 'How do I answer a customer who says we are greenwashing?' },
  ],
};

/** The questions to suggest to someone reading `lang`: the store's own when it has them, else the built-in ones. */
export function suggestionsFor(lang: Lang, own?: Suggestions): Suggestion[] {
  if (!own) return BUILT_IN[lang];
  return own[lang] ?? own.en ?? LANGS.map((l) => own[l]).find((s) => s !== undefined) ?? BUILT_IN[lang];
}
