import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { frameWith, sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

let relay: TestRelay;
let ext: ExtensionBrowser;
let crm: Page;

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_FAIL_RATE: '0' });
  ext = await launchWithExtension();
  // The token's user is "marketer"; the demo CRM's top bar says «Пользователь: Анна Администратова».
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/Подключение установлено/);
  crm = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

/** «Ответственный» of a new mailing in the mailings page open as a tab, once it is filled in. */
async function responsibleInNewMailingTab(): Promise<string> {
  const popup = await ext.openExtensionPage('popup.html#/mailings/new');
  const value = await waitInPage(
    popup,
    (s) => (document.querySelector(s) as HTMLInputElement | null)?.value || null,
    { polling: 50, timeout: 15_000 },
    sel('mailing-responsible'),
  );
  const name = value as string;
  await popup.close();
  return name;
}

async function cardRead(record: string): Promise<void> {
  const crmId = `demo:${new URL(relay.url).host}:${record}`;
  await vi.waitFor(
    async () => {
      const { status } = await relay.call('GET', `/api/contacts/${encodeURIComponent(crmId)}`, { role: 'marketer' });
      if (status !== 200) throw new Error(`the card ${record} never reached the directory`);
    },
    { timeout: 10_000, interval: 50 },
  );
}

describe(`a new mailing's «Ответственный» is the CRM's signed-in user (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it("before any CRM page showed its user: the token's user", async () => {
    expect(await responsibleInNewMailingTab()).toBe('marketer');
  });

  it("once a demo CRM card is read: «Анна Администратова», in the page's drawer and in the mailings tab", async () => {
    await crm.bringToFront();
    await crm.goto(`${relay.url}/demo/#/contacts/1`);
    await crm.waitForSelector('crm-sms-button', { visible: true });
    await cardRead('1');

    await crm.waitForSelector('crm-sms-mailings', { visible: true });
    await crm.click('crm-sms-mailings');
    const drawer = await frameWith(crm, 'add-mailing');
    await drawer.click(sel('add-mailing'));
    await waitInPage(
      drawer,
      (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === 'Анна Администратова',
      { polling: 50, timeout: 15_000 },
      sel('mailing-responsible'),
    );

    // The mailings page open as a tab of its own means the CRM tab used last.
    await crm.bringToFront();
    expect(await responsibleInNewMailingTab()).toBe('Анна Администратова');
  });
});
