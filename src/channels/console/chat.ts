import type { Chat, OutMessage } from '../../core/messages';
import { renderMessageText } from './render-message';

export const CONSOLE_PLATFORM = 'console';

/**
 * The terminal as a chat platform: what core posts to the team's channel (a celebration, kudos)
 * or to a person is printed where the one person at the terminal reads it.
 */
export function consoleChat(print: (text: string) => void): Chat {
  return {
    platform: CONSOLE_PLATFORM,
    async send(_to, message: OutMessage) {
      print(renderMessageText(message));
      return { ok: true };
    },
    // the console's one person is not a member anyone could send a pulse to
    members: async () => [],
  };
}
