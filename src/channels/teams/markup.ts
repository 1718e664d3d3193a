import type { TextMarkup } from '../../core/messages';

/** Teams' own markup in what people write: `<at>Kari Nordmann</at>`, sometimes with attributes. */
export const TEAMS_MARKUP: readonly TextMarkup[] = [{ pattern: /<at(?:\s[^<>]{0,200})?>[^<]{0,200}<\/at>/giu, kind: 'name' }];
