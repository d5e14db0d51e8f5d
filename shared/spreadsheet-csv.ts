import { stringify } from 'csv-stringify/sync';
import type { Language } from './texts';

/**
 * Rows as a spreadsheet file in the user's language: Russian with `;` (what Russian Excel splits on),
 * English with `,`, CRLF and a UTF-8 BOM. Formula-safe: a cell that starts like a formula (=, +, -, @)
 * is written as text, so a name or reason typed as «=HYPERLINK(…)» stays words.
 */
export function spreadsheetCsv(header: string[], rows: unknown[][], language: Language): string {
  return stringify([header, ...rows], { delimiter: language === 'ru' ? ';' : ',', record_delimiter: 'windows', escape_formulas: true, bom: true });
}

/**
 * «01.05.2026 14:03:22» in Russian, "2026-05-01 14:03:22" in English, in `timeZone` (the machine's when none):
 * what a spreadsheet in that language reads as a date and time (day-first or month-first English
 * spreadsheets both read the ISO order).
 */
export function spreadsheetDate(language: Language, timeZone?: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  return (iso) => {
    const part = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    const time = `${part.hour}:${part.minute}:${part.second}`;
    return language === 'ru' ? `${part.day}.${part.month}.${part.year} ${time}` : `${part.year}-${part.month}-${part.day} ${time}`;
  };
}
