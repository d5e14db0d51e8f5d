import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({});
});
afterAll(() => relay.dispose());

const importCsv = (csv: string, query = 'idPrefix=creatio:crm.example.com') =>
  relay.call('POST', `/api/contacts/import?${query}`, { role: 'marketer', rawBody: csv, headers: { 'content-type': 'text/csv' } });
/** The contact directory's file, byte for byte (the first test leaves contacts in it). */
const contactsOnDisk = () => readFile(join(relay.dataDir, 'contacts.jsonl'), 'utf8');

describe('CSV import over HTTP', () => {
  it('imports a Creatio-style export (BOM, ";"), and lists the refused rows by line', async () => {
    const csv =
      '\uFEFFId;ФИО;Мобильный телефон;Контрагент;Не использовать SMS\n' +
      'c1;Иван Петров;+7 912 345-67-89;Ромашка;нет\n' +
      'c2;;+7 912 000-00-02;Ромашка;нет\n' +
      'c3;Мария Сидорова;8 912 000 11 22;Ромашка;да\n' +
      'c4;Пётр;позвоните мне;Лютик;нет\n';
    const { status, body } = await importCsv(csv);
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 2, accepted: 2, dryRun: false });
    expect(body.refused.map((r: { line: number }) => r.line)).toEqual([3, 5]);
    const maria = await relay.call('GET', '/api/contacts/creatio:crm.example.com:c3');
    expect(maria.body).toMatchObject({ name: 'Мария Сидорова', doNotUseSms: true, account: 'Ромашка', phones: [{ digits: '79120001122', type: 'mobile' }] });
  });

  it('imports nothing from a broken file, and says why', async () => {
    const before = await contactsOnDisk();
    expect(before).toContain('creatio:crm.example.com');
    const { status, body } = await importCsv('Id;ФИО;Мобильный телефон\nb1;"Незакрытая кавычка;+79120000099\nb2;Ок;+79120000098\n');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_csv');
    expect(body.error.message).toMatch(/^The CSV file cannot be imported\. [A-Z]/);
    expect(await contactsOnDisk()).toEqual(before);
  });

  it('a dry run reports without storing', async () => {
    const before = await contactsOnDisk();
    const { body } = await importCsv('ФИО;Телефон\nНовый Контакт;+79120000077\n', 'dryRun=true');
    expect(body).toMatchObject({ accepted: 1, created: 0, dryRun: true });
    expect(await contactsOnDisk()).toEqual(before);
  });

  it('is for marketers', async () => {
    expect((await relay.call('POST', '/api/contacts/import', { role: 'agent', rawBody: 'ФИО\nX\n' })).status).toBe(403);
  });
});

describe('groups refuse what cannot work, naming the field', () => {
  it.each([
    [{ name: 'x', kind: 'dynamic' }, /Field "filter": a dynamic group needs a filter/],
    [{ name: 'x', kind: 'dynamic', filter: { combinator: 'and', rules: [{ field: 'planet', op: 'eq', value: 'Марс' }] } }, /Field "filter\.rules\.0\.field"/],
    [{ name: 'x', kind: 'dynamic', filter: { combinator: 'and', rules: [{ field: 'hasMobile', op: 'contains', value: '9' }] } }, /Field "filter\.rules\.0\.op"/],
  ])('%j', async (body, message) => {
    const before = (await relay.call('GET', '/api/groups', { role: 'marketer' })).body.groups.length;
    const { status, body: answer } = await relay.call('POST', '/api/groups', { role: 'marketer', body });
    expect(status).toBe(400);
    expect(answer.error.message).toMatch(message);
    expect((await relay.call('GET', '/api/groups', { role: 'marketer' })).body.groups).toHaveLength(before);
  });
});
