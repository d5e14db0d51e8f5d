import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { cardUi } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

let fake: FakeSmsRu;
let relay: TestRelay;
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  fake = await startFakeSmsRu();
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url });
  ext = await launchWithExtension();
  const connection = await configureExtension(ext, relay.url, relay.tokens.agent);
  expect(connection).toMatch(/Подключение установлено.*роль: менеджер.*оператор «SMS\.ru»: ключи приняты/);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
  await fake?.close();
});

const { waitFor, waitForButton, textOf, waitForText, valueOf, click, buttonCount, openDialog, typeMessage, send, sentRow } = cardUi(() => page);

async function openContact(id: string): Promise<void> {
  await page.goto(`${relay.url}/demo/#/contacts/${id}`);
  await waitForButton();
}

describe(`contact card in ${BROWSER_NAME[E2E_BROWSER]}`, () => {
  it('shows one SMS button among the card actions and sends an SMS: cost, "Сообщение отправлено", sent list', async () => {
    await openContact('1');
    expect(await buttonCount()).toBe(1);
    expect(await page.$eval('crm-sms-button', (host) => host.parentElement?.getAttribute('data-role'))).toBe('card-actions');

    expect(await openDialog()).toEqual({ name: 'Иван Петров', phone: '+7 912 345-67-89' });
    await typeMessage('Добрый день! Ваш заказ готов.');
    expect(await textOf('counter')).toMatch(/29 симв\. · UCS-2 · СМС: 1 · осталось 41/);
    await waitFor('phone-normalised');

    await click('cost');
    expect(await waitForText('cost-result', /Стоимость/)).toBe('Стоимость: 1,74\u00a0₽, количество СМС: 1');

    await send(fake, { to: '79123456789', text: 'Добрый день! Ваш заказ готов.' });
    expect((await sentRow()).slice(1)).toEqual(['+7 912 345 67 89', 'Добрый день! Ваш заказ готов.', '1', 'В очереди', '', '']);
  });

  it('the sent list follows delivery reports', async () => {
    fake.setStatus(fake.sent.at(-1)!.smsId, 103);
    await relay.pollStatuses();
    await waitForText('sent-status', 'Доставлено', 10_000);
  });

  it('a contact flagged "Не использовать SMS" still gets its SMS, and the dialog says so', async () => {
    await openContact('2');
    await page.click('crm-sms-button');
    expect(await textOf('do-not-use-sms')).toMatch(/Не использовать SMS/);
    await typeMessage('Напоминание о встрече');
    await waitFor('phone-normalised');
    await send(fake, { to: '79120001122', text: 'Напоминание о встрече' });
  });

  it('refuses an invalid number in the dialog, sending nothing', async () => {
    const sendsBefore = fake.calls('sms/send').length;
    await openContact('1');
    await page.click('crm-sms-button');
    // Replace the number as a user does: select it all (a triple click is timing-sensitive in Firefox), type over it.
    const phone = await waitFor('phone');
    await phone.click();
    await phone.evaluate((el) => (el as HTMLInputElement).select());
    await phone.type('12345');
    await typeMessage('test');
    expect(await textOf('phone-error')).toBe('Номер слишком короткий');
    expect(await (await waitFor('send')).evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(fake.calls('sms/send')).toHaveLength(sendsBefore);
  });

  it('keeps exactly one button for the right contact through SPA navigation', async () => {
    await openContact('1');
    for (const hash of ['#/contacts', '#/contacts/4', '#/accounts', '#/contacts/5', '#/contacts/1']) {
      await page.evaluate((h) => (location.hash = h), hash);
      const onCard = hash.startsWith('#/contacts/');
      if (onCard) await waitForButton();
      else await waitInPage(page, () => document.querySelectorAll('crm-sms-button').length === 0);
      expect(await buttonCount()).toBe(onCard ? 1 : 0);
    }
    await page.goBack();
    await waitForButton();
    expect(await buttonCount()).toBe(1);
    await page.click('crm-sms-button');
    expect(await textOf('contact-name')).toBe("Patrick O'Brien");
  });

  it('may ask for any other CRM site from the options page: http(s) sites are declared optional in the manifest', async () => {
    // Firefox MV2 has no optional_host_permissions (WXT drops it); without optional_permissions adding a site fails.
    const options = await ext.openExtensionPage('options.html');
    const optional = await options.evaluate(() => {
      type Runtime = { runtime: { getManifest(): { optional_host_permissions?: string[]; optional_permissions?: string[] } } };
      const scope = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
      const manifest = (scope.browser ?? scope.chrome).runtime.getManifest();
      return [...(manifest.optional_host_permissions ?? []), ...(manifest.optional_permissions ?? [])];
    });
    await options.close();
    expect(optional).toEqual(expect.arrayContaining(['https://*/*', 'http://*/*']));
  });

  it('tells the user why when the relay is down, keeping the typed text', async () => {
    await openContact('4');
    await page.click('crm-sms-button');
    await typeMessage('Сообщение, которое нельзя потерять');
    await waitFor('phone-normalised');
    await relay.close();
    await click('send');
    expect(await textOf('send-error')).toMatch(/Сервер CRM SMS по адресу .* недоступен/);
    expect(await valueOf('text')).toBe('Сообщение, которое нельзя потерять');
  });
});
