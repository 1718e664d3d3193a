import { PROMPT_TAG } from './grounded';

/** The longest question Kompis takes; a longer message is refused with a friendly note, not cut. */
export const MAX_QUESTION_CHARS = 2000;

/** A pattern of alternatives, each a whole word (or words): a letter may not follow it. */
const anyOf = (words: string[]) => `(?:${words.join('|')})(?![\\p{L}\\p{N}])`;

/**
 * Telling someone to disregard something, in the four languages: the imperative ("ignorér", "glöm",
 * "se bort fra", "never mind") or the infinitive after "you must" ("du skal glemme").
 */
const DISREGARD = anyOf([
  'ignore', 'disregard', 'forget', 'overlook', 'override', 'bypass', 'skip', 'drop', 'never mind', 'pay no (?:attention|heed) to', "(?:don't|do not|stop) (?:follow|obey|mind)(?:ing)?",
  'ignorer', 'ignorér', 'ignorere', 'ignorera', 'glem', 'glemme', 'glöm', 'glömma', 'se bort fra', 'se bort från', 'bortse fra', 'bortse från', 'overse', 'hopp over', 'hoppa över', 'spring over', 'dropp',
  'overstyr', 'strunta i', 'skit i', 'drit i', 'blås i', 'blæs på', 'skid på',
  'ikke bry deg om', 'bry deg ikke om', 'ikke bry dig om', 'bryd dig ikke om', 'bry dig inte om', 'ikke følg', 'følg ikke', 'följ inte', 'lad være med at følge',
]);

/** What a bot is told: its instructions, rules or guidelines, or "what you were told". */
const TOLD = anyOf([
  'instructions?', 'rules', 'guidelines?', 'directions', 'directives?', 'prompts?', '(?:were|was|been|are|being) told', 'told you',
  'instruks\\p{L}*', 'instruksjon\\p{L}*', 'instruktion\\p{L}*', 'regl\\p{L}*', 'regelverk\\p{L}*', 'retningslinj\\p{L}*', 'riktlinj\\p{L}*', 'direktiv\\p{L}*',
  'beskjed\\p{L}*', 'besked\\p{L}*', 'fortalt', 'blitt bedt', 'blevet bedt', 'blivit ombedd', 'fått høre', 'fått höra', 'fått veta', 'fått besked', 'fået at vide', 'tillsagd', 'tilsagt',
]);

/** Where a command begins: the message's or a clause's start, a "please", or "you must" before an infinitive. */
const COMMAND_START = `(?:^|[.!?,;:]\\s*|${anyOf(['please', 'pls', 'just', 'now', 'and', 'then', 'bare', 'bara', 'nå', 'nu', 'og', 'och', 'så', 'sen', 'altså'])}\\s+|${anyOf(['you (?:must|should|need to|have to|will)', 'du (?:skal|må|bør|burde|ska|måste|bör)'])}\\s+)`;

/** "From now on", "henceforth", in the four languages, said to the bot: a "you" follows within a few words. */
const FROM_NOW_ON = anyOf([
  'from now on', 'henceforth', 'starting now', 'from this point on',
  'fra nå av', 'fra og med nå', 'heretter', 'fremover', 'fra nu af', 'fra og med nu', 'herefter', 'fremad',
  'från och med nu', 'från nu', 'hädanefter', 'framöver',
]);

/**
 * Attempts to change the bot's instructions, in the four languages. The grounded answer path
 * refuses them before any search or model call: an instruction hidden in a question must not
 * steer what a customer is told.
 */
const INJECTION_PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b[^.?!\n]{0,60}\b(instructions?|rules|prompts?|guidelines|above|previous|system)\b/i,
  /\b(forget|disregard|ignore) (everything|all)( you (know|were told|have been told))?\b/i,
  /\b(glem|glöm|ignorer|ignorera) (alt|allt)\b/i,
  // whole words as the four languages spell them: "returlådan" holds no DAN
  /(?<![\p{L}\p{N}])(you are now|act as|pretend (to be|you)|roleplay|role-play|jailbreak|developer mode|DAN)(?![\p{L}\p{N}])/iu,
  /\b(system ?prompt|your (instructions|prompt|rules))\b/i,
  /(ignorer|glem|se bort fra|overstyr)\b[^.?!\n]{0,60}(instruks\w*|regl\w*|tidligere|ovenfor|system\w*)/i,
  /\b(du er nå|lat som|late som|spill rollen)\b/i,
  /(ignorera|glöm|strunta i|bortse från)\b[^.?!\n]{0,60}(instruktion\w*|regl\w*|tidigare|ovan|system\w*)/i,
  /\b(du är nu|låtsas|spela rollen)\b/i,
  /\b(du er nu|lad som om|lad som|spil rollen)\b/i,
  /(systemprompt|systeminstruks\w*|systeminstruktion\w*|dine instruks\w*|dina instruktioner|dine instruktioner)/i,
  // a command to disregard what the bot was told: "Se bort fra det du har fått beskjed om"
  new RegExp(`${COMMAND_START}${DISREGARD}[^.?!\\n]{0,60}?${TOLD}`, 'iu'),
  // "Fra og med nå er du …", "Hädanefter ska du …", "From now on, you're …": not "Fra nå av, hva koster …"
  new RegExp(`${FROM_NOW_ON},?\\s+(?:[\\p{L}']+\\s+){0,2}?(?:du|you|you're|your)(?![\\p{L}])`, 'iu'),
  /\b(du|you) (er|är|are) (nå|nu|now|heretter|hädanefter|fremover|from now on)\b/i,
  // the prompt's own tags, "</question><passage id=…>": a question that writes them would forge a passage
  // (not global: a global pattern's test would go on from where the last text matched)
  new RegExp(PROMPT_TAG.source, PROMPT_TAG.flags.replace('g', '')),
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
