import { stringify } from 'csv-stringify/sync';
import { spreadsheetCsv, spreadsheetDate } from '../../shared/spreadsheet-csv';
import { displayPhone } from '../../shared/phone-display';
import { SKIP_REASON_LABELS, type RecipientView } from '../../shared/mailings';
import { PROVIDER_ERRORS } from '../../shared/provider-errors';
import { COLUMN_WORDS, RECIPIENT_STATE_LABELS, type Language, type Words } from '../../shared/texts';

/**
 * The recipients of a mailing as a CSV file. `human` is for a spreadsheet in the user's language: words
 * for statuses and skip reasons, international phone numbers, local dates and decimal marks; Russian
 * gets `;` (what Russian Excel splits on). `raw` is for programs: the relay's codes, digits, ISO dates,
 * `,`. Both are formula-safe: a cell that starts like a formula (=, +, -, @) is written as text.
 */
export interface RecipientsCsvOptions {
  format: 'human' | 'raw';
  language: Language;
  /** The time zone the dates are written in (human only); the relay's own when not given. */
  timeZone?: string;
  /** The mailing's currency (ISO code), named in the cost column's header. */
  currency?: string | null;
}

const RAW_COLUMNS = ['contactId', 'name', 'phone', 'state', 'skipReason', 'parts', 'cost', 'providerMessageId', 'error', 'updatedAt', 'text'] as const;

const HEADER_WORDS: Record<(typeof RAW_COLUMNS)[number], Words> = {
  contactId: { ru: 'ID контакта', en: 'Contact ID' },
  name: COLUMN_WORDS.name,
  phone: COLUMN_WORDS.phone,
  state: COLUMN_WORDS.status,
  skipReason: { ru: 'Причина пропуска', en: 'Skip reason' },
  parts: COLUMN_WORDS.parts,
  cost: COLUMN_WORDS.cost,
  providerMessageId: { ru: 'ID сообщения у оператора', en: 'Provider message ID' },
  error: { ru: 'Ошибка', en: 'Error' },
  updatedAt: { ru: 'Изменено', en: 'Updated' },
  text: COLUMN_WORDS.text,
};

export function recipientsCsv(recipients: RecipientView[], options: RecipientsCsvOptions): string {
  if (options.format === 'raw') {
    const rows = recipients.map((r) => [
      r.contactId,
      r.name,
      r.phone ?? '',
      r.state,
      r.skipReason ?? '',
      r.parts,
      r.cost ?? '',
      r.providerMessageId ?? '',
      r.error ?? '',
      r.updatedAt ?? '',
      r.text ?? '',
    ]);
    return stringify(rows, { header: true, columns: [...RAW_COLUMNS], escape_formulas: true });
  }
  const { language } = options;
  const header = RAW_COLUMNS.map((column) => HEADER_WORDS[column][language]);
  const symbol = currencySymbol(options.currency, language);
  if (symbol) header[RAW_COLUMNS.indexOf('cost')] += `, ${symbol}`;
  const date = spreadsheetDate(language, options.timeZone);
  const number = new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { useGrouping: false, maximumFractionDigits: 4 });
  const rows = recipients.map((r) => [
    r.contactId,
    r.name,
    r.phone ? displayPhone(r.phone) : '',
    RECIPIENT_STATE_LABELS[r.state][language],
    r.skipReason ? (SKIP_REASON_LABELS[r.skipReason]?.[language] ?? r.skipReason) : '',
    r.parts,
    r.cost === null ? '' : number.format(r.cost),
    r.providerMessageId ?? '',
    r.error ? errorWords(r.error, r.state, language) : '',
    r.updatedAt ? date(r.updatedAt) : '',
    r.text ?? '',
  ]);
  return spreadsheetCsv(header, rows, language);
}

function currencySymbol(currency: string | null | undefined, language: Language): string | null {
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return null;
  const parts = new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? currency;
}

/**
 * The ledger keeps a recipient's error as the relay wrote it in English: the provider catalogue's words,
 * then the provider's own in brackets. In Russian the catalogue's part is given in Russian; the
 * provider's own words are a quote and stay as they are.
 */
function errorWords(error: string, state: RecipientView['state'], language: Language): string {
  if (language === 'en') return error;
  for (const entry of Object.values(PROVIDER_ERRORS)) {
    if (error.startsWith(entry.en)) return entry.ru + error.slice(entry.en.length).replace(/ \(after (\d+) tries\)$/, ' (после попыток: $1)');
  }
  const relayFailed = /^The relay failed while sending \((.*)\)$/s.exec(error);
  if (relayFailed) return `Сбой сервера CRM SMS при отправке (${relayFailed[1]})`;
  const notDelivered = /^not delivered \((.*)\)$/s.exec(error);
  if (notDelivered) return notDelivered[1] ? `Оператор не доставил сообщение (${notDelivered[1]})` : 'Оператор не доставил сообщение';
  // A delivery report's failure: the provider's own words.
  return state === 'failed' ? `Оператор не доставил сообщение (${error})` : error;
}

/** The language an Accept-Language header asks for first, of Russian and English; Russian when it names neither. */
export function languageFromAcceptLanguage(header: string | undefined): Language {
  const asked = (header ?? '')
    .split(',')
    .map((item, order) => {
      const [tag = '', ...params] = item.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { primary: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((a) => a.q > 0 && (a.primary === 'ru' || a.primary === 'en'))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return (asked[0]?.primary as Language | undefined) ?? 'ru';
}

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
