/** SMS length per GSM 03.38 (7-bit default alphabet) and UCS-2. */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Unicode code points in the text (an emoji = 1). */
  characters: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  /** 0 for empty text, otherwise the number of SMS parts after a real split. */
  parts: number;
  /** Capacity of each part in units: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perPart: number;
  /** Units left free in the last part. */
  remaining: number;
  /** Distinct characters that forced UCS-2, in order of first appearance. */
  forcingUcs2: string[];
}

const CAPACITY = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multi: number }>;

const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Reached through the escape code, so each costs 2 septets. */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

/** Septets per UTF-16 code unit; 0 means the character is not in GSM-7. */
const SEPTETS_BY_CODE = buildSeptetTable();

function buildSeptetTable(): Uint8Array {
  const all = GSM7_BASIC + GSM7_EXTENSION;
  let highestCode = 0;
  for (let i = 0; i < all.length; i++) highestCode = Math.max(highestCode, all.charCodeAt(i));
  const table = new Uint8Array(highestCode + 1);
  for (let i = 0; i < GSM7_BASIC.length; i++) table[GSM7_BASIC.charCodeAt(i)] = 1;
  for (let i = 0; i < GSM7_EXTENSION.length; i++) table[GSM7_EXTENSION.charCodeAt(i)] = 2;
  return table;
}

function septetsOf(code: number): number {
  return SEPTETS_BY_CODE[code] ?? 0;
}

function isSurrogatePairAt(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(index + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}

export function isGsm7Char(char: string): boolean {
  return char.length === 1 && septetsOf(char.charCodeAt(0)) > 0;
}

/**
 * Collects distinct characters in order of first appearance. Every letter of a Cyrillic text lands
 * here, so BMP characters are deduplicated through a reusable table of "seen in this round" marks,
 * far cheaper than a Set per call.
 */
const bmpSeenInRound = new Uint16Array(0x10000);
let round = 0;

class DistinctCharacters {
  readonly list: string[] = [];
  private readonly round: number;
  private astralSeen: Set<number> | undefined;

  constructor() {
    round++;
    if (round > 0xffff) {
      bmpSeenInRound.fill(0);
      round = 1;
    }
    this.round = round;
  }

  addAt(text: string, index: number, width: number): void {
    if (width === 1) {
      const code = text.charCodeAt(index);
      if (bmpSeenInRound[code] === this.round) return;
      bmpSeenInRound[code] = this.round;
    } else {
      const codePoint = text.codePointAt(index)!;
      this.astralSeen ??= new Set();
      if (this.astralSeen.has(codePoint)) return;
      this.astralSeen.add(codePoint);
    }
    this.list.push(text.slice(index, index + width));
  }
}

export function countSegments(text: string): SegmentInfo {
  let characters = 0;
  let septets = 0;
  const forcing = new DistinctCharacters();

  for (let i = 0; i < text.length;) {
    const width = isSurrogatePairAt(text, i) ? 2 : 1;
    const charSeptets = width === 1 ? septetsOf(text.charCodeAt(i)) : 0;
    if (charSeptets === 0) forcing.addAt(text, i, width);
    septets += charSeptets;
    characters++;
    i += width;
  }

  const forcingUcs2 = forcing.list;
  const encoding: SmsEncoding = forcingUcs2.length === 0 ? 'GSM-7' : 'UCS-2';
  const units = encoding === 'GSM-7' ? septets : text.length;
  const { single, multi } = CAPACITY[encoding];

  if (units <= single) {
    const parts = units === 0 ? 0 : 1;
    return { encoding, characters, units, parts, perPart: single, remaining: single - units, forcingUcs2 };
  }
  const split = splitPoints(text, encoding);
  return {
    encoding,
    characters,
    units,
    parts: split.ends.length,
    perPart: multi,
    remaining: multi - split.lastPartUnits,
    forcingUcs2,
  };
}

export function splitIntoParts(text: string): string[] {
  if (text === '') return [];
  const { encoding, parts } = countSegments(text);
  if (parts === 1) return [text];
  const result: string[] = [];
  let start = 0;
  for (const end of splitPoints(text, encoding).ends) {
    result.push(text.slice(start, end));
    start = end;
  }
  return result;
}

/**
 * Greedy split into multipart-sized parts. A character (escape pair or surrogate pair included)
 * that does not fit whole into the current part starts the next one.
 */
function splitPoints(text: string, encoding: SmsEncoding): { ends: number[]; lastPartUnits: number } {
  const capacity = CAPACITY[encoding].multi;
  const ends: number[] = [];
  let used = 0;
  for (let i = 0; i < text.length;) {
    const width = isSurrogatePairAt(text, i) ? 2 : 1;
    const cost = encoding === 'GSM-7' ? septetsOf(text.charCodeAt(i)) : width;
    if (used + cost > capacity) {
      ends.push(i);
      used = 0;
    }
    used += cost;
    i += width;
  }
  ends.push(text.length);
  return { ends, lastPartUnits: used };
}
