import { describe, expect, it } from 'vitest';
import { countSegments, isGsm7Char, splitIntoParts } from '../../shared/segments.js';

const latin = (n: number) => 'a'.repeat(n);
const cyrillic = (n: number) => 'я'.repeat(n);

/** What the counter shows to a user, plus a check that the real split agrees with it. */
function seen(text: string) {
  const info = countSegments(text);
  const parts = splitIntoParts(text);
  expect(parts.join('')).toBe(text);
  expect(parts).toHaveLength(info.parts);
  return { encoding: info.encoding, parts: info.parts, perPart: info.perPart, remaining: info.remaining };
}

describe('isGsm7Char', () => {
  const basic = [...'@£$¥èéùìòØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà', 'Ç', '\n', '\r', ' ', 'A', 'z', '0', '?', '"', "'"];
  const extension = ['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'];
  const outside = ['ç', '`', 'я', 'Я', 'ё', '😀', '\t', 'á', 'Á', 'õ', 'ê', '«', '»', '—', '“', '№', '\u00a0', 'Α' /* Greek capital alpha */];

  it.each(basic)('%j is in the basic table', (char) => expect(isGsm7Char(char)).toBe(true));
  it.each(extension)('%j is in the extension table', (char) => expect(isGsm7Char(char)).toBe(true));
  it.each(outside)('%j is not GSM-7', (char) => expect(isGsm7Char(char)).toBe(false));

  it('rejects strings that are not one character', () => {
    expect(isGsm7Char('')).toBe(false);
    expect(isGsm7Char('ab')).toBe(false);
  });
});

describe('countSegments: GSM-7', () => {
  it('empty text has no parts and a full first part', () => {
    expect(countSegments('')).toEqual({
      encoding: 'GSM-7',
      characters: 0,
      units: 0,
      parts: 0,
      perPart: 160,
      remaining: 160,
      forcingUcs2: [],
    });
    expect(splitIntoParts('')).toEqual([]);
  });

  it('counts spaces, newlines and CRLF as one septet each', () => {
    expect(seen('   ')).toEqual({ encoding: 'GSM-7', parts: 1, perPart: 160, remaining: 157 });
    expect(seen('a\nb')).toMatchObject({ remaining: 157 });
    expect(countSegments('a\r\nb')).toMatchObject({ characters: 4, units: 4, remaining: 156 });
    expect(seen(' '.repeat(161))).toMatchObject({ parts: 2 });
  });

  it.each([
    [1, 1, 160, 159],
    [160, 1, 160, 0],
    [161, 2, 153, 145],
    [306, 2, 153, 0],
    [307, 3, 153, 152],
    [459, 3, 153, 0],
    [460, 4, 153, 152],
  ])('%i plain characters → %i part(s) of %i, %i left', (length, parts, perPart, remaining) => {
    expect(seen(latin(length))).toEqual({ encoding: 'GSM-7', parts, perPart, remaining });
  });

  it('counts extension characters as two septets', () => {
    expect(countSegments('€')).toMatchObject({ characters: 1, units: 2, remaining: 158 });
    expect(countSegments('{[]}')).toMatchObject({ characters: 4, units: 8 });
    expect(countSegments('\f^\\~|')).toMatchObject({ encoding: 'GSM-7', units: 10 });
  });

  it('an extension character pushes 159 characters over one part', () => {
    expect(seen(latin(158) + '€')).toMatchObject({ parts: 1, remaining: 0 });
    expect(seen(latin(159) + '€')).toMatchObject({ parts: 2, perPart: 153 });
    expect(seen('€'.repeat(80))).toMatchObject({ parts: 1, remaining: 0 });
    expect(seen('€'.repeat(81))).toMatchObject({ parts: 2 });
  });

  it('never splits an escape pair: the part boundary shifts instead', () => {
    // The € would take septets 153 and 154: it moves whole to the second part.
    const escapeAtEnd = latin(152) + '€' + latin(10);
    expect(splitIntoParts(escapeAtEnd)).toEqual([latin(152), '€' + latin(10)]);
    expect(seen(escapeAtEnd)).toEqual({ encoding: 'GSM-7', parts: 2, perPart: 153, remaining: 153 - 12 });

    // Septets 152 and 153 fit exactly.
    const escapeFits = latin(151) + '€' + latin(10);
    expect(splitIntoParts(escapeFits)).toEqual([latin(151) + '€', latin(10)]);
    expect(seen(escapeFits)).toMatchObject({ parts: 2, remaining: 143 });
  });

  it('counts parts by the real split, not by dividing the total', () => {
    // 306 septets would be 2 parts by division, but each part loses its last septet to a moved €.
    const text = (latin(152) + '€').repeat(2);
    expect(countSegments(text).units).toBe(308);
    expect(splitIntoParts(text)).toEqual([latin(152), '€' + latin(151), 'a€']);
    expect(seen(text)).toEqual({ encoding: 'GSM-7', parts: 3, perPart: 153, remaining: 150 });

    const exact = latin(152) + '€'.repeat(77);
    expect(countSegments(exact).units).toBe(306);
    expect(seen(exact)).toMatchObject({ parts: 3 });
  });

  it('keeps the whole basic table in GSM-7', () => {
    const basicTable = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect(basicTable).toHaveLength(127);
    expect(countSegments(basicTable)).toMatchObject({ encoding: 'GSM-7', characters: 127, units: 127, parts: 1 });
  });
});

