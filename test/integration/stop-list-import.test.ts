import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../relay/store/tokens';
import { expectStatus } from '../support/answers';
import { faultyIo } from '../support/faulty-io';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.dispose();
});

const stopListBytes = (target = relay) => statSync(join(target.dataDir, 'stop-list.jsonl')).size;
const importFile = (file: string | Uint8Array<ArrayBuffer>, role: Role | null = 'marketer', target = relay) =>
  target.call('POST', '/api/stop-list/import', { role, rawBody: file, headers: { 'content-type': 'text/csv' } });
const entryOf = async (phone: string) => (await expectStatus(relay.call('GET', `/api/stop-list/${phone}`))).entry;

/** Windows-1251, as Russian Excel saves «CSV»: Cyrillic А–я are 0xC0–0xFF there. */
const windows1251 = (text: string) => Uint8Array.from([...text].map((ch) => (ch >= 'А' && ch <= 'я' ? ch.charCodeAt(0) - 0x410 + 0xc0 : ch.charCodeAt(0))));

describe('importing a CSV file of numbers into the stop list', () => {
  it('takes a file as Russian Excel writes it: BOM, semicolons, quoted numbers in any notation; lines that are no number are told with their line', async () => {
    const file =
      '\uFEFFТелефон;Причина\r\n' +
      '"+7 (912) 100-00-01";просил не писать\r\n' +
      '8 912 100 00 02;\r\n' +
      '"+7 912 100-00-01";второй раз в файле\r\n' +
      'позвоните мне;спам\r\n' +
      '=HYPERLINK("http://evil.example","нажми");\r\n' +
      "'+7 912 100 00 03;=1+1\r\n" +
      ';только причина\r\n' +
      '12345;коротко\r\n';
    const answer = await expectStatus(importFile(file));
    expect(answer).toEqual({
      added: 3,
      already: 1,
      invalid: [
        { line: 5, value: 'позвоните мне', reason: 'This is not a phone number', reasonRu: 'Это не номер телефона' },
        { line: 6, value: '=HYPERLINK("http://evil.example","нажми")', reason: 'This is not a phone number', reasonRu: 'Это не номер телефона' },
        { line: 8, value: '', reason: 'The phone number is missing', reasonRu: 'Номер телефона не указан' },
        { line: 9, value: '12345', reason: 'The number is too short', reasonRu: 'Номер слишком короткий' },
      ],
    });
    expect(await entryOf('79121000001')).toEqual({ phone: '79121000001', source: 'csv', addedAt: expect.any(String), addedBy: 'marketer', reason: 'просил не писать' });
    expect(await entryOf('79121000002')).toEqual({ phone: '79121000002', source: 'csv', addedAt: expect.any(String), addedBy: 'marketer' });
    // A formula-safe cell of a spreadsheet export reads as what it says; the reason stays words, escaped again on export.
    expect(await entryOf('79121000003')).toMatchObject({ source: 'csv', reason: '=1+1' });
    const page = await expectStatus(relay.call('GET', '/api/stop-list?q=912100000', { role: 'marketer' }));
    expect(page.entries.map((e: { source: string }) => e.source)).toEqual(['csv', 'csv', 'csv']);
    const csv = await relay.call('GET', '/api/stop-list.csv?lang=ru', { role: 'marketer' });
    expect(csv.text).toMatch(/79121000003;Импорт CSV;[^;]+;marketer;'=1\+1/);
  });

  it('the same file again adds nothing and writes nothing; a number listed before keeps its entry', async () => {
    await expectStatus(relay.call('POST', '/api/stop-list', { body: { phone: '+79121000102', reason: 'по телефону' } }), 201);
    const file = 'Телефон\n+79121000101\n+79121000102\n';
    expect(await expectStatus(importFile(file))).toEqual({ added: 1, already: 1, invalid: [] });
    expect(await entryOf('79121000102')).toMatchObject({ source: 'agent', reason: 'по телефону' });
    const before = stopListBytes();
    expect(await expectStatus(importFile(file))).toEqual({ added: 0, already: 2, invalid: [] });
    expect(stopListBytes()).toBe(before);
  });

  it('finds the column of numbers by its name, in English and with commas too, and reads the list’s own export back', async () => {
    expect(await expectStatus(importFile('Name,Mobile phone,Comment\nIvan,+7 912 100 02 01,"asked, twice"\n'))).toMatchObject({ added: 1, invalid: [] });
    expect(await entryOf('79121000201')).toMatchObject({ source: 'csv', reason: 'asked, twice' });

    await expectStatus(relay.call('POST', '/api/stop-list', { body: { phone: '+79121000202' } }), 201);
    const exported = (await relay.call('GET', '/api/stop-list.csv?lang=ru', { role: 'marketer' })).text;
    await expectStatus(relay.call('DELETE', '/api/stop-list/79121000202', { role: 'admin', body: { reason: 'проверка экспорта' } }));
    const again = await expectStatus(importFile(exported));
    expect(again).toMatchObject({ added: 1, invalid: [] });
    expect(await entryOf('79121000202')).toMatchObject({ source: 'csv' });
  });

  it('a file of bare numbers, one a line and no header, is a list of numbers', async () => {
    expect(await expectStatus(importFile('+79121000301\n89121000302\n\n+79121000303\n'))).toEqual({ added: 3, already: 0, invalid: [] });
  });

  it('a file saved in Windows-1251 is read as that', async () => {
    expect(await expectStatus(importFile(windows1251('Телефон;Причина\n+79121000401;жалоба\n')))).toMatchObject({ added: 1, invalid: [] });
    expect(await entryOf('79121000401')).toMatchObject({ reason: 'жалоба' });
  });

  it('is for marketers and admins: an agent adds from a card only, without a token nobody', async () => {
    const before = stopListBytes();
    expect((await importFile('Телефон\n+79121000501\n', null)).status).toBe(401);
    expect((await importFile('Телефон\n+79121000501\n', 'agent')).body.error).toMatchObject({ code: 'forbidden' });
    expect(stopListBytes()).toBe(before);
    expect(await expectStatus(importFile('Телефон\n+79121000501\n', 'admin'))).toMatchObject({ added: 1 });
  });

  it('a mailing skips a number the file listed', async () => {
    const contacts = ['79121000601', '79121000602'].map((phone) => ({
      crmId: `csv:${phone}`,
      snapshot: { name: `Клиент ${phone}`, phones: [{ number: `+${phone}`, type: 'mobile' }] },
    }));
    await expectStatus(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
    const mailing = await expectStatus(
      relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'После импорта', launchType: 'instant', text: 'Скидка' } }),
      201,
    );
    await expectStatus(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId) } }));
    await expectStatus(importFile('Телефон\n+79121000602\n'));
    expect(await expectStatus(relay.call('GET', `/api/mailings/${mailing.id}/preflight`, { role: 'marketer' }))).toMatchObject({
      recipients: 1,
      skipped: { stop_list: 1 },
    });
  });
});

