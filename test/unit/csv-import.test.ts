import { describe, expect, it } from 'vitest';
import { contactSnapshotSchema } from '../../shared/api.js';
import { CsvImportError, parseContactsCsv, type CsvImportResult } from '../../relay/contacts/csv-import.js';

const OPTIONS = { idPrefix: 'creatio:crm.example.com', defaultCountry: 'RU' };

const lines = (...rows: string[]) => rows.join('\r\n') + '\r\n';

/** As Creatio exports a contact list for Russian Excel: BOM, `;`, CRLF, doubled quotes. */
const CREATIO_EXPORT =
  '\uFEFF' +
  lines(
    'Id;ФИО;Мобильный телефон;Рабочий телефон;Email;Контрагент;Ответственный;Город;Не использовать SMS;Сегмент;Комментарий',
    '7f3b0001;Иванова Мария Петровна;+7 912 345-67-89;8 (843) 123-45-67;maria@example.com;"ООО ""Ромашка""";Петров Пётр;Казань;Нет;VIP;',
    '7f3b0002;Семёнов Семён;8 913 111-22-33;;;ИП Семёнов;Петров Пётр;Москва;Да;;"Звонить после 18:00;',
    'только по будням"',
    '7f3b0003;Фёдоров Фёдор;;;fedor@example.com;ООО "Ёжик";;Казань;;;',
  );

function importError(text: string, options: Partial<Parameters<typeof parseContactsCsv>[1]> = {}): CsvImportError {
  try {
    parseContactsCsv(text, { ...OPTIONS, ...options });
  } catch (error) {
    if (error instanceof CsvImportError) return error;
    throw error;
  }
  throw new Error('the file was imported');
}

const byLine = (result: CsvImportResult, line: number) => result.rows.find((row) => row.line === line)?.snapshot;

describe('a Creatio export', () => {
  const result = parseContactsCsv(CREATIO_EXPORT, OPTIONS);

  it('maps the Russian headers and keeps the rest as custom fields', () => {
    expect(result.header[0]).toBe('Id');
    expect(result.mapping).toEqual({
      Id: 'id',
      ФИО: 'name',
      'Мобильный телефон': 'mobilePhone',
      'Рабочий телефон': 'workPhone',
      Email: 'email',
      Контрагент: 'account',
      Ответственный: 'owner',
      Город: 'city',
      'Не использовать SMS': 'doNotUseSms',
      Сегмент: 'fields.Сегмент',
      Комментарий: 'fields.Комментарий',
    });
  });

  it('imports every row, with the line each starts on', () => {
    expect(result.refused).toEqual([]);
    expect(result.rows.map((row) => [row.line, row.crmId])).toEqual([
      [2, 'creatio:crm.example.com:7f3b0001'],
      [3, 'creatio:crm.example.com:7f3b0002'],
      [5, 'creatio:crm.example.com:7f3b0003'],
    ]);
  });

  it('builds snapshots the contact API accepts', () => {
    expect(byLine(result, 2)).toEqual({
      name: 'Иванова Мария Петровна',
      phones: [
        { number: '+7 912 345-67-89', type: 'mobile', label: 'Мобильный телефон' },
        { number: '8 (843) 123-45-67', type: 'work', label: 'Рабочий телефон' },
      ],
      email: 'maria@example.com',
      account: 'ООО "Ромашка"',
      owner: 'Петров Пётр',
      city: 'Казань',
      doNotUseSms: false,
      fields: { Сегмент: 'VIP' },
    });
    for (const row of result.rows) expect(contactSnapshotSchema.safeParse(row.snapshot).success).toBe(true);
  });

  it('keeps a quoted value over two lines (its line end as \\n), and a bare quote inside a value', () => {
    expect(byLine(result, 3)).toMatchObject({ doNotUseSms: true, fields: { Комментарий: 'Звонить после 18:00;\nтолько по будням' } });
    expect(byLine(result, 5)).toMatchObject({ account: 'ООО "Ёжик"', doNotUseSms: null, phones: [] });
  });
});

