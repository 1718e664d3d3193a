import { z } from 'zod';
import { Lang } from '../lang';

/** Front matter of a knowledge document, as curators write it. */
export const FrontMatter = z.object({
  title: z.string().trim().min(1, 'title is required'),
  lang: Lang,
  source: z.string().url().optional(),
  owner: z.string().trim().min(1).optional(),
  reviewed: z.coerce
    .date({ message: 'reviewed must be a date such as 2026-03-14' })
    .refine((d) => !Number.isNaN(d.getTime()), 'reviewed must be a date such as 2026-03-14')
    .optional(),
  tags: z.array(z.coerce.string()).default([]),
});
export type FrontMatter = z.infer<typeof FrontMatter>;

export interface KnowledgeDocument {
  /** Path relative to the knowledge folder, with forward slashes: the document's id. */
  path: string;
  meta: FrontMatter;
  passages: Passage[];
}

/** A section of a document under one heading: what search returns and answers cite. */
export interface Passage {
  /** `relative/path.md#heading-slug` */
  id: string;
  path: string;
  title: string;
  heading: string;
  text: string;
  lang: Lang;
  tags: string[];
  source?: string;
  reviewed?: Date;
}

export interface LoadProblem {
  path: string;
  field: string;
  message: string;
}