describe('a file that cannot be imported is refused in words and writes nothing', () => {
  let fresh = 0;
  it.each([
    ['an empty file', '', /The file is empty/],
    ['only a header', 'Телефон;Причина\n', /no numbers under its header/],
    ['no column of numbers', 'Имя;Город\nИван;Москва\n', /No column holds the numbers: name it "Телефон".*the columns are: "Имя", "Город"/],
    ['a quote never closed', 'Телефон\n"+79121000701\n+79121000702\n', /quoted value that starts on line 2 is never closed/],
    // Lines with no number are the quickest to read: the count is what is refused.
    ['more than 100000 lines', `Имя;Телефон\n${'x;\n'.repeat(100_001)}`, /more than 100000 lines; split it/],
  ])('%s → 400 invalid_csv', async (_name, file, message) => {
    const before = stopListBytes();
    const reply = await importFile(file);
    expect(reply.status, reply.text.slice(0, 300)).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'invalid_csv',
      message: expect.stringMatching(message),
      messageRu: expect.stringMatching(/^Файл CSV не импортирован\. \S/),
    });
    expect(stopListBytes()).toBe(before);
    // Positive control: a good file does write.
    expect(await expectStatus(importFile(`Телефон\n+7912100${String(800 + fresh++).padStart(4, '0')}\n`))).toMatchObject({ added: 1 });
    expect(stopListBytes()).toBeGreaterThan(before);
  });
});

describe('limits', () => {
  it('a file may be as large as IMPORT_LIMIT_BYTES (more than other bodies), not larger', async () => {
    const small = await startTestRelay({ BODY_LIMIT_BYTES: '1024', IMPORT_LIMIT_BYTES: '4096' });
    try {
      const lines = (n: number) => `Телефон\n${Array.from({ length: n }, (_, i) => `+7912200${String(i).padStart(4, '0')}`).join('\n')}\n`;
      expect(Buffer.byteLength(lines(150))).toBeGreaterThan(1024);
      expect(await expectStatus(importFile(lines(150), 'marketer', small))).toMatchObject({ added: 150 });
      const tooBig = await importFile(lines(400), 'marketer', small);
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('4096 bytes') });
      expect((await small.call('GET', '/api/stop-list/79122000399')).status).toBe(404);
    } finally {
      await small.dispose();
    }
  }, 60_000);

  it('a disk that refuses the write: 503 in words, none of a big file is listed; the same file goes in once the disk has room', async () => {
    const io = faultyIo();
    const failing = await startTestRelay({}, { io });
    try {
      // More numbers than one write part: the file goes in as one group written in parts.
      const file = `Телефон\n${Array.from({ length: 1200 }, (_, i) => `+7912300${String(i).padStart(4, '0')}`).join('\n')}\n`;
      io.fail({ code: 'ENOSPC', path: (path) => path.endsWith('stop-list.jsonl') });
      const refused = await importFile(file, 'marketer', failing);
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'storage_unwritable', messageRu: expect.any(String) });
      expect(await expectStatus(failing.call('GET', '/api/stop-list', { role: 'marketer' }))).toEqual({ total: 0, entries: [] });

      io.heal();
      expect(await expectStatus(importFile(file, 'marketer', failing))).toEqual({ added: 1200, already: 0, invalid: [] });
      expect((await expectStatus(failing.call('GET', '/api/stop-list?limit=1', { role: 'marketer' }))).total).toBe(1200);
    } finally {
      await failing.dispose();
    }
  }, 60_000);
});
