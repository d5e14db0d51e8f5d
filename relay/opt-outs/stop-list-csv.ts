import { spreadsheetCsv, spreadsheetDate } from '../../shared/spreadsheet-csv';
import { displayPhone } from '../../shared/phone-display';
import { STOP_LIST_SOURCE_LABELS, type StopListEntry } from '../../shared/stop-list';
import { COLUMN_WORDS, type Language, type Words } from '../../shared/texts';

const COLUMNS: Words[] = [
  COLUMN_WORDS.phone,
  { ru: 'Цифры номера', en: 'Digits' },
  { ru: 'Источник', en: 'Source' },
  { ru: 'Добавлен (UTC)', en: 'Added (UTC)' },
  { ru: 'Кем добавлен', en: 'Added by' },
  { ru: 'Причина', en: 'Reason' },
];

/**
 * The stop list as a spreadsheet in the user's language (Russian with `;`, what Russian Excel splits
 * on), newest first. Formula-safe: a cell that starts like a formula (=, +, -, @) is written as text,
 * so a reason typed as «=HYPERLINK(…)» stays words.
 */
export function stopListCsv(entries: StopListEntry[], language: Language): string {
  const utc = spreadsheetDate(language, 'UTC');
  const rows = entries.map((e) => [displayPhone(e.phone), e.phone, STOP_LIST_SOURCE_LABELS[e.source][language], utc(e.addedAt), e.addedBy, e.reason ?? '']);
  const header = COLUMNS.map((words) => words[language]);
  return spreadsheetCsv(header, rows, language);
}
