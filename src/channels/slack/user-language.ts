import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Lang } from '../../core/lang';
import type { Logger } from '../../core/ports';

const UsersInfo = z.object({ user: z.object({ locale: z.string().optional() }).optional() });
const TTL_MS = 60 * 60 * 1000;

/** Slack locales ('nb-NO', 'sv-SE', 'da-DK', 'en-GB', ...) to Kompis's languages. */
export function langFromLocale(locale: string | undefined, fallback: Lang): Lang {
  const code = locale?.toLowerCase().slice(0, 2);
  if (code === 'nb' || code === 'no' || code === 'nn') return 'nb';
  if (code === 'sv' || code === 'da' || code === 'en') return code;
  return fallback;
}

/**
 * The language of a user's Slack client (users.info with the locale), cached an hour. It is a hint:
 * the answer still follows the language the question is written in.
 */
export class UserLanguages {
  private readonly cache = new Map<string, { lang: Lang; until: number }>();

  constructor(private readonly fallback: Lang, private readonly logger: Logger) {}

  async of(client: webApi.WebClient, user: string): Promise<Lang> {
    const hit = this.cache.get(user);
    if (hit && hit.until > Date.now()) return hit.lang;
    let lang = this.fallback;
    try {
      const parsed = UsersInfo.safeParse(await client.users.info({ user, include_locale: true }));
      lang = langFromLocale(parsed.success ? parsed.data.user?.locale : undefined, this.fallback);
    } catch (err) {
      // the language is only a hint: answer anyway, in the default language
      this.logger.debug({ reason: (err as Error).message }, 'users.info failed; using the default language');
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(user, { lang, until: Date.now() + TTL_MS });
    return lang;
  }
}
