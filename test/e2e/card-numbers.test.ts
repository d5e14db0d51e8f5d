import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { cardUi, frameWith, sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';

/**
 * Numbers from the card that are not Russian, a number typed by hand and a card with no number, against
 * a relay with its default settings (RU for numbers without a code; RU, KZ and BY allowed) and SMS.ru.
 * The demo CRM's markup, with three more contacts, is served by a site of this test's own on 127.0.0.1.
 */
const EXTRA_CONTACTS = [
  {
    id: '7',
    lastName: 'Мицкевич',
    firstName: 'Алесь',
    mobilePhone: '+375 29 123-45-67',
    account: 'Белтрейд',
    city: 'Минск',
    owner: 'Анна Администратова',
    doNotUseSms: false,
  },
  {
    id: '8',
    lastName: 'Smith',
    firstName: 'John',
    mobilePhone: '+44 7400 123456',
    account: 'Smith Ltd',
    city: 'London',
    owner: 'Анна Администратова',
    doNotUseSms: false,
  },
  // Added from a list page with nothing but its id: no name, no number.
  { id: '9', lastName: '', firstName: '', account: '', city: '', owner: '', doNotUseSms: false },
];

async function startCrmWithMoreContacts(): Promise<{ origin: string; close(): Promise<void> }> {
  const demo = readFileSync(new URL('../../relay/demo/demo-crm.html', import.meta.url), 'utf8');
  const marker = 'const CONTACTS = [';
  if (!demo.includes(marker)) throw new Error(`the demo CRM no longer declares "${marker}"`);
  const page = demo.replace(marker, `${marker}\n${EXTRA_CONTACTS.map((c) => `${JSON.stringify(c)},`).join('\n')}`);
  const server: Server = createServer((request, response) => {
    if (request.url?.startsWith('/demo/')) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let fake: FakeSmsRu;
let relay: TestRelay;
let crm: { origin: string; close(): Promise<void> };
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  fake = await startFakeSmsRu();
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url });
  crm = await startCrmWithMoreContacts();
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.agent)).toMatch(/Подключение установлено/);
  await enableSite(ext, crm.origin);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await crm?.close();
  await relay?.dispose();
  await fake?.close();
});

const { waitFor, textOf, waitForText, valueOf, click, typeMessage, send, sentRow } = cardUi(() => page);

async function openDialogOf(id: string): Promise<Frame> {
  // A fresh document each time: the content script comes with a document.
  await page.goto('about:blank');
  await page.goto(`${crm.origin}/demo/#/contacts/${id}`);
  await (await page.waitForSelector('crm-sms-button', { visible: true }))!.click();
  await waitFor('phone');
  return frameWith(page, 'dialog');
}

/** Replaces the number as a user does: select it all (a triple click is timing-sensitive in Firefox), type over it. */
async function typeNumber(number: string): Promise<void> {
  const phone = await waitFor('phone');
  await phone.click();
  await phone.evaluate((el) => (el as HTMLInputElement).select());
  await phone.type(number);
}

describe(`numbers from the card in ${BROWSER_NAME[E2E_BROWSER]}`, () => {
  it('a Belarus number is sent with its country code and queued; the sent list writes it as the dialog does', async () => {
    await openDialogOf('7');
    expect(await valueOf('phone')).toBe('+375 29 123-45-67');
    await typeMessage('Добрый день! Ваш заказ готов.');
    expect(await waitForText('phone-normalised', /Будет отправлено/)).toBe('Будет отправлено на +375 29 123 45 67');

    await click('cost');
    expect(await waitForText('cost-result', /Стоимость/)).toMatch(/^Стоимость: \d+,\d\d\u00a0₽, количество СМС: 1$/);

    // SMS.ru takes digits only; the relay read them from "+375…" as a Belarus number.
    await send(fake, { to: '375291234567', text: 'Добрый день! Ваш заказ готов.' });
    const [, phone, text, , status] = await sentRow();
    expect({ phone, text, status }).toEqual({ phone: '+375 29 123 45 67', text: 'Добрый день! Ваш заказ готов.', status: 'В очереди' });
  });

  it("a UK number is refused with the relay's reason «Отправка в эту страну запрещена», nothing sent", async () => {
    const sendsBefore = fake.calls('sms/send').length;
    await openDialogOf('8');
    await typeMessage('Hello from the CRM');
    await waitForText('phone-normalised', 'Будет отправлено на +44 7400 123456');
    await click('send');
    expect(await textOf('send-error')).toBe('Отправка в эту страну запрещена');
    expect(await valueOf('text')).toBe('Hello from the CRM');
    expect(fake.calls('sms/send')).toHaveLength(sendsBefore);
  });

  it("one number control: the contact's numbers by keys, and a number typed by hand is sent", async () => {
    const dialog = await openDialogOf('1');
    expect(await dialog.$$eval(`${sel('dialog')} select, ${sel('dialog')} input`, (controls) => controls.map((c) => c.tagName.toLowerCase()))).toEqual(['input']);
    expect(await valueOf('phone')).toBe('+7 912 345-67-89');

    const phone = await waitFor('phone');
    await phone.focus();
    await phone.press('ArrowDown');
    await dialog.waitForSelector(`${sel('phone-options')}:not([hidden])`, { visible: true });
    expect(await dialog.$$eval(sel('phone-option'), (items) => items.map((li) => li.textContent))).toEqual(['+7 912 345-67-89 мобильный', '8 (495) 123-45-67 рабочий']);
    await phone.press('ArrowDown');
    await phone.press('Enter');
    expect(await valueOf('phone')).toBe('8 (495) 123-45-67');
    expect(await textOf('phone-error')).toBe('Это не мобильный номер');

    await typeNumber('+7 701 123 45 67');
    await typeMessage('Напоминание о встрече');
    await waitForText('phone-normalised', 'Будет отправлено на +7 701 123 4567');
    await send(fake, { to: '77011234567', text: 'Напоминание о встрече' });
  });

  it('a contact with no name and no number: an empty field to type one in, and it sends', async () => {
    await openDialogOf('9');
    expect(await textOf('not-read')).toBe('Не удалось прочитать: имя, телефон');
    expect(await valueOf('phone')).toBe('');
    await typeNumber('+375 29 765-43-21');
    await typeMessage('Здравствуйте');
    await waitForText('phone-normalised', 'Будет отправлено на +375 29 765 43 21');
    await send(fake, { to: '375297654321', text: 'Здравствуйте' });
  });
});
