import { z } from 'zod';

/** One field's text as a channel hands it back: trimmed, the first pick of a list, empty as missing. */
export const oneValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined);

/** A field's picks: a single text is one pick, empty ones are dropped. */
export const listValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean));
