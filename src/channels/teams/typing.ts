import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Logger } from '../../core/ports';
import { describeError } from './errors';

/**
 * Shows "Kompis is typing…" and renews it until the returned function is called; that function
 * waits for a renewal in flight, so no indicator lands after the answer. A typing indicator that
 * fails is only cosmetic (the answer still follows), so it is logged, not raised.
 */
export async function keepTyping(context: TurnContext, everyMs: number, logger: Logger): Promise<() => Promise<void>> {
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const send = () => {
    inFlight = context
      .sendActivity(Activity.fromObject({ type: ActivityTypes.Typing }))
      .then(() => undefined)
      .catch((err: unknown) => logger.warn(describeError(err), 'Teams typing indicator could not be sent'));
    return inFlight;
  };
  await send();
  const timer = setInterval(() => {
    if (!stopped) void send();
  }, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await inFlight;
  };
}
