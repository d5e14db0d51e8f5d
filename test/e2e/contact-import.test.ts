import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

let relay: TestRelay;
let ext: ExtensionBrowser;
let popup: Page;
let folder: string;

const ROWS = 600;

beforeAll(async () => {
  relay = await startTestRelay();
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/Подключение установлено/);
  folder = await mkdtemp(join(tmpdir(), 'crmsms-import-'));
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Polls the popup until an element's text matches. */
async function textUntil(name: string, expected: RegExp): Promise<string> {
  const handle = await waitInPage(
    popup,
    (s, src) => {
      const text = document.querySelector(s)?.textContent?.trim() ?? '';
      return new RegExp(src).test(text) ? text : null;
    },
    { polling: 50, timeout: 30_000 },
    sel(name),
    expected.source,
  );
  return handle as string;
}

/** Contacts in the relay's directory from Казань (every row of the file is). */
const inKazan = async () =>
  (await relay.call('POST', '/api/groups/count', { role: 'marketer', body: { filter: { combinator: 'and', rules: [{ field: 'city', op: 'eq', value: 'Казань' }] } } }))
    .body.count as number;

describe(`«Импорт контактов из CSV» in the mailings page (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('the 600-contact export: checked (mapping, refused rows), nothing stored; then imported into the directory', async () => {
    const lines = ['\uFEFFФИО;Мобильный телефон;Город;Код клиента'];
    for (let i = 0; i < ROWS; i++) lines.push(`Импортов Клиент${i};+7 914 ${String(1_000_000 + i)};Казань;K-${i}`);
    lines.push(';+7 914 0000000;Казань;K-x');
    const file = join(folder, 'выгрузка.csv');
    await writeFile(file, lines.join('\r\n'));

    popup = await ext.openExtensionPage('popup.html');
    await popup.click(sel('csv-import-open'));
    const input = (await popup.waitForSelector(sel('csv-file'), { visible: true })) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);

    expect(await textUntil('csv-summary', /^Проверка/)).toBe(`Проверка: строк 601, будет загружено 600, отклонено 1. В справочник пока ничего не записано.`);
    const mapping = await popup.$$eval(`${sel('csv-mapping')} tbody tr`, (rows) => rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(mapping).toEqual([
      ['ФИО', 'ФИО'],
      ['Мобильный телефон', 'Мобильный телефон'],
      ['Город', 'Город'],
      ['Код клиента', 'доп. поле «Код клиента»'],
    ]);
    expect(await popup.$eval(`${sel('csv-refused')} li`, (li) => li.textContent)).toBe(`Строка ${ROWS + 2}: в строке нет имени`);
    expect(await inKazan()).toBe(0);

    await popup.click(sel('csv-import-run'));
    expect(await textUntil('csv-result', /^Загружено/)).toBe('Загружено из выгрузка.csv: новых 600, обновлено 0, без изменений 0; отклонено строк 1');
    const { body } = await relay.call('GET', `/api/contacts?q=${encodeURIComponent('Клиент599')}`, { role: 'marketer' });
    expect(body.contacts).toHaveLength(1);
    expect(body.contacts[0]).toMatchObject({ name: 'Импортов Клиент599', city: 'Казань', fields: { 'Код клиента': 'K-599' } });
    expect(await inKazan()).toBe(ROWS);
  });
});
