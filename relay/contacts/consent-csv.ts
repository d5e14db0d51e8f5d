import { spreadsheetCsv, spreadsheetDate } from '../../shared/spreadsheet-csv';
import { CONSENT_SOURCE_LABELS, CONSENT_STATE_LABELS, type ConsentRecord } from '../../shared/consent';
import type { Language, Words } from '../../shared/texts';

const COLUMNS = ['crmId', 'at', 'granted', 'source', 'by', 'comment'] as const;

const HEADER_WORDS: Record<(typeof COLUMNS)[number], Words> = {
  crmId: { ru: 'ID контакта', en: 'Contact ID' },
  at: { ru: 'Дата и время (UTC)', en: 'Date and time (UTC)' },
  granted: { ru: 'Согласие на рекламу', en: 'Advertising consent' },
  source: { ru: 'Источник', en: 'Source' },
  by: { ru: 'Кто записал', en: 'Recorded by' },
  comment: { ru: 'Комментарий', en: 'Comment' },
};

/**
 * A contact's consent history as a CSV file, the proof of when and how consent was given or
 * withdrawn: newest first, in the user's language (Russian gets `;`, what Russian Excel splits on),
 * dates in UTC as a spreadsheet reads them. Formula-safe: a cell that starts like a formula (=, +, -, @) is written as text.
 */
export function consentHistoryCsv(history: readonly ConsentRecord[], language: Language): string {
  const utc = spreadsheetDate(language, 'UTC');
  const header = COLUMNS.map((column) => HEADER_WORDS[column][language]);
  const rows = history.map((r) => [
    r.crmId,
    utc(r.at),
    CONSENT_STATE_LABELS[r.granted ? 'granted' : 'withdrawn'][language],
    CONSENT_SOURCE_LABELS[r.source]?.[language] ?? r.source,
    r.by,
    r.comment ?? '',
  ]);
  return spreadsheetCsv(header, rows, language);
}
