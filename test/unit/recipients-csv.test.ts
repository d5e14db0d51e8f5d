import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecipientView } from '../../shared/mailings';
import { languageFromAcceptLanguage, recipientsCsv } from '../../relay/mailings/recipients-csv';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { waitUntilSettled } from '../support/mailing-run';

const BOM = [0xef, 0xbb, 0xbf];

/**
 * What Russian Excel does with a .csv it opens: a UTF-8 BOM makes it read UTF-8 (otherwise it reads
 * Windows-1251), and with a Russian locale it splits on the list separator `;`. Anything else lands in one column.
 */
function openLikeRussianExcel(bytes: Uint8Array): string[][] {
  expect([...bytes.slice(0, 3)], 'a UTF-8 BOM first').toEqual(BOM);
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  return parse(text, { delimiter: ';', relax_column_count: false }) as string[][];
}

function openLikeEnglishExcel(bytes: Uint8Array): string[][] {
  return parse(new TextDecoder().decode(bytes), { delimiter: ',' }) as string[][];
}

const recipient = (patch: Partial<RecipientView>): RecipientView => ({
  index: 0,
  contactId: 'demo:127.0.0.1:8787:1',
  name: 'Иван Петров',
  phone: '79123456789',
  text: 'Привет; как дела?\nВторая строка',
  parts: 1,
  state: 'delivered',
  skipReason: null,
  providerMessageId: 'sb-1',
  cost: 1.74,
  error: null,
  updatedAt: '2026-11-24T10:00:05.000Z',
  ...patch,
});

const RECIPIENTS: RecipientView[] = [
  recipient({}),
  recipient({
    index: 1,
    contactId: 'demo:h:2',
    name: 'Флаг',
    phone: '79120009901',
    state: 'skipped',
    skipReason: 'do_not_use_sms',
    text: null,
    parts: 0,
    cost: null,
    providerMessageId: null,
  }),
  recipient({
    index: 2,
    contactId: 'demo:h:3',
    name: 'Без телефона',
    phone: null,
    state: 'skipped',
    skipReason: 'no_phone',
    text: null,
    parts: 0,
    cost: null,
    providerMessageId: null,
  }),
  recipient({
    index: 3,
    contactId: 'demo:h:4',
    name: '=HYPERLINK("http://evil.example","click")',
    phone: '375291234567',
    state: 'failed',
    error: 'The provider has no route to this number (no route)',
    cost: null,
  }),
  recipient({ index: 4, contactId: 'demo:h:5', name: 'Клиент', state: 'failed', error: 'sandbox: simulated delivery failure' }),
];

const bytesOf = (text: string) => new TextEncoder().encode(text);
const column = (rows: string[][], header: string) => rows.slice(1).map((row) => row[rows[0]!.indexOf(header)]);

describe('the recipients CSV for Russian Excel', () => {
  const rows = openLikeRussianExcel(bytesOf(recipientsCsv(RECIPIENTS, { format: 'human', language: 'ru', timeZone: 'Europe/Moscow', currency: 'RUB' })));

  it('opens in columns with Russian headers', () => {
    expect(rows[0]).toEqual([
      'ID контакта',
      'ФИО',
      'Номер',
      'Статус',
      'Причина пропуска',
      'СМС',
      'Стоимость, ₽',
      'ID сообщения у оператора',
      'Ошибка',
      'Изменено',
      'Текст',
    ]);
    expect(rows.every((row) => row.length === 11)).toBe(true);
    expect(rows).toHaveLength(1 + RECIPIENTS.length);
  });

  it('has words for statuses and skip reasons, not codes', () => {
    expect(column(rows, 'Статус')).toEqual(['Доставлено', 'Пропущено', 'Пропущено', 'Не доставлено', 'Не доставлено']);
    expect(column(rows, 'Причина пропуска')).toEqual(['', 'Не использовать SMS', 'Нет телефона', '', '']);
    expect(rows.flat().join(' ')).not.toMatch(/\b(delivered|skipped|failed|do_not_use_sms|no_phone)\b/);
  });

  it('writes numbers, dates and money as Russian Excel reads them', () => {
    expect(column(rows, 'Стоимость, ₽')[0]).toBe('1,74');
    expect(column(rows, 'Изменено')[0]).toBe('24.11.2026 13:00:05');
    // International format: the + and spaces keep Excel from turning it into 7,91235E+10; it is text.
    expect(column(rows, 'Номер')[0]).toBe("'+7 912 345 67 89");
    expect(column(rows, 'Номер')[3]).toBe("'+375 29 123 45 67");
  });

  it("puts the reason of a failure in Russian, keeping the provider's own words", () => {
    expect(column(rows, 'Ошибка')[3]).toBe('Оператор не может доставить СМС на этот номер (no route)');
    expect(column(rows, 'Ошибка')[4]).toBe('Оператор не доставил сообщение (sandbox: simulated delivery failure)');
  });

  it('keeps a text with ; and a line break in its cell, and a formula as text', () => {
    expect(column(rows, 'Текст')[0]).toBe('Привет; как дела?\nВторая строка');
    expect(column(rows, 'ФИО')[3]).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });
});

