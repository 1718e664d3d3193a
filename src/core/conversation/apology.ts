import { isStoreUnavailable } from '../errors';
import { t } from '../i18n/strings';
import type { Lang } from '../lang';

/** What the asker is told when their request failed: that the storage is not answering, or that something went wrong. */
export function apologyText(lang: Lang, err: unknown): string {
  return t(lang, isStoreUnavailable(err) ? 'storeDown' : 'error');
}
