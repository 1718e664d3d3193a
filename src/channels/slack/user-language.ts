import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { type Lang, langFromLocale } from '../../core/lang';
import type { Logger } from '../../core/ports';

const UsersInfo = z.object({ user: z.object({ locale: z.string().optional() }).optional() });
const TTL_MS = 60 * 60 * 1000;

/**
 * The language of a user's Slack client (users.info with the locale), cached an hour. It is a hint:
 * the answer still follows the language the question is written in.
 */
export class UserLanguages {
  private readonly cache = new Map<string, { lang: Lang | undefined; until: number }>();

  constructor(private readonly fallback: Lang, private readonly logger: Logger) {}

  /** The user's client language, or the default when the client does not say. */
  async of(client: webApi.WebClient, user: string): Promise<Lang> {
    return (await this.clientOf(client, user)) ?? this.fallback;
  }

  /** The language the user's client is set to; undefined when it is none of Kompis's or cannot be looked up. */
  async clientOf(client: webApi.WebClient, user: string): Promise<Lang | undefined> {
    const hit = this.cache.get(user);
    if (hit && hit.until > Date.now()) return hit.lang;
    let lang: Lang | undefined;
    try {
      const parsed = UsersInfo.safeParse(await client.users.info({ user, include_locale: true }));
      lang = langFromLocale(parsed.success ? parsed.data.user?.locale : undefined);
    } catch (err) {
      // the language is only a hint: answer anyway, in the default language
      this.logger.debug({ reason: (err as Error).message }, 'users.info failed; using the default language');
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(user, { lang, until: Date.now() + TTL_MS });
    return lang;
  }
}