describe('countSegments: UCS-2', () => {
  it.each([
    [1, 1, 70, 69],
    [70, 1, 70, 0],
    [71, 2, 67, 63],
    [134, 2, 67, 0],
    [135, 3, 67, 66],
    [201, 3, 67, 0],
    [202, 4, 67, 66],
  ])('%i Cyrillic letters → %i part(s) of %i, %i left', (length, parts, perPart, remaining) => {
    expect(seen(cyrillic(length))).toEqual({ encoding: 'UCS-2', parts, perPart, remaining });
  });

  it('one Cyrillic letter turns a long Latin text into UCS-2', () => {
    const text = latin(100) + 'я';
    expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', characters: 101, units: 101, forcingUcs2: ['я'] });
    expect(seen(text)).toEqual({ encoding: 'UCS-2', parts: 2, perPart: 67, remaining: 33 });
  });

  it('counts an emoji as one character and two units', () => {
    expect(countSegments('😀')).toEqual({
      encoding: 'UCS-2',
      characters: 1,
      units: 2,
      parts: 1,
      perPart: 70,
      remaining: 68,
      forcingUcs2: ['😀'],
    });
    expect(seen('😀'.repeat(35))).toMatchObject({ parts: 1, remaining: 0 });
    expect(seen('😀'.repeat(36))).toMatchObject({ parts: 2 });
  });

  it('never splits a surrogate pair: the emoji moves to the next part', () => {
    // Units 67 and 68 would straddle the boundary.
    const straddling = cyrillic(66) + '😀' + cyrillic(10);
    expect(splitIntoParts(straddling)).toEqual([cyrillic(66), '😀' + cyrillic(10)]);
    expect(seen(straddling)).toEqual({ encoding: 'UCS-2', parts: 2, perPart: 67, remaining: 67 - 12 });

    // Units 66 and 67 fit exactly.
    const fitting = cyrillic(65) + '😀' + cyrillic(10);
    expect(splitIntoParts(fitting)).toEqual([cyrillic(65) + '😀', cyrillic(10)]);
    expect(seen(fitting)).toMatchObject({ parts: 2, remaining: 57 });

    // 134 units, yet 3 parts because every part can hold only 33 emoji (66 units).
    expect(seen('😀'.repeat(67))).toEqual({ encoding: 'UCS-2', parts: 3, perPart: 67, remaining: 67 - 2 });
  });

  it('counts extension characters as one unit in UCS-2', () => {
    expect(countSegments('я€{')).toMatchObject({ encoding: 'UCS-2', characters: 3, units: 3 });
  });

  it('lists the characters that forced UCS-2, once each, in order of first appearance', () => {
    expect(countSegments('Hello ç, привет 😀 ça я').forcingUcs2).toEqual(['ç', 'п', 'р', 'и', 'в', 'е', 'т', '😀', 'я']);
    expect(countSegments('Price: 100 €').forcingUcs2).toEqual([]);
    expect(countSegments('`code`').forcingUcs2).toEqual(['`']);
  });

  it('keeps listing them correctly over many calls', () => {
    for (let call = 0; call < 70_000; call++) {
      if (countSegments('яa').forcingUcs2.length !== 1) throw new Error(`wrong list on call ${call}`);
    }
    expect(countSegments('ёяё').forcingUcs2).toEqual(['ё', 'я']);
  });

  it('handles mixed Latin and Cyrillic', () => {
    const text = 'Order #12345 готов. Pick up at 10:00!';
    expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', characters: text.length, units: text.length, parts: 1 });
  });

  it('counts a lone surrogate as one unit and keeps it', () => {
    const text = 'a\ud800b';
    expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', characters: 3, units: 3, forcingUcs2: ['\ud800'] });
    expect(splitIntoParts(text)).toEqual([text]);
  });
});

describe('splitIntoParts', () => {
  it('returns the text as a single part when it fits', () => {
    expect(splitIntoParts(latin(160))).toEqual([latin(160)]);
    expect(splitIntoParts(cyrillic(70))).toEqual([cyrillic(70)]);
  });

  it('cuts multipart text into full parts and a remainder', () => {
    expect(splitIntoParts(latin(307)).map((part) => part.length)).toEqual([153, 153, 1]);
    expect(splitIntoParts(cyrillic(135)).map((part) => part.length)).toEqual([67, 67, 1]);
  });

  it('reassembles every text it splits', () => {
    const samples = ['Hello\r\nworld '.repeat(30), '{[€]}'.repeat(70), 'Привет, мир! 👋🏽 '.repeat(20), '👨‍👩‍👧‍👦'.repeat(40)];
    for (const text of samples) {
      const parts = splitIntoParts(text);
      expect(parts.join('')).toBe(text);
      expect(parts).toHaveLength(countSegments(text).parts);
    }
  });
});
