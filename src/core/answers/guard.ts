/** The longest question Kompis takes; a longer message is refused with a friendly note, not cut. */
export const MAX_QUESTION_CHARS = 2000;

/**
 * Attempts to change the bot's instructions, in the four languages. The grounded answer path
 * refuses them before any search or model call: an instruction hidden in a question must not
 * steer what a customer is told.
 */
const INJECTION_PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b[^.?!\n]{0,60}\b(instructions?|rules|prompts?|guidelines|above|previous|system)\b/i,
  /\b(forget|disregard|ignore) (everything|all)( you (know|were told|have been told))?\b/i,
  /\b(glem|glöm|ignorer|ignorera) (alt|allt)\b/i,
  /\b(you are now|from now on you|act as|pretend (to be|you)|roleplay|role-play|jailbreak|developer mode|DAN)\b/i,
  /\b(system ?prompt|your (instructions|prompt|rules))\b/i,
  /(ignorer|glem|se bort fra|overstyr)\b[^.?!\n]{0,60}(instruks\w*|regl\w*|tidligere|ovenfor|system\w*)/i,
  /\b(du er nå|fra nå av|lat som|late som|spill rollen)\b/i,
  /(ignorera|glöm|strunta i|bortse från)\b[^.?!\n]{0,60}(instruktion\w*|regl\w*|tidigare|ovan|system\w*)/i,
  /\b(du är nu|från och med nu|låtsas|spela rollen)\b/i,
  /\b(du er nu|fra nu af|lad som om|lad som|spil rollen)\b/i,
  /(systemprompt|systeminstruks\w*|systeminstruktion\w*|dine instruks\w*|dina instruktioner)/i,
];

export function looksLikeInjection(text: string): boolean {
  return INJECTION_PATTERNS.some((p) => p.test(text));
}

/**
 * Whitespace folded, control characters dropped: what is searched and shown. Compatibility forms are
 * read as the characters they stand for (full-width "１４" is 14, "ﬁ" is fi) and invisible format
 * characters (a zero-width space or joiner, a soft hyphen, a direction mark) are dropped, so a word
 * pasted with one is the word: "le\u200bvere" is "levere". Å, Ä, Æ, Ø and Ö stay as they are.
 */
export function normaliseQuestion(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
