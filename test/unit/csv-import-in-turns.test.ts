import { describe, expect, it } from 'vitest';
import { parseContactsCsv, parseContactsCsvInTurns } from '../../relay/contacts/csv-import';
import { csvRecordBatches, readCsvRecords, type CsvRecord } from '../../relay/contacts/csv-records';
import { timeSlicer } from '../../relay/contacts/time-slicer';

const OPTIONS = { idPrefix: 'creatio:crm.example.com', defaultCountry: 'RU' };
const lines = (...rows: string[]) => rows.join('\r\n') + '\r\n';

const FILES: Record<string, string> = {
  'a Creatio export (BOM, ";", CRLF, a quoted value over two lines)':
    '\uFEFF' +
    lines(
      'Id;ФИО;Мобильный телефон;Рабочий телефон;Email;Контрагент;Ответственный;Город;Не использовать SMS;Сегмент;Комментарий',
      '7f3b0001;Иванова Мария Петровна;+7 912 345-67-89;8 (843) 123-45-67;maria@example.com;"ООО ""Ромашка""";Петров Пётр;Казань;Нет;VIP;',
      '7f3b0002;Семёнов Семён;8 913 111-22-33;;;ИП Семёнов;Петров Пётр;Москва;Да;;"Звонить после 18:00;',
      'только по будням"',
      '7f3b0003;Фёдоров Фёдор;;;fedor@example.com;ООО "Ёжик";;Казань;;;',
    ),
  'no Id column, "," and duplicates': lines('First name,Last name,Mobile,Company', 'John,Smith,+44 7911 123456,Acme', 'John,Smith,+44 7911 123456,Acme', 'Anna,,,'),
  'refused rows': 'ФИО;Телефон\n;+79120000001\nПётр;позвоните мне\nМария;8 912 000 11 22;лишнее\n',
  empty: '',
  'only blank lines': '\n\n  \n',
  'no name column': 'Телефон;Город\n+79120000001;Казань\n',
  'an unclosed quote': 'Id;ФИО;Мобильный телефон\nb1;"Незакрытая кавычка;+79120000099\nb2;Ок;+79120000098\n',
  'too many rows': `ФИО\n${'Иван\n'.repeat(12)}`,
  'too many rows and an unclosed quote after them': `ФИО\n${'Иван\n'.repeat(12)}"оборвано\n`,
  'old Mac line breaks (a lone \\r), and \\r\\r\\n': 'ФИО;Город\rИван;Казань\r\r\nМария;Москва\r',
};

/** What parsing gave: the result, or the error's class, message and line. */
async function outcome(parse: () => unknown | Promise<unknown>) {
  try {
    return { result: await parse() };
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message, line: (error as { line?: number }).line } };
  }
}

describe('a CSV import in turns gives exactly what one in one go does', () => {
  it.each(Object.entries(FILES))('%s', async (_, text) => {
    const options = { ...OPTIONS, maxRows: 10 };
    const once = await outcome(() => parseContactsCsv(text, options));
    expect(await outcome(() => parseContactsCsvInTurns(text, options, timeSlicer(0)))).toEqual(once);
  });

  it.each(Object.entries(FILES))('%s, from the bytes as they came over HTTP', async (_, text) => {
    const options = { ...OPTIONS, maxRows: 10 };
    const bytes = Buffer.from(`\uFEFF${text}`, 'utf8');
    // What c.req.text() gave the import before: the bytes decoded as UTF-8, a BOM dropped.
    const once = await outcome(() => parseContactsCsv(new TextDecoder().decode(bytes), options));
    expect(await outcome(() => parseContactsCsvInTurns(bytes, options, timeSlicer(0)))).toEqual(once);
  });

  it('bytes that are not UTF-8 come out as the decoded text did', async () => {
    const bytes = Buffer.concat([Buffer.from('ФИО;Город\nИв'), Buffer.from([0xd0]), Buffer.from(';Каз'), Buffer.from([0xff, 0xfe]), Buffer.from('ань\n')]);
    const once = parseContactsCsv(new TextDecoder().decode(bytes), OPTIONS);
    expect(once.rows).toHaveLength(1);
    expect(await parseContactsCsvInTurns(bytes, OPTIONS, timeSlicer(0))).toEqual(once);
  });

  it('reads the same records whatever the slices, also when a slice ends inside a letter or a quoted value', async () => {
    const text = FILES['a Creatio export (BOM, ";", CRLF, a quoted value over two lines)']!.repeat(3);
    const once: CsvRecord[] = [];
    readCsvRecords(text, 1000, (record) => once.push(record));
    for (const sliceBytes of [1, 2, 3, 7, 64, 1000]) {
      const inSlices: CsvRecord[] = [];
      for await (const batch of csvRecordBatches(text, 1000, sliceBytes)) inSlices.push(...batch);
      expect(inSlices, `slices of ${sliceBytes} bytes`).toEqual(once);
    }
  });

  it('a big file: many slices, turns taken, the same rows', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `id${i};Клиентка Ёлкина ${i};+7 912 ${String(1000000 + i).slice(1)};"ООО ""Ромашка ${i % 7}""";${i % 3 ? 'да' : 'нет'}`,
    );
    const text = `Id;ФИО;Мобильный телефон;Контрагент;Не использовать SMS\n${rows.join('\n')}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * 64 * 1024);
    let turns = 0;
    const result = await parseContactsCsvInTurns(text, OPTIONS, async () => {
      turns++;
    });
    expect(result).toEqual(parseContactsCsv(text, OPTIONS));
    expect(result.rows).toHaveLength(3000);
    expect(turns).toBeGreaterThanOrEqual(3000);
  });
});
