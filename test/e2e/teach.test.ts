import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { cardUi, sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { startUnknownCrmSite, type UnknownCrmSite } from './support/unknown-crm-site';
import { waitInPage } from './support/wait-in-page';

/**
 * «Настроить чтение страницы» on a CRM no adapter knows (the product's own two client cards,
 * test/fixtures/unknown-crm-card-*.html, on a site of their own): the user points at the name, a
 * phone, the «Не использовать SMS» box and an extra field with real clicks; the rules saved for this
 * browser read the second card's own values; a page script's synthetic clicks pick nothing; the team's
 * copy needs the relay's admin role.
 *
 * The panel sits in a closed shadow root, closed to the test as to the page: the test works it as a
 * keyboard user does (the panel moves the focus on after each pick) and reads what it shows as
 * find-in-page does. Firefox's find clears the focus, so the test looks while the overlay is up (the
 * next pick sets the focus again). The pointing overlay is a host of its own (crm-sms-teach-overlay).
 */

let relay: TestRelay;
let site: UnknownCrmSite;
let ext: ExtensionBrowser;
let page: Page;

const { waitForButton, buttonCount, openDialog, waitFor, closeDialog } = cardUi(() => page);
const OVERLAY = 'crm-sms-teach-overlay';

/** Whether the page shows this text (find-in-page: the panel's text is rendered in the page). */
const shows = (text: string) =>
  page.evaluate((t) => {
    getSelection()?.removeAllRanges();
    return (window as unknown as { find(text: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean }).find(t, true, false, true);
  }, text);

async function waitShows(text: string, timeout = 20_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await shows(text))) throw new Error(`the page never showed "${text}"`);
    },
    { timeout, interval: 50 },
  );
  await page.evaluate(() => getSelection()?.removeAllRanges());
}

/** «Настроить чтение страницы» in the popup (open as a tab beside the CRM tab, as the page import test does). */
async function startTeachFromPopup(): Promise<void> {
  const popup = await ext.openExtensionPage('popup.html');
  await popup.waitForSelector(sel('teach-page'), { visible: true });
  await popup.click(sel('teach-page'));
  await waitInPage(popup, (s) => document.querySelector(s)?.textContent === 'Панель настройки открыта на странице CRM', { polling: 50 }, sel('teach-result'));
  await popup.close();
  await page.bringToFront();
  await page.waitForSelector('crm-sms-teach', { visible: true });
}

/**
 * «Указать» (the focused one) with the keyboard, then a real click on the page element. `meanwhile`:
 * texts the panel must show by then, looked for while the overlay is up.
 */
async function pointAt(selector: string, meanwhile: string[] = []): Promise<void> {
  await page.keyboard.press('Enter');
  await page.waitForSelector(OVERLAY);
  for (const text of meanwhile) await waitShows(text);
  await page.click(selector);
  await page.waitForSelector(OVERLAY, { hidden: true });
}

/** Name, mobile phone, the flag and «Город доставки», in the panel's order (the focus follows). */
async function teachCard(cells: { name: string; phone: string; flag: string; city: string }): Promise<void> {
  await pointAt(cells.name);
  await pointAt(cells.phone);
  await pointAt(cells.flag);
  await page.keyboard.type('Город доставки');
  await page.keyboard.press('Tab');
  await pointAt(cells.city);
}

/** The relay's directory entry for a name (the extension upserts a card when it reads it). */
async function directoryEntry(name: string): Promise<Record<string, unknown>> {
  return vi.waitFor(
    async () => {
      const { body } = await relay.call('GET', `/api/contacts?q=${encodeURIComponent(name)}`);
      const found = (body?.contacts ?? []).find((c: { name: string }) => c.name === name);
      if (!found) throw new Error(`the relay's directory never got "${name}"`);
      return found;
    },
    { timeout: 10_000, interval: 50 },
  );
}

/** The options page with another token, as a user pastes it. */
async function useToken(token: string): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  await options.waitForSelector(sel('token'));
  await options.$eval(sel('token'), (el) => ((el as HTMLInputElement).value = ''));
  await options.type(sel('token'), token);
  await options.click(sel('save'));
  await options.waitForSelector(sel('saved'));
  await options.click(sel('check-connection'));
  await waitInPage(options, (s) => /admin/.test(document.querySelector(s)?.textContent ?? ''), { polling: 50 }, sel('connection-result'));
  await options.close();
  await page.bringToFront();
}

const CARD1 = { name: '#ember433', phone: '#ember420', flag: 'label[for="ember430"]', city: '.delivery .kv-row:first-child dd' };
const CARD2 = { name: '#ember961', phone: '#ember971', flag: 'label[for="ember975"]', city: '.delivery .kv-row:nth-child(2) dd' };

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_FAIL_RATE: '0' });
  site = await startUnknownCrmSite();
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.agent)).toMatch(/Подключение установлено/);
  // The user enables the site as any CRM site, generic mode off: no adapter knows it, so no SMS button.
  await enableSite(ext, site.origin);
  page = await ext.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
});

afterAll(async () => {
  await ext?.close();
  await site?.close();
  await relay?.dispose();
});

