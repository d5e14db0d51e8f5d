/**
 * STOP / START replies: whether a whole reply is one of the opt-out or opt-in keywords, in Russian or
 * English, whatever its case, punctuation, spacing, accents, and Latin letters typed for Cyrillic ones
 * or the other way round («CTOП» with a Latin C and T, «STOП»).
 */

export type OptOutKeyword = 'stop' | 'start';

export interface OptOutKeywords {
  stop: readonly string[];
  start: readonly string[];
}

/** Twilio's default opt-out words and their Russian counterparts. */
export const DEFAULT_STOP_KEYWORDS = ['STOP', 'СТОП', 'ОТПИСАТЬСЯ', 'ОТПИСКА', 'UNSUBSCRIBE', 'END', 'CANCEL', 'QUIT', 'STOPALL'] as const;
export const DEFAULT_START_KEYWORDS = ['START', 'СТАРТ', 'ПОДПИСАТЬСЯ', 'UNSTOP', 'YES'] as const;

/** A reply longer than this is a sentence for a person to read, not a keyword. */
const LONGEST_KEYWORD_REPLY = 100;

/** Cyrillic letters drawn like a Latin one (upper or lower case): what a «CTOП» typed with Latin letters reads as. */
const LOOKALIKE: Record<string, string> = { а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x' };

/** How Cyrillic is written in Latin letters: what a «STOП» or «STАРТ» reads as (й is и by then). */
// prettier-ignore
const TRANSLITERATION: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/**
 * The letters and digits of `text`, lower case, without accents (ё is е, й is и), spaces, punctuation or
 * emoji: «Стоп!» and «с т о п» are «стоп»; «не стоп» is «нестоп», not «стоп».
 */
export function foldReply(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const spelled = (folded: string, table: Record<string, string>) => [...folded].map((ch) => table[ch] ?? TRANSLITERATION[ch] ?? ch).join('');

/** The ways a folded reply can be read in Latin letters: by how its letters look, and by how they sound. */
function readings(text: string): Set<string> {
  const folded = foldReply(text);
  return new Set([folded, spelled(folded, LOOKALIKE), spelled(folded, TRANSLITERATION)]);
}

const readsAs = (reply: Set<string>, keywords: readonly string[]) => keywords.some((keyword) => [...readings(keyword)].some((reading) => reply.has(reading)));

/**
 * 'stop' when the whole reply is an opt-out keyword, 'start' when it is an opt-in one, else null. Only
 * the whole message counts: «не стоп», «остановите доставку» or "stop sending the wrong size" are
 * words for a person, and taking a keyword out of them would opt people out (or back in) by mistake.
 */
export function keywordOf(text: string, keywords: OptOutKeywords): OptOutKeyword | null {
  if (text.length > LONGEST_KEYWORD_REPLY) return null;
  const reply = readings(text);
  if (reply.has('')) return null;
  if (readsAs(reply, keywords.stop)) return 'stop';
  if (readsAs(reply, keywords.start)) return 'start';
  return null;
}
