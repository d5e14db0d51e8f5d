import { pickError, type Language } from '../../i18n/texts';
import type { UiError } from '../../messaging/protocol';

type Rule = [RegExp, (...groups: string[]) => string];

/*
 * The relay words why it refused a CSV row or a whole file in English only (relay/contacts/csv-import.ts,
 * csv-records.ts); these are those sentences in Russian. One it does not know stays as the relay wrote it.
 */
/** The directory's own checks of a value (shared/api.ts), as they end the relay's sentence. */
const WHY_RULES: Rule[] = [
  [/^must be at most (\d+) characters$/, (max) => `длиннее ${max} символов`],
  [/^must not contain spaces, "\/", "\?" or "#"$/, () => 'в нём пробел или знак «/», «?», «#»'],
];

const FIELD_NAMES: Record<string, string> = {
  name: 'ФИО',
  firstName: 'Имя',
  lastName: 'Фамилия',
  middleName: 'Отчество',
  email: 'Email',
  account: 'Контрагент',
  owner: 'Ответственный',
  city: 'Город',
};

const why = (text: string) => translated(WHY_RULES, text);

const ROW_RULES: Rule[] = [
  [/^the row has (\d+) values where the header has (\d+) columns$/, (values, columns) => `в строке значений: ${values}, а столбцов в заголовке: ${columns}`],
  [/^the row has no name$/, () => 'в строке нет имени'],
  [/^"(.*)" in the column "(.*)" is not a phone number$/s, (value, column) => `«${value}» в столбце «${column}» — не номер телефона`],
  [/^the Id column is empty$/, () => 'не заполнен столбец с идентификатором'],
  [/^the Id "(.*)" is already used on line (\d+)$/s, (id, line) => `идентификатор «${id}» уже есть в строке ${line}`],
  [/^the Id "(.*)" cannot be used: it (.*)$/s, (id, reason) => `идентификатор «${id}» не подходит: ${why(reason)}`],
  [/^it has the same name and first phone as line (\d+)$/, (line) => `те же имя и первый телефон, что в строке ${line}`],
  [/^the contact's (\S+) (.*)$/s, (field, reason) => `поле «${FIELD_NAMES[field] ?? field}» не подходит: ${why(reason)}`],
];

const FILE_RULES: Rule[] = [
  [/^The file is empty: it has no header line naming the columns\.$/, () => 'Файл пуст: в нём нет строки заголовка с названиями столбцов.'],
  [/^The file has more than (\d+) rows; split it into smaller files\.$/, (max) => `В файле больше ${max} строк: разделите его на несколько файлов.`],
  [
    /^No column holds the contact's name\. .*; the columns are: (.*)\.$/s,
    (columns) => `Ни в одном столбце нет имени контакта: назовите столбец «ФИО», «Имя» или «Фамилия». Столбцы файла: ${columns}.`,
  ],
  [
    /^The quoted value that starts on line (\d+) is never closed: a closing '"' is missing\.$/,
    (line) => `Значение в кавычках, начатое в строке ${line}, не закрыто: не хватает закрывающей кавычки «"».`,
  ],
  [/^The file cannot be read as CSV: (.*)$/s, (why) => `Файл не читается как CSV: ${why}`],
];

function translated(rules: Rule[], text: string): string {
  for (const [pattern, words] of rules) {
    const match = pattern.exec(text);
    if (match) return words(...match.slice(1));
  }
  return text;
}

/** Why the relay refused a row, in the UI's language; `reasonRu` when the relay gives one. */
export const refusedReasonText = (language: Language, row: { reason: string; reasonRu?: string }): string =>
  language === 'en' ? row.reason : (row.reasonRu ?? translated(ROW_RULES, row.reason));

const CSV_PREFIX = 'The CSV file cannot be imported. ';

/** An import's error in the UI's language: a file the relay cannot import says why in Russian too. */
export function importErrorText(language: Language, error: UiError): string {
  if (language === 'ru' && error.code === 'invalid_csv' && error.message.startsWith(CSV_PREFIX)) {
    return `Файл CSV не импортирован. ${translated(FILE_RULES, error.message.slice(CSV_PREFIX.length))}`;
  }
  return pickError(language, error);
}
