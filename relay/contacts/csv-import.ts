/** Contacts from a CRM's CSV export: columns recognised by name, each row checked on its own. */

import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { contactSnapshotSchema, crmIdSchema, type PhoneType } from '../../shared/api';
import { tryNormalizePhone } from '../../shared/phones';
import { csvRecordBatches, CsvReadError, readCsvRecords, type CsvRecord } from './csv-records';
import { ShardedMap } from '../store/sharded-map';

export const IMPORT_FIELDS = [
  'id',
  'name',
  'firstName',
  'lastName',
  'middleName',
  'mobilePhone',
  'workPhone',
  'homePhone',
  'phone',
  'email',
  'account',
  'owner',
  'city',
  'doNotUseSms',
  'advertisingConsent',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ImportTarget = ImportField | `fields.${string}`;
/** Each header → what its column becomes; null: the column is ignored. */
export type ColumnMapping = Record<string, ImportTarget | null>;

type Snapshot = z.input<typeof contactSnapshotSchema>;
/** A snapshot as the schema gives it back: checked, trimmed, defaults filled in. */
export type CheckedSnapshot = z.output<typeof contactSnapshotSchema>;

/** The file as a whole cannot be imported; nothing of it is. */
export class CsvImportError extends Error {
  override readonly name = 'CsvImportError';

  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface CsvImportResult {
  header: string[];
  mapping: ColumnMapping;
  /** consent: the row's advertising consent (yes or no), when its file has the column and the cell is filled. */
  rows: { line: number; crmId: string; snapshot: CheckedSnapshot; consent?: boolean }[];
  refused: { line: number; reason: string }[];
}

export interface CsvImportOptions {
  idPrefix: string;
  mapping?: ColumnMapping;
  defaultCountry: string;
  maxRows?: number;
}

const DEFAULT_MAX_ROWS = 100_000;

/** Header names as CRMs (Creatio, Bitrix24, amoCRM, Excel by hand) write them; compared by `headerKey`. */
const HEADER_NAMES: Record<ImportField, string[]> = {
  id: ['Id', 'Идентификатор', 'ID записи', 'Record ID', 'Contact ID'],
  name: ['ФИО', 'Full name', 'Name', 'Контакт', 'Contact', 'Contact name', 'Полное имя'],
  firstName: ['Имя', 'First name', 'Given name'],
  lastName: ['Фамилия', 'Last name', 'Surname', 'Family name'],
  middleName: ['Отчество', 'Middle name', 'Patronymic'],
  mobilePhone: ['Мобильный телефон', 'Мобильный', 'Сотовый телефон', 'Mobile phone', 'Mobile', 'Cell phone'],
  workPhone: ['Рабочий телефон', 'Business phone', 'Work phone'],
  homePhone: ['Домашний телефон', 'Home phone'],
  phone: ['Телефон', 'Номер телефона', 'Phone', 'Phone number'],
  email: ['Email', 'E-mail', 'Эл. почта', 'Электронная почта', 'Email address'],
  account: ['Контрагент', 'Account', 'Company', 'Компания', 'Организация', 'Organization'],
  owner: ['Ответственный', 'Owner'],
  city: ['Город', 'City'],
  doNotUseSms: ['Не использовать SMS', 'Не использовать СМС', 'Do not use SMS'],
  advertisingConsent: ['Согласие на рекламу', 'Согласие на рекламную рассылку', 'Advertising consent', 'Consent to advertising'],
};

const FIELD_BY_HEADER = new Map(Object.entries(HEADER_NAMES).flatMap(([field, names]) => names.map((name) => [headerKey(name), field as ImportField])));

const PHONE_TYPES: Partial<Record<ImportField, PhoneType>> = {
  mobilePhone: 'mobile',
  workPhone: 'work',
  homePhone: 'home',
  phone: 'other',
};

const NAME_FIELDS: readonly ImportTarget[] = ['name', 'firstName', 'lastName'];
const YES = new Set(['да', 'yes', 'true', '1', 'истина']);
const NO = new Set(['нет', 'no', 'false', '0', 'ложь']);

interface Column {
  index: number;
  header: string;
  target: ImportTarget;
}

interface Table {
  columnCount: number;
  /** The columns that are not ignored. */
  columns: Column[];
  hasIdColumn: boolean;
}

export function parseContactsCsv(text: string, options: CsvImportOptions): CsvImportResult {
  const rows = new RowReader(options);
  try {
    readCsvRecords(text, rows.maxRecords, (record) => rows.take(record));
  } catch (error) {
    throw importError(error);
  }
  return rows.result();
}

/**
 * The same import, for a big file (its text, or its UTF-8 bytes as they came): a slice is read and
 * its rows checked, with `turn()` letting other work run between rows. The result is exactly
 * parseContactsCsv's.
 */
export async function parseContactsCsvInTurns(file: string | Uint8Array, options: CsvImportOptions, turn: () => Promise<void>): Promise<CsvImportResult> {
  const rows = new RowReader(options);
  try {
    for await (const batch of csvRecordBatches(file, rows.maxRecords)) {
      for (const record of batch) {
        rows.take(record);
        await turn();
      }
    }
  } catch (error) {
    throw importError(error);
  }
  return rows.result();
}

const importError = (error: unknown) => (error instanceof CsvReadError ? new CsvImportError(error.message, error.line) : error);

/**
 * The rows of a file, one record at a time: the first names the columns. What is wrong with the file
 * as a whole is told by result(), in the order it always was: no header, too many rows, a mapping
 * that does not fit, no name column.
 */
class RowReader {
  /** The header, maxRows rows, and one more to tell that there are too many. */
  readonly maxRecords: number;
  private readonly maxRows: number;
  private headerRecord: CsvRecord | undefined;
  private dataRecords = 0;
  private table: Table | CsvImportError | undefined;
  private readonly out: CsvImportResult = { header: [], mapping: {}, rows: [], refused: [] };
  private readonly lineOfCrmId = new ShardedMap<number>();

  constructor(private readonly options: CsvImportOptions) {
    if (!crmIdSchema.safeParse(`${options.idPrefix}:x`).success) throw new RangeError(`Unusable idPrefix "${options.idPrefix}".`);
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    this.maxRecords = this.maxRows + 2;
  }

  take(record: CsvRecord): void {
    if (!this.headerRecord) {
      this.headerRecord = record;
      this.table = this.tableOf(record);
      return;
    }
    this.dataRecords++;
    if (!(this.table instanceof CsvImportError) && this.table && this.dataRecords <= this.maxRows) this.takeRow(record, this.table);
  }

  result(): CsvImportResult {
    const { headerRecord, table } = this;
    if (!headerRecord || headerRecord.values.every((value) => value.trim() === '')) {
      throw new CsvImportError('The file is empty: it has no header line naming the columns.', 1);
    }
    if (this.dataRecords > this.maxRows) throw new CsvImportError(`The file has more than ${this.maxRows} rows; split it into smaller files.`);
    if (table instanceof CsvImportError) throw table;
    return this.out;
  }

  private tableOf(headerRecord: CsvRecord): Table | CsvImportError | undefined {
    if (headerRecord.values.every((value) => value.trim() === '')) return undefined;
    const header = headerRecord.values.map((value) => value.trim());
    let mapping: ColumnMapping;
    try {
      mapping = mapColumns(header, this.options.mapping ?? {});
    } catch (error) {
      if (error instanceof CsvImportError) return error;
      throw error;
    }
    const columns = header.flatMap((name, index): Column[] => {
      const target = mapping[name];
      return target ? [{ index, header: name, target }] : [];
    });
    if (!columns.some((column) => NAME_FIELDS.includes(column.target))) {
      return new CsvImportError(
        `No column holds the contact's name. Name one "ФИО", "Name", "Имя" or "Фамилия", or map a column to name, firstName or lastName; the columns are: ${header.join(', ')}.`,
        headerRecord.line,
      );
    }
    this.out.header = header;
    this.out.mapping = mapping;
    return { columnCount: header.length, columns, hasIdColumn: columns.some((column) => column.target === 'id') };
  }

  private takeRow(record: CsvRecord, table: Table): void {
    const row = readRow(record, table, this.options);
    if ('reason' in row) {
      this.out.refused.push({ line: record.line, reason: row.reason });
      return;
    }
    const earlierLine = this.lineOfCrmId.get(row.crmId);
    if (earlierLine !== undefined) {
      const reason = table.hasIdColumn ? `the Id "${row.id}" is already used on line ${earlierLine}` : `it has the same name and first phone as line ${earlierLine}`;
      this.out.refused.push({ line: record.line, reason });
      return;
    }
    this.lineOfCrmId.set(row.crmId, record.line);
    this.out.rows.push({ line: record.line, crmId: row.crmId, snapshot: row.snapshot, ...(row.consent === undefined ? {} : { consent: row.consent }) });
  }
}

function mapColumns(header: string[], explicit: ColumnMapping): ColumnMapping {
  for (const [name, target] of Object.entries(explicit)) {
    if (!header.includes(name)) {
      throw new CsvImportError(`The mapping names the column "${name}", which the file does not have; its columns are: ${header.join(', ')}.`);
    }
    if (target !== null && !isImportTarget(target)) {
      throw new CsvImportError(`The mapping of "${name}" to "${target}" is not possible; map a column to one of ${IMPORT_FIELDS.join(', ')}, fields.<name> or null.`);
    }
  }
  // Headers are file content: a column named "__proto__" must stay a column.
  const mapping: ColumnMapping = Object.create(null);
  for (const name of header) {
    if (Object.hasOwn(explicit, name)) mapping[name] = explicit[name] ?? null;
    else if (name === '') mapping[name] = null;
    else mapping[name] = FIELD_BY_HEADER.get(headerKey(name)) ?? `fields.${name}`;
  }
  return mapping;
}

type RowOutcome = { reason: string } | { id: string; crmId: string; snapshot: CheckedSnapshot; consent?: boolean };

function readRow({ values }: CsvRecord, { columnCount, columns, hasIdColumn }: Table, options: CsvImportOptions): RowOutcome {
  if (values.length !== columnCount) {
    return { reason: `the row has ${values.length} values where the header has ${columnCount} columns` };
  }
  const single = new Map<ImportTarget, string>();
  const phones: { number: string; type: PhoneType; label: string }[] = [];
  for (const column of columns) {
    const value = values[column.index]!.trim();
    if (value === '') continue;
    const phoneType = PHONE_TYPES[column.target as ImportField];
    if (phoneType) {
      for (const number of splitPhones(value)) phones.push({ number, type: phoneType, label: column.header });
    } else if (!single.has(column.target)) {
      single.set(column.target, value);
    }
  }

  const consentCell = single.get('advertisingConsent');
  const consent = yesNo(consentCell);
  // A consent is proof: a cell that says neither yes nor no is not guessed at.
  if (consentCell !== undefined && consent === null) {
    const header = columns.find((column) => column.target === 'advertisingConsent')!.header;
    return { reason: `"${consentCell}" in the column "${header}" is neither yes (да, 1, true) nor no (нет, 0, false)` };
  }

  const name = single.get('name') ?? composeName(single.get('firstName'), single.get('middleName'), single.get('lastName'));
  if (!name) return { reason: 'the row has no name' };
  let firstPhoneDigits = '';
  for (const [index, phone] of phones.entries()) {
    const normalized = tryNormalizePhone(phone.number, { defaultCountry: options.defaultCountry });
    // Other problems (a landline, a number too short) are kept with the contact, as the directory does.
    if (!normalized.ok && normalized.error.reason === 'not_a_number') {
      return { reason: `"${phone.number}" in the column "${phone.label}" is not a phone number` };
    }
    if (index === 0) firstPhoneDigits = normalized.ok ? normalized.phone.digits : phone.number.replace(/\D/g, '');
  }

  const id = hasIdColumn ? single.get('id') : rowHash(name, firstPhoneDigits);
  if (id === undefined) return { reason: 'the Id column is empty' };
  const crmId = `${options.idPrefix}:${id}`;
  const crmIdCheck = crmIdSchema.safeParse(crmId);
  if (!crmIdCheck.success) return { reason: `the Id "${id}" cannot be used: it ${crmIdCheck.error.issues[0]!.message}` };

  const snapshot = contactSnapshotSchema.safeParse(snapshotOf(name, phones, single));
  if (!snapshot.success) {
    const issue = snapshot.error.issues[0]!;
    return { reason: `the contact's ${issue.path.map(String).join('.')} ${issue.message}` };
  }
  return { id, crmId, snapshot: snapshot.data, ...(consent === null ? {} : { consent }) };
}

function snapshotOf(name: string, phones: Snapshot['phones'], single: Map<ImportTarget, string>): Snapshot {
  const fields: Record<string, string> = {};
  const snapshot: Snapshot = { name, phones, doNotUseSms: yesNo(single.get('doNotUseSms')), fields };
  for (const field of ['firstName', 'lastName', 'middleName', 'email', 'account', 'owner', 'city'] as const) {
    const value = single.get(field);
    if (value !== undefined) snapshot[field] = value;
  }
  for (const [target, value] of single) {
    if (target.startsWith('fields.')) fields[target.slice('fields.'.length)] = value;
  }
  return snapshot;
}

/** Russian names in ФИО order, as a Russian CRM shows them; others as "First Middle Last". */
function composeName(firstName?: string, middleName?: string, lastName?: string): string {
  const russian = /[а-яё]/i.test(`${lastName ?? ''}${firstName ?? ''}`);
  const parts = russian ? [lastName, firstName, middleName] : [firstName, middleName, lastName];
  return parts.filter(Boolean).join(' ');
}

/**
 * Without an Id column a contact is known by its name and first phone, hashed, so importing the same
 * export again updates the same contacts; a renamed contact or a changed first phone becomes a new one.
 */
function rowHash(name: string, firstPhoneDigits: string): string {
  const person = name.toLocaleLowerCase('ru').replace(/\s+/g, ' ');
  return createHash('sha256').update(`${person}\n${firstPhoneDigits}`).digest('hex').slice(0, 16);
}

/** One cell may list several numbers; a cell with no letter or digit ("-", "—") lists none. */
function splitPhones(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}

function yesNo(value: string | undefined): boolean | null {
  const key = value?.toLocaleLowerCase('ru');
  if (key === undefined) return null;
  return YES.has(key) ? true : NO.has(key) ? false : null;
}

/** Case, spaces and punctuation do not count: "E-mail" = "email", "Эл. почта" = "эл почта". */
export function headerKey(header: string): string {
  return header
    .toLocaleLowerCase('ru')
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function isImportTarget(target: string): target is ImportTarget {
  return (IMPORT_FIELDS as readonly string[]).includes(target) || (target.startsWith('fields.') && target.length > 'fields.'.length);
}