describe('an English export with commas', () => {
  const text = lines(
    'First name,Last name,Middle name,Mobile,Business phone,Company,E-mail,Do not use SMS',
    'John,Smith,,+44 7911 123456,,Acme,john@example.com,yes',
    'Мария,Иванова,Петровна,89123456789,,,,0',
    'Jane,Doe,,,"+1 212 555 0100",Acme,,',
  );
  const result = parseContactsCsv(text, { ...OPTIONS, idPrefix: 'csv' });

  it('composes the name: ФИО order for Russian names, first-last for others', () => {
    expect(result.rows.map((row) => row.snapshot.name)).toEqual(['John Smith', 'Иванова Мария Петровна', 'Jane Doe']);
    expect(byLine(result, 2)).toMatchObject({ firstName: 'John', lastName: 'Smith', doNotUseSms: true });
    expect(byLine(result, 3)).toMatchObject({ middleName: 'Петровна', doNotUseSms: false });
  });

  it('without an Id column, gives each contact a stable id from its name and first phone', () => {
    const again = parseContactsCsv(text, { ...OPTIONS, idPrefix: 'csv' });
    expect(again.rows.map((row) => row.crmId)).toEqual(result.rows.map((row) => row.crmId));
    expect(new Set(result.rows.map((row) => row.crmId)).size).toBe(3);
    expect(result.rows[0]!.crmId).toMatch(/^csv:[0-9a-f]{16}$/);
    const reformatted = parseContactsCsv(text.replace('89123456789', '+7 (912) 345-67-89'), { ...OPTIONS, idPrefix: 'csv' });
    expect(reformatted.rows[1]!.crmId).toBe(result.rows[1]!.crmId);
  });

  it('refuses the same person twice, naming the first line', () => {
    const twice = parseContactsCsv(text + 'John,Smith,,+44 7911 123456,,Acme Ltd,,\r\n', { ...OPTIONS, idPrefix: 'csv' });
    expect(twice.refused).toEqual([{ line: 5, reason: 'it has the same name and first phone as line 2' }]);
  });
});

describe('refused rows', () => {
  const text = lines(
    'ID;Фамилия;Имя;Телефон;Город',
    '1;Иванова;Мария;+7 912 345-67-89;Казань',
    '2;;;+7 913 111-22-33;Москва',
    '3;Петров;Пётр;позвонить секретарю;Казань',
    '1;Иванова;Мария;+7 912 345-67-89;Казань',
    '4;Сидоров;Иван;8 912 345-67-80, 8 913 222-33-44;Казань',
    '5;Козлов;Олег;+7 912 345-67-81',
    '6 7;Смирнов;Антон;;',
    ';Орлов;Павел;;',
    ';;;;',
    '8;Волков;Игорь;12;Уфа',
  );
  const result = parseContactsCsv(text, OPTIONS);

  it('lists each with its line and the reason, and imports the others', () => {
    expect(result.refused).toEqual([
      { line: 3, reason: 'the row has no name' },
      { line: 4, reason: '"позвонить секретарю" in the column "Телефон" is not a phone number' },
      { line: 5, reason: 'the Id "1" is already used on line 2' },
      { line: 7, reason: 'the row has 4 values where the header has 5 columns' },
      { line: 8, reason: 'the Id "6 7" cannot be used: it must not contain spaces, "/", "?" or "#"' },
      { line: 9, reason: 'the Id column is empty' },
    ]);
    expect(result.rows.map((row) => row.line)).toEqual([2, 6, 11]);
  });

  it('splits a cell listing several numbers, and keeps a number that is merely invalid', () => {
    expect(byLine(result, 6)?.phones).toEqual([
      { number: '8 912 345-67-80', type: 'other', label: 'Телефон' },
      { number: '8 913 222-33-44', type: 'other', label: 'Телефон' },
    ]);
    expect(byLine(result, 11)?.phones).toEqual([{ number: '12', type: 'other', label: 'Телефон' }]);
  });

  it('refuses a row the contact schema refuses', () => {
    const long = parseContactsCsv(lines('ФИО;Email', `Иванова Мария;${'m'.repeat(300)}@example.com`), OPTIONS);
    expect(long.refused).toEqual([{ line: 2, reason: "the contact's email must be at most 300 characters" }]);
  });
});

