import type { Logger } from '../ports';
import type { ChannelBookkeeping } from '../storage/ports';
import { describeError } from './describe-error';

/**
 * True the first time `id` is seen within `ttlSeconds`, on every replica: a question, click or
 * command delivered again runs once. While the store cannot say, it runs (a possible duplicate beats
 * a lost question), unless `whenDown` says otherwise, and the log says so.
 */
export async function firstTime(seen: Pick<ChannelBookkeeping, 'markEventSeen'>, id: string, ttlSeconds: number, logger: Logger, whenDown = true): Promise<boolean> {
  try {
    const first = await seen.markEventSeen(id, ttlSeconds);
    if (!first) logger.info({ kind: id.split(':').slice(0, 2).join(':') }, 'delivered again: acknowledged, not run again');
    return first;
  } catch (err) {
    logger.warn(describeError(err), whenDown ? 'could not check whether this was seen before; answering anyway' : 'could not check whether this was seen before; leaving it out');
    return whenDown;
  }
}
