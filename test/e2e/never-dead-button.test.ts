import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';
import { cardUi } from './support/card-ui';
import { configureExtension, E2E_BROWSER, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';

/**
 * The dead button of issue 11, from the outside: a Creatio Freedom UI contact page as Customer 360
 * renders it (test/fixtures/evidence/creatio-freedom-c360-ru.html, built from the public page schema;
 * its sources are in its top comment), whose name is only in the compact profile. Once the button shows,
 * a click opens the dialog — with the name the profile gives; and on a copy where no rule and no
 * fallback can find a name (profile name, title and heading gone), with the record id instead and
 * the line «Не удалось прочитать: имя».
 */
const RECORD = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
/** Another record: a nameless read of a contact the directory already knows keeps its name. */
const NAMELESS_RECORD = '0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e';
const C360 = readFileSync(new URL('../fixtures/evidence/creatio-freedom-c360-ru.html', import.meta.url), 'utf8');
const NAME = 'Петров Иван Сергеевич';
const NAMELESS = C360.replace(`<label class="mat-headline-3">${NAME}</label>`, '<label class="mat-headline-3"></label>').replace(
  /<title>[^<]*<\/title>/,
  '<title></title>',
);

let relay: TestRelay;
let server: Server;
let origin: string;
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  expect(NAMELESS).not.toContain(NAME);
  relay = await startTestRelay();
  server = createServer((request, response) => {
    const html = request.url?.startsWith('/nameless/0/Shell/') ? NAMELESS : request.url?.startsWith('/0/Shell/') ? C360 : null;
    if (html === null) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.agent)).toMatch(/Подключение установлено/);
  await enableSite(ext, origin);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await relay?.dispose();
});

const ui = cardUi(() => page);

async function openCard(path: string, record: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${origin}${path}#Card/Contacts_FormPage/edit/${record}`);
  await ui.waitForButton();
}

describe(`a shown SMS button always opens the dialog (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('a Customer 360 card whose name is only in the compact profile: the dialog opens with that name and the number', async () => {
    await openCard('/0/Shell/', RECORD);
    const opened = await ui.openDialog();
    expect(opened.name).toBe(NAME);
    expect(opened.phone).not.toBe('');
    expect(await (await ui.waitFor('dialog')).evaluate((dialog) => dialog.querySelector('[data-crm-sms="not-read"]'))).toBeNull();
    await ui.closeDialog();
  });

  it('a card where nothing gives a name: the dialog opens all the same, says what it could not read, and the contact is stored under its record id', async () => {
    await openCard('/nameless/0/Shell/', NAMELESS_RECORD);
    const opened = await ui.openDialog();
    expect(opened.name).toContain(NAMELESS_RECORD);
    expect(await ui.textOf('not-read')).toBe('Не удалось прочитать: имя');
    expect(opened.phone).not.toBe('');
    await ui.closeDialog();
    const crmId = encodeURIComponent(`creatio:${new URL(origin).host}:${NAMELESS_RECORD}`);
    const stored = await until('the nameless contact on the relay', async () => {
      const { body } = await relay.call('GET', `/api/contacts/${crmId}`);
      return body?.crmId ? body : null;
    });
    expect(stored.name).toBe('');
    expect(stored.phones.map((p: { digits: string | null }) => p.digits)).toContain('79123456789');
  });
});