describe('an explicit mapping', () => {
  const text = lines('Клиент,Тел.,Примечание,Регион', 'Иванова Мария,+7 912 345-67-89,не звонить,Татарстан');

  it('overrides the guesses; the other columns are still guessed', () => {
    const result = parseContactsCsv(text, { ...OPTIONS, mapping: { Клиент: 'name', 'Тел.': 'mobilePhone', Примечание: null } });
    expect(result.mapping).toEqual({ Клиент: 'name', 'Тел.': 'mobilePhone', Примечание: null, Регион: 'fields.Регион' });
    expect(result.rows[0]!.snapshot).toMatchObject({
      name: 'Иванова Мария',
      phones: [{ number: '+7 912 345-67-89', type: 'mobile' }],
      fields: { Регион: 'Татарстан' },
    });
  });

  it('can turn a column into a named custom field', () => {
    const result = parseContactsCsv(text, { ...OPTIONS, mapping: { Клиент: 'name', Примечание: 'fields.Комментарий' } });
    expect(result.rows[0]!.snapshot.fields).toEqual({ 'Тел.': '+7 912 345-67-89', Комментарий: 'не звонить', Регион: 'Татарстан' });
  });

  it('refuses a mapping of a column the file does not have', () => {
    expect(importError(text, { mapping: { Client: 'name' } }).message).toBe(
      'The mapping names the column "Client", which the file does not have; its columns are: Клиент, Тел., Примечание, Регион.',
    );
  });
});

describe('files refused as a whole', () => {
  it('an unclosed quote, with the line it opens on', () => {
    const error = importError(lines('ФИО;Телефон', 'Иванова Мария;+7 912 345-67-89', '"Петров Пётр;+7 913 111-22-33', 'Сидоров Иван;+7 914 000-00-00'));
    expect(error.line).toBe(3);
    expect(error.message).toBe(`The quoted value that starts on line 3 is never closed: a closing '"' is missing.`);
  });

  it('an empty file', () => {
    expect(importError('').message).toMatch(/^The file is empty/);
    expect(importError('\uFEFF\r\n\r\n').message).toMatch(/^The file is empty/);
  });

  it('a file without a name column', () => {
    const error = importError(lines('Телефон;Город', '+7 912 345-67-89;Казань'));
    expect(error.line).toBe(1);
    expect(error.message).toContain("No column holds the contact's name");
  });

  it('a file over the row limit', () => {
    const text = lines('ФИО', 'Иванова', 'Петров', 'Сидоров');
    expect(parseContactsCsv(text, { ...OPTIONS, maxRows: 3 }).rows).toHaveLength(3);
    expect(importError(text, { maxRows: 2 }).message).toBe('The file has more than 2 rows; split it into smaller files.');
  });
});

describe('the advertising consent column', () => {
  const text = lines(
    'Id;ФИО;Мобильный телефон;Согласие на рекламу',
    '1;Иванова Мария;+7 912 345-67-89;Да',
    '2;Петров Пётр;+7 912 345-67-88;нет',
    '3;Сидоров Иван;+7 912 345-67-87;',
    '4;Фёдоров Фёдор;+7 912 345-67-86;наверное',
  );
  const result = parseContactsCsv(text, OPTIONS);

  it('gives each row its yes or no, none for an empty cell, and keeps it out of the contact', () => {
    expect(result.mapping['Согласие на рекламу']).toBe('advertisingConsent');
    expect(result.rows.map((row) => [row.line, row.consent])).toEqual([
      [2, true],
      [3, false],
      [4, undefined],
    ]);
    expect(byLine(result, 2)?.fields).toEqual({});
  });

  it('refuses a row whose cell is neither yes nor no: a consent is not guessed', () => {
    expect(result.refused).toEqual([{ line: 5, reason: '"наверное" in the column "Согласие на рекламу" is neither yes (да, 1, true) nor no (нет, 0, false)' }]);
  });

  it('is found by its English name too', () => {
    const english = parseContactsCsv(lines('Name,Mobile,Advertising consent', 'Mary Smith,+7 912 345-67-89,yes'), OPTIONS);
    expect(english.rows[0]?.consent).toBe(true);
  });
});
