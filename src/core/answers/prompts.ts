import fs from 'node:fs';
import path from 'node:path';
import { KompisError } from '../errors';

export interface Prompts {
  answerSystem: string;
  /** The system prompt of a streamed answer: plain text with [n] markers naming numbered passages. */
  answerStreamSystem: string;
  answerUser: string;
}

const FILES: Record<keyof Prompts, { file: string; placeholders: string[] }> = {
  answerSystem: { file: 'answer.system.md', placeholders: [] },
  answerStreamSystem: { file: 'answer-stream.system.md', placeholders: ['NO_ANSWER'] },
  answerUser: { file: 'answer.user.md', placeholders: ['{{language}}', '{{passages}}', '{{question}}'] },
};

/** Reads every prompt at start-up and checks its placeholders, so a broken prompt stops the boot, not a user's question. */
export function loadPrompts(dir: string): Prompts {
  const out: Partial<Prompts> = {};
  for (const [key, spec] of Object.entries(FILES) as [keyof Prompts, (typeof FILES)[keyof Prompts]][]) {
    const file = path.join(dir, spec.file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new KompisError('prompt_missing', `The prompt ${file} is missing; restore it from the repository.`);
    }
    const absent = spec.placeholders.filter((p) => !text.includes(p));
    if (absent.length > 0) throw new KompisError('prompt_invalid', `The prompt ${file} lacks ${absent.join(', ')}.`);
    out[key] = text.trim();
  }
  return out as Prompts;
}

/** The prompts folder shipped with Kompis, found from the compiled or the source tree. */
export function defaultPromptsDir(): string {
  for (const up of ['../../../prompts', '../../../../prompts']) {
    const dir = path.resolve(__dirname, up);
    if (fs.existsSync(path.join(dir, FILES.answerSystem.file))) return dir;
  }
  return path.resolve(process.cwd(), 'prompts');
}