describe(`«Настроить чтение страницы» on a CRM no adapter knows (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it("the popup's «Настроить чтение страницы» opens the panel on the CRM page", async () => {
    await page.goto(site.card1);
    await startTeachFromPopup();
  });

  it("while pointing, a page script's synthetic clicks and Esc pick nothing; the user's real click picks", async () => {
    await page.keyboard.press('Enter');
    await page.waitForSelector(OVERLAY);
    const hit = await page.evaluate(() => {
      // A page script aims at another cell than the user will: the status «Постоянный клиент».
      const decoy = [...document.querySelectorAll('td')].find((td) => td.textContent === 'Постоянный клиент')!;
      const box = decoy.getBoundingClientRect();
      const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, composed: true };
      const under = document.elementFromPoint(at.clientX, at.clientY)!;
      for (const type of ['mousemove', 'mousedown', 'mouseup', 'click']) under.dispatchEvent(new MouseEvent(type, at));
      under.dispatchEvent(new PointerEvent('click', at));
      (under as HTMLElement).click();
      decoy.click();
      for (const target of [document, window, under]) target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      return under.localName;
    });
    // The page's events reached the overlay (it was under the point), and nothing was picked or cancelled.
    expect(hit).toBe(OVERLAY);
    expect(await page.$(OVERLAY)).not.toBeNull();
    expect(await shows('Читается:')).toBe(false);
    await waitShows('Щёлкните на странице: Имя / ФИО. Esc — отмена.');
    // Positive control: the user's own click on the name picks it.
    await page.click(CARD1.name);
    await page.waitForSelector(OVERLAY, { hidden: true });
  });

  it('the phone, the «Не использовать SMS» box and «Город доставки» by real clicks: the panel shows what each rule reads', async () => {
    await pointAt(CARD1.phone, ['Читается: Анна Смирнова', 'по подписи «ФИО»']);
    await pointAt(CARD1.flag, ['Читается: +7 912 000-11-22', 'по подписи «Мобильный телефон»']);
    await page.keyboard.type('Город доставки');
    await page.keyboard.press('Tab');
    await pointAt(CARD1.city, ['Читается: да', 'по подписи «Не использовать SMS»']);
    expect(await buttonCount()).toBe(0);
  });

  it('saved for this browser: the card gets its SMS button, and the second card is read with its own values', async () => {
    await page.keyboard.press('Enter'); // «Для этого браузера» has the focus after the last pick
    await waitShows('Сохранено для этого браузера');
    await waitShows('Читается: Казань');
    await waitForButton();
    expect(await openDialog()).toEqual({ name: 'Анна Смирнова', phone: '+7 912 000-11-22' });
    await waitFor('do-not-use-sms');
    await closeDialog();

    await page.goto(site.card2);
    await waitForButton();
    expect(await buttonCount()).toBe(1);
    expect(await openDialog()).toEqual({ name: 'Пётр Кузнецов', phone: '+7 903 555-44-33' });
    await closeDialog();
    expect(await directoryEntry('Пётр Кузнецов')).toMatchObject({
      phones: [{ number: '+7 903 555-44-33', type: 'mobile' }],
      doNotUseSms: false,
      fields: { 'Город доставки': 'Новосибирск' },
    });
    expect(await directoryEntry('Анна Смирнова')).toMatchObject({ doNotUseSms: true, fields: { 'Город доставки': 'Казань' } });
  });

  it("for the whole team: an agent's token is refused in words, nothing lands; an admin's lands on the relay", async () => {
    await startTeachFromPopup();
    await teachCard(CARD2);
    await page.keyboard.press('Tab'); // from «Для этого браузера» to «Для всей команды»
    await page.keyboard.press('Enter');
    await waitShows('Недостаточно прав');
    await waitShows('Читается: Новосибирск');
    expect((await relay.call('GET', '/api/adapters', { role: 'admin' })).body.overrides).toEqual([]);

    // Back from the options page, the keyboard is where it was in the panel: on «Для всей команды».
    await useToken(relay.tokens.admin);
    await page.keyboard.press('Enter');
    await waitShows('Сохранено для всей команды');
    const { body } = await relay.call('GET', `/api/adapters?site=${encodeURIComponent(site.origin)}`, { role: 'agent' });
    expect(body.overrides).toHaveLength(1);
    expect(body.overrides[0]).toMatchObject({
      site: site.origin,
      adapter: 'generic',
      fields: { name: [{ field: 'tr', label: 'th', texts: ['ФИО'], value: 'td', read: 'text' }] },
      phones: [{ type: 'mobile', rule: { texts: ['Мобильный телефон'] } }],
      doNotUseSms: [{ texts: ['Не использовать SMS'], read: 'checked' }],
      extraFields: [{ label: 'Город доставки', rules: [{ texts: ['Город доставки'] }] }],
    });
    // Rules by label text and stable names only: none of the generated ids or hashed classes of either card.
    expect(JSON.stringify(body.overrides[0])).not.toMatch(/ember|field-\d|css-|_ngcontent|_q41nd7x|_76zpqgf|nth-/);
  });
});
