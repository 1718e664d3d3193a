import { KompisError } from '../errors';
import type { Clock, Logger } from '../ports';
import type { CurationStore } from '../storage/ports';
import type { Answer } from './answer';

/**
 * Puts a question the store could not answer on the curators' list. A store that is down is a
 * value, not an exception: the asker still has their answer, and is told the note was not kept.
 */
export async function noteForCurators(
  deps: { curation: CurationStore; clock: Clock; logger: Logger },
  answer: Answer,
  channel?: string,
): Promise<{ ok: true; id: string } | { ok: false }> {
  if (!answer.offerCurators) return { ok: false };
  try {
    const q = await deps.curation.addUnanswered({ question: answer.question, lang: answer.lang, askedAt: deps.clock.now().toISOString(), ...(channel ? { channel } : {}) });
    return { ok: true, id: q.id };
  } catch (err) {
    if (!(err instanceof KompisError)) throw err;
    deps.logger.warn({ code: err.code }, 'unanswered question not stored');
    return { ok: false };
  }
}
