import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { cardUi, closedShadowAttribute as attributeIn, frameWith, sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';

/**
 * The language chosen in the options reaches a CRM tab that is already open, without a reload: the
 * «СМС рассылки» launcher, the SMS button's title, the sent list and an open send dialog. And the
 * launcher stays under the send dialog's backdrop, and the drawer names itself once.
 *
 * The button and the launcher sit in closed shadow roots: the test reads what they show as find-in-page
 * does, and (Chromium) the button's title through the DevTools protocol, which sees into closed roots.
 */

let relay: TestRelay;
let ext: ExtensionBrowser;
let page: Page;

const { waitForButton, waitFor, textOf } = cardUi(() => page);
const closedShadowAttribute = (name: string, attribute: string) => attributeIn(page, name, attribute);

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_FAIL_RATE: '0' });
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer, 'ru')).toMatch(/Подключение установлено/);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

/** Whether the page shows this text anywhere, closed shadow roots included (find-in-page). */
const shows = (text: string) =>
  page.evaluate((t) => {
    getSelection()?.removeAllRanges();
    const found = (window as unknown as { find(text: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean }).find(t, true, false, true);
    getSelection()?.removeAllRanges();
    return found;
  }, text);

async function until(what: string, probe: () => Promise<boolean>, timeout = 10_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await probe().catch(() => false))) throw new Error(`never: ${what}`);
    },
    { timeout, interval: 50 },
  );
}

/** The options page as a user works it: «Язык», then «Сохранить». */
async function chooseLanguage(language: 'ru' | 'en'): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  await options.waitForSelector(sel('language'));
  await options.select(sel('language'), language);
  await options.click(sel('save'));
  await options.waitForSelector(sel('saved'));
  await options.close();
  await page.bringToFront();
}

/** The trimmed text of an in-page frame's element. */
const frameText = async (name: string) => (await frameWith(page, name)).$eval(sel(name), (el) => (el.textContent ?? '').trim());

describe(`the language in an open CRM tab (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('changing it in the options redraws the launcher, the button, the sent list and the open dialog at once, without a reload', async () => {
    await page.goto(`${relay.url}/demo/#/contacts/1`);
    await waitForButton();
    await page.waitForSelector('crm-sms-mailings', { visible: true });
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await until('the launcher says «СМС рассылки»', () => shows('СМС рассылки'));
    expect(await shows('SMS mailings')).toBe(false);
    if (E2E_BROWSER === 'chromium') expect(await closedShadowAttribute('button', 'title')).toBe('Отправить СМС контакту');
    await waitFor('sent-panel');
    expect(await frameText('sent-panel')).toMatch(/Переписка/);

    await chooseLanguage('en');
    await until('the launcher says "SMS mailings"', () => shows('SMS mailings'));
    expect(await shows('СМС рассылки')).toBe(false);
    if (E2E_BROWSER === 'chromium')
      await until('the button title is English', async () => (await closedShadowAttribute('button', 'title')) === 'Send an SMS to this contact');
    await until('the conversation is English', async () => /Conversation/.test(await frameText('sent-panel')));

    // With the dialog open, back to Russian: the dialog follows too.
    await page.click('crm-sms-button');
    await until('the dialog is English', async () => /Send SMS/.test(await frameText('dialog')));
    await chooseLanguage('ru');
    await until('the dialog is Russian', async () => /Отправка СМС/.test(await frameText('dialog')));
    expect(await textOf('contact-name')).toBe('Иван Петров');
    await until('the launcher says «СМС рассылки» again', () => shows('СМС рассылки'));
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it("the «СМС рассылки» launcher is under the send dialog's backdrop", async () => {
    await page.goto(`${relay.url}/demo/#/contacts/2`);
    await waitForButton();
    const launcher = (await page.waitForSelector('crm-sms-mailings', { visible: true }))!;
    const box = (await launcher.boundingBox())!;
    const topAt = (x: number, y: number) => page.evaluate((px, py) => document.elementFromPoint(px, py)?.localName ?? null, x, y);
    const centre = [box.x + box.width / 2, box.y + box.height / 2] as const;
    // Positive control: with no dialog, a user's click there lands on the launcher.
    expect(await topAt(...centre)).toBe('crm-sms-mailings');
    await page.click('crm-sms-button');
    await waitFor('dialog');
    expect(await topAt(...centre)).toBe('crm-sms-dialog');
  });

  it('the drawer names itself once', async () => {
    await page.goto(`${relay.url}/demo/#/contacts`);
    await page.waitForSelector('crm-sms-mailings', { visible: true });
    await page.click('crm-sms-mailings');
    const drawer = await frameWith(page, 'add-mailing');
    const headings = await drawer.$$eval('h1, h2, h3', (all) => all.map((h) => (h.textContent ?? '').trim()));
    expect(headings.filter((h) => /СМС рассылки|CRM SMS/.test(h))).toEqual(['СМС рассылки']);
  });
});