describe('the recipients CSV in English and raw', () => {
  it('English: commas, English words, dates in ISO order', () => {
    const rows = openLikeEnglishExcel(bytesOf(recipientsCsv(RECIPIENTS, { format: 'human', language: 'en', timeZone: 'UTC', currency: 'USD' })));
    expect(rows[0]!.slice(0, 7)).toEqual(['Contact ID', 'Full name', 'Number', 'Status', 'Skip reason', 'Parts', 'Cost, $']);
    expect(column(rows, 'Status')).toEqual(['Delivered', 'Skipped', 'Skipped', 'Failed', 'Failed']);
    expect(column(rows, 'Skip reason')[1]).toBe('Do not use SMS');
    expect(column(rows, 'Cost, $')[0]).toBe('1.74');
    expect(column(rows, 'Updated')[0]).toBe('2026-11-24 10:00:05');
  });

  it("raw: the relay's codes, digits and ISO dates, commas, no BOM", () => {
    const csv = recipientsCsv(RECIPIENTS, { format: 'raw', language: 'ru' });
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const rows = parse(csv, { delimiter: ',' }) as string[][];
    expect(rows[0]).toEqual(['contactId', 'name', 'phone', 'state', 'skipReason', 'parts', 'cost', 'providerMessageId', 'error', 'updatedAt', 'text']);
    expect(rows[2]!.slice(0, 5)).toEqual(['demo:h:2', 'Флаг', '79120009901', 'skipped', 'do_not_use_sms']);
    expect(rows[1]![9]).toBe('2026-11-24T10:00:05.000Z');
    expect(rows[4]![1]).toMatch(/^'=HYPERLINK/);
  });

  it('the language from Accept-Language, Russian when it names neither', () => {
    expect(languageFromAcceptLanguage(undefined)).toBe('ru');
    expect(languageFromAcceptLanguage('de-DE,de;q=0.9')).toBe('ru');
    expect(languageFromAcceptLanguage('en-US,en;q=0.9,ru;q=0.8')).toBe('en');
    expect(languageFromAcceptLanguage('de;q=1,ru;q=0.5,en;q=0.7')).toBe('en');
    expect(languageFromAcceptLanguage('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(languageFromAcceptLanguage('en;q=0,ru')).toBe('ru');
  });
});

describe('GET /api/mailings/:id/recipients.csv', () => {
  let relay: TestRelay;
  let id: string;

  beforeAll(async () => {
    relay = await startTestRelay({ SANDBOX_FAIL_RATE: '0', SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '0', MAILING_RATE_PER_SECOND: '0' });
    const contacts = [
      { crmId: 'csv:1', snapshot: { name: 'Анна Смирнова', phones: [{ number: '+79120000001', type: 'mobile' as const }] } },
      { crmId: 'csv:2', snapshot: { name: 'Флаг', doNotUseSms: true, phones: [{ number: '+79120000002', type: 'mobile' as const }] } },
    ];
    expect((await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } })).status).toBe(200);
    const mailing = (await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Выгрузка', launchType: 'instant', text: 'Привет' } })).body;
    id = mailing.id;
    await relay.call('PUT', `/api/mailings/${id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId), groups: [] } });
    expect((await relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer' })).status).toBe(200);
    await waitUntilSettled(relay, id, ['finished']);
  });
  afterAll(() => relay?.dispose());

  const download = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${relay.url}/api/mailings/${id}/recipients.csv${query}`, { headers: { authorization: `Bearer ${relay.tokens.marketer}`, ...headers } });
    expect(response.status, await response.clone().text()).toBe(200);
    return new Uint8Array(await response.arrayBuffer());
  };

  it('is Russian by default: BOM, `;`, words', async () => {
    const rows = openLikeRussianExcel(await download(''));
    expect(rows[0]![3]).toBe('Статус');
    const byName = Object.fromEntries(rows.slice(1).map((row) => [row[1], row]));
    expect(byName['Флаг']![3]).toBe('Пропущено');
    expect(byName['Флаг']![4]).toBe('Не использовать SMS');
    expect(byName['Анна Смирнова']![2]).toBe("'+7 912 000 00 01");
  });

  it('follows Accept-Language, and ?lang= over it', async () => {
    expect(openLikeEnglishExcel(await download('', { 'accept-language': 'en-US,en;q=0.9' }))[0]![3]).toBe('Status');
    expect(openLikeRussianExcel(await download('?lang=ru', { 'accept-language': 'en-US' }))[0]![3]).toBe('Статус');
    expect(openLikeEnglishExcel(await download('?lang=en&tz=Europe/Moscow'))[0]![3]).toBe('Status');
  });

  it('?format=raw keeps the codes for programs', async () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await download('?format=raw'));
    expect(text.startsWith('contactId,name,phone,state,skipReason')).toBe(true);
    expect(text).toContain('csv:2,Флаг,,skipped,do_not_use_sms');
  });

  it('refuses an unknown language, format or time zone in words', async () => {
    for (const [query, field] of [
      ['?lang=de', 'lang'],
      ['?format=xlsx', 'format'],
      ['?tz=Mars/Olympus', 'tz'],
    ] as const) {
      const reply = await relay.call('GET', `/api/mailings/${id}/recipients.csv${query}`, { role: 'marketer' });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toContain(`"${field}"`);
    }
  });
});
