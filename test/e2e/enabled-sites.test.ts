import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { configureExtension, E2E_BROWSER, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { startDemoCrmSite, type DemoCrmSite } from './support/demo-crm-site';
import { BROWSER_NAME } from './support/find-browser';

let relay: TestRelay;
let site: DemoCrmSite;
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  relay = await startTestRelay();
  site = await startDemoCrmSite();
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.agent)).toMatch(/Подключение установлено/);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await site?.close();
  await relay?.dispose();
});

/** Opens a demo contact card and says whether the extension showed anything there. */
async function extensionShows(url: string): Promise<boolean> {
  // A fresh document each time: the content script comes with a document, not with a hash change.
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('.demo-card[data-record-id]');
  const shown = await page.waitForSelector('crm-sms-button', { timeout: 2000 }).then(
    () => true,
    () => false,
  );
  return shown || (await page.$('crm-sms-mailings')) !== null;
}

describe(`only the sites the user chose (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it("the relay's own demo CRM works out of the box; the same host on another port gets nothing", async () => {
    expect(await extensionShows(`${relay.url}/demo/#/contacts/1`)).toBe(true);
    expect(await extensionShows(`${site.demo}#/contacts/1`)).toBe(false);
  });

  it('added by its exact address, the site gets the button; removed, nothing again', async () => {
    await enableSite(ext, site.origin);
    expect(await extensionShows(`${site.demo}#/contacts/1`)).toBe(true);

    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector(`[data-crm-sms="sites"] li[data-origin="${site.origin}"]`);
    expect(await options.$$eval('[data-crm-sms="sites"] li', (items) => items.map((li) => li.getAttribute('data-origin')))).toEqual([
      new URL(relay.url).origin,
      site.origin,
    ]);
    await options.click(`[data-crm-sms="sites"] li[data-origin="${site.origin}"] button`);
    await options.waitForSelector(`[data-crm-sms="sites"] li[data-origin="${site.origin}"]`, { hidden: true });
    await options.close();
    expect(await extensionShows(`${site.demo}#/contacts/1`)).toBe(false);
  });
});
