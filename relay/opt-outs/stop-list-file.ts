import { isUtf8 } from 'node:buffer';
import { PHONE_ERROR_TEXTS } from '../../shared/phones';
import type { StopListImportAnswer } from '../../shared/stop-list';
import { headerKey } from '../contacts/csv-import';
import { csvRecordBatches, CsvReadError, type CsvRecord } from '../contacts/csv-records';
import type { Turn } from '../contacts/time-slicer';
import { DomainError } from '../domain/errors';
import { readStopListPhone } from './stop-list-phone';

/** A number of the file to put on the list, with the reason its line gives. */
export interface StopListFileRow {
  line: number;
  phone: string;
  reason?: string;
}

const MAX_ROWS = 100_000;
const MAX_REASON = 500;
/** Of a cell that is no number, this much is shown back. */
const VALUE_SHOWN = 100;

/** Header names of the numbers' column as CRMs, Excel by hand and the list's own export write them; compared by headerKey. */
const PHONE_HEADERS = new Set(
  [
    'Телефон',
    'Номер',
    'Номер телефона',
    'Цифры номера',
    'Мобильный',
    'Мобильный телефон',
    'Сотовый',
    'Сотовый телефон',
    'Phone',
    'Phone number',
    'Number',
    'Digits',
    'Mobile',
    'Mobile phone',
    'Cell phone',
    'Tel',
    'MSISDN',
  ].map(headerKey),
);
const REASON_HEADERS = new Set(['Причина', 'Комментарий', 'Примечание', 'Reason', 'Comment', 'Note'].map(headerKey));

const refusal = (message: string, messageRu: string) =>
  new DomainError('invalid', 'invalid_csv', `The CSV file cannot be imported. ${message}`, { messageRu: `Файл CSV не импортирован. ${messageRu}` });

/** UTF-8 as it should be, read as it came; a file Russian Excel saved in Windows-1251 is read as that. */
const textOf = (file: Uint8Array): Uint8Array | string => (isUtf8(file) ? file : new TextDecoder('windows-1251').decode(file));

/** Where the numbers (and the reasons) are: by the header's names; a file with no header but a number first has its numbers in the first column. */
function columnsOf(header: CsvRecord, defaultCountry: string): { phone: number; reason: number; dataFrom: 'header' | 'first line' } {
  const keys = header.values.map(headerKey);
  const phone = keys.findIndex((key) => PHONE_HEADERS.has(key));
  if (phone !== -1) return { phone, reason: keys.findIndex((key) => REASON_HEADERS.has(key)), dataFrom: 'header' };
  if ('digits' in readStopListPhone(cellOf(header.values, 0), defaultCountry)) return { phone: 0, reason: -1, dataFrom: 'first line' };
  const names = header.values.map((value) => `"${value.trim()}"`).join(', ');
  throw refusal(
    `No column holds the numbers: name it "Телефон", "Номер", "Phone" or "Number" (the columns are: ${names}), or leave the header out and put one number on each line.`,
    `Нет столбца с номерами: назовите его «Телефон», «Номер», «Phone» или «Number» (сейчас столбцы: ${names}) или уберите заголовок и дайте по номеру в строке.`,
  );
}

/** A cell as written; one a spreadsheet export made formula-safe («'+7 912…») loses the quote that did it. */
const cellOf = (values: string[], index: number): string => (values[index] ?? '').trim().replace(/^'(?=[=+\-@])/, '');

/**
 * The numbers a CSV file puts on the stop list: the header names the column of numbers (and, if it
 * likes, one of reasons), `;` or `,`, a BOM, quotes as Excel writes them. Each line is read on its own:
 * one that holds no phone number is told with its line and why, the rest go on. A file that cannot be
 * read as a whole (broken quotes, no column of numbers, no numbers, too many lines) is refused in words.
 */
export async function readStopListFile(
  file: Uint8Array,
  defaultCountry: string,
  turn: Turn,
): Promise<{ rows: StopListFileRow[]; invalid: StopListImportAnswer['invalid'] }> {
  const rows: StopListFileRow[] = [];
  const invalid: StopListImportAnswer['invalid'] = [];
  let columns: ReturnType<typeof columnsOf> | undefined;
  let lines = 0;
  const take = (record: CsvRecord) => {
    const value = cellOf(record.values, columns!.phone);
    const reason = columns!.reason === -1 ? '' : cellOf(record.values, columns!.reason);
    const shown = value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}…` : value;
    const read = readStopListPhone(value, defaultCountry);
    if ('error' in read)
      invalid.push({ line: record.line, value: shown, reason: PHONE_ERROR_TEXTS[read.error.reason].en, reasonRu: PHONE_ERROR_TEXTS[read.error.reason].ru });
    else if (reason.length > MAX_REASON)
      invalid.push({ line: record.line, value: shown, reason: `The reason is longer than ${MAX_REASON} characters`, reasonRu: `Причина длиннее ${MAX_REASON} символов` });
    else rows.push({ line: record.line, phone: read.digits, ...(reason ? { reason } : {}) });
  };
  try {
    for await (const batch of csvRecordBatches(textOf(file), MAX_ROWS + 2)) {
      for (const record of batch) {
        if (!columns) {
          columns = columnsOf(record, defaultCountry);
          if (columns.dataFrom === 'header') continue;
        }
        if (++lines > MAX_ROWS)
          throw refusal(`The file has more than ${MAX_ROWS} lines; split it into smaller files.`, `В файле больше ${MAX_ROWS} строк; разделите его на несколько файлов.`);
        take(record);
        await turn();
      }
    }
  } catch (error) {
    if (error instanceof CsvReadError) throw refusal(error.message, `Файл не читается как CSV${error.line ? ` (строка ${error.line})` : ''}.`);
    throw error;
  }
  if (!columns) throw refusal('The file is empty.', 'Файл пуст.');
  if (lines === 0) throw refusal('The file has no numbers under its header.', 'В файле нет номеров, только заголовок.');
  return { rows, invalid };
}
