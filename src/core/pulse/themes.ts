import fs from 'node:fs';
import path from 'node:path';
import { KompisError } from '../errors';
import { LANG_NAMES, type Lang } from '../lang';
import type { Llm } from '../ports';

const FILE = 'pulse-themes.system.md';

/** Reads the themes prompt at start-up, so a missing file stops the boot, not a summary. */
export function loadThemesPrompt(dir: string): string {
  const file = path.join(dir, FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new KompisError('prompt_missing', `The prompt ${file} is missing; restore it from the repository.`);
  }
  if (!text.includes('{{language}}')) throw new KompisError('prompt_invalid', `The prompt ${file} lacks {{language}}.`);
  return text.trim();
}

/**
 * A short themes paragraph from a round's comments (already scrubbed of names, e-mails and phone
 * numbers). Only called for a round that met K. A model that fails gives no paragraph, not an error.
 */
export function themesWith(llm: Llm, system: string, timeoutMs: number): (comments: string[], lang: Lang) => Promise<string | undefined> {
  return async (comments, lang) => {
    if (comments.length === 0) return undefined;
    const list = comments.map((c, i) => `${i + 1}. ${c.replace(/\s+/g, ' ').slice(0, 1000)}`).join('\n');
    const result = await llm.completeText(
      [
        { role: 'system', content: system.replace('{{language}}', LANG_NAMES.en[lang]) },
        { role: 'user', content: `Comments:\n${list}` },
      ],
      AbortSignal.timeout(timeoutMs),
    );
    return result.ok ? result.value.trim().slice(0, 1200) || undefined : undefined;
  };
}
