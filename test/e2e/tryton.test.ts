import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { cardUi, frameWith, sel } from './support/card-ui';
import { configureExtension, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { startTryton, TRYTON, trytonMissing, type RunningTryton } from './tryton/start-tryton';
import { waitInPage } from './support/wait-in-page';

/**
 * A real CRM: Tryton's web client (SAO) from the Debian packages, with a database made by
 * tryton/setup-tryton.sh. Without Tryton the suite is skipped, unless CRM_SMS_REQUIRE_TRYTON=1 (CI).
 */
const missing = trytonMissing();
const required = process.env.CRM_SMS_REQUIRE_TRYTON === '1';
if (missing && !required) console.warn(`[tryton e2e] skipped: ${missing}`);

let fake: FakeSmsRu;
let relay: TestRelay;
let ext: ExtensionBrowser;
let tryton: RunningTryton;
let trytonStarting: Promise<RunningTryton> | undefined;
let page: Page;

const { waitFor, waitForButton, buttonCount, openDialog, typeMessage, send, sentRow, closeDialog } = cardUi(() => page);

/** The party SAO shows in its current tab (the name input of the shown tab's form). */
const shownParty = () => page.$eval('#tabcontent > .tab-pane.active .form input[name="name"]', (input) => (input as HTMLInputElement).value).catch(() => null);

/** Waits until SAO shows the party at a party URL, its contact mechanisms drawn (`phone` among them), and our one button. */
async function waitForParty(name: string, phone: string): Promise<void> {
  await waitInPage(
    page,
    (n, p) => {
      const tab = document.querySelector('#tabcontent > .tab-pane.active');
      return (
        /\/model\/party\.party\/\d+/.test(location.hash) &&
        tab?.querySelector<HTMLInputElement>('.form input[name="name"]')?.value === n &&
        tab.querySelector(`.form-one2many tbody a[href="tel:${p}"]`) !== null
      );
    },
    { polling: 50 },
    name,
    phone,
  );
  await waitForButton();
}

/** The numbers the dialog's number field offers in its list (each option: the number, then its kind). */
const phoneChoices = async () =>
  (await frameWith(page, 'phone-options')).$$eval(sel('phone-option'), (options) => options.map((o) => o.firstChild?.textContent?.trim() ?? ''));

/** The relay's directory entry for a party of this Tryton (as the extension upserted it). */
async function directoryEntry(recordId: string): Promise<Record<string, unknown>> {
  const crmId = encodeURIComponent(`tryton:${new URL(tryton.url).host}:${recordId}`);
  const response = await relay.call('GET', `/api/contacts/${crmId}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

describe.skipIf(missing !== null && !required)(`Tryton web client in Chromium${missing && !required ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    if (missing) throw new Error(`CRM_SMS_REQUIRE_TRYTON=1, but ${missing}`);
    // Tryton's database set-up is the slow part: the relay and the browser start meanwhile.
    trytonStarting = startTryton();
    trytonStarting.catch(() => undefined);
    fake = await startFakeSmsRu();
    relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url });
    ext = await launchWithExtension();
    expect(await configureExtension(ext, relay.url, relay.tokens.agent)).toMatch(/Подключение установлено/);
    tryton = await trytonStarting;
    // Tryton is on its own port of 127.0.0.1: the user adds its exact address.
    await enableSite(ext, tryton.url);
    console.info(`[tryton e2e] database set up in ${tryton.timings.setupMs} ms, trytond answering ${tryton.timings.startMs} ms later`);
    page = await ext.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
  });

  afterAll(async () => {
    await ext?.close();
    // Also when beforeAll failed while Tryton was still being set up.
    await (await trytonStarting?.catch(() => undefined))?.stop();
    await relay?.dispose();
    await fake?.close();
  });

  it('logs in through the web client: the user name appears in the top bar, no SMS button anywhere yet', async () => {
    await page.goto(`${tryton.url}/`);
    await page.waitForSelector('#login', { visible: true });
    expect(await page.$eval('input#database', (el) => (el as HTMLInputElement).value)).toBe(TRYTON.database);
    await page.type('#login', TRYTON.login);
    await page.keyboard.press('Enter');
    const password = await page.waitForSelector('.modal input[type="password"]', { visible: true });
    await password!.type(TRYTON.password);
    await page.keyboard.press('Enter');
    const user = await page.waitForSelector('#user-preferences > a[title]', { visible: true });
    expect(await user!.evaluate((a) => a.getAttribute('title'))).toBe(TRYTON.user);
    expect(await buttonCount()).toBe(0);
  });

  it('opens party 1 by its URL: one SMS button in the form toolbar; the SMS reaches SMS.ru and the sent list', async () => {
    await page.goto(`${tryton.url}/#${TRYTON.database}/model/party.party/1`);
    await waitForParty('Петров Иван Сергеевич', '+7 912 345-67-89');
    expect(await buttonCount()).toBe(1);
    expect(await page.$eval('crm-sms-button', (host) => host.parentElement?.matches('#tabcontent > .tab-pane.active nav.toolbar .btn-toolbar'))).toBe(true);
    // The host is labelled with its adapter once the contact has been read (after the button shows).
    await waitInPage(page, () => (document.querySelector('crm-sms-button') as HTMLElement | null)?.dataset.crmSmsAdapter === 'tryton', {
      polling: 50,
      timeout: 10_000,
    });

    expect(await openDialog()).toEqual({ name: 'Петров Иван Сергеевич', phone: '+7 912 345-67-89' });
    // The mobile first, then the work phone; Tryton cannot say "do not SMS": the dialog says it is unknown.
    expect(await phoneChoices()).toEqual(['+7 912 345-67-89', '+7 843 210-55-00']);
    await waitFor('do-not-use-sms-unknown');
    await typeMessage('Добрый день! Счёт готов.');
    await waitFor('phone-normalised');

    await send(fake, { to: '79123456789', text: 'Добрый день! Счёт готов.' });
    expect((await sentRow()).slice(1, 4)).toEqual(['+7 912 345 67 89', 'Добрый день! Счёт готов.', '1']);
    // The relay's directory now knows the party as SAO showed it, with the logged-in user.
    expect(JSON.stringify(await directoryEntry('crm:1'))).toContain('Сергей Админов');
  });

  it('another party by URL opens a second SAO tab: still exactly one button, for the new party', async () => {
    await page.evaluate((db) => (location.hash = `#${db}/model/party.party/2`), TRYTON.database);
    await waitForParty('Смирнова Анна Викторовна', '+7 912 000-11-22');
    expect(await page.$$eval('#tabcontent > .tab-pane', (tabs) => tabs.length)).toBe(2);
    expect(await buttonCount()).toBe(1);
    expect(await openDialog()).toEqual({ name: 'Смирнова Анна Викторовна', phone: '+7 912 000-11-22' });
    await closeDialog();
  });

  it('the party list has no button; a party opened from it, then "Next" in the same form, each get exactly one', async () => {
    await page.evaluate((db) => (location.hash = `#${db}/model/party.party`), TRYTON.database);
    const rows = '#tabcontent > .tab-pane.active table.tree tbody > tr';
    await waitInPage(page, (css) => document.querySelectorAll(css).length === 4, { polling: 50 }, rows);
    await waitInPage(page, () => document.querySelectorAll('crm-sms-button').length === 0, { polling: 50 });

    // Parties are listed by name: Кузнецова (4), ООО «Ромашка» (3), Петров (1), Смирнова (2).
    const kuznetsova = await page.waitForSelector(`${rows}:first-child td[data-title]`, { visible: true });
    await kuznetsova!.click({ count: 2 });
    await waitForParty('Кузнецова Ольга Павловна', '+7 916 111-22-33');
    expect(await buttonCount()).toBe(1);
    expect(page.url()).toMatch(/#crm\/model\/party\.party\/4\b/);
    expect(await openDialog()).toEqual({ name: 'Кузнецова Ольга Павловна', phone: '+7 916 111-22-33' });
    expect(await phoneChoices()).toEqual(['+7 916 111-22-33', '+7 926 444-55-66']);
    await closeDialog();

    // SAO reuses the form for the next record: same toolbar, new URL, new contact.
    await page.click('#tabcontent > .tab-pane.active nav.toolbar button#next');
    await waitForParty('ООО «Ромашка»', '+7 495 123-45-67');
    expect(page.url()).toMatch(/#crm\/model\/party\.party\/3\b/);
    expect(await buttonCount()).toBe(1);
    expect(await openDialog()).toEqual({ name: 'ООО «Ромашка»', phone: '+7 495 123-45-67' });
    await closeDialog();
    expect(await shownParty()).toBe('ООО «Ромашка»');

    // The relay's directory got each party as SAO finally showed it, not the form it was redrawing.
    expect(await directoryEntry('crm:4')).toMatchObject({ name: 'Кузнецова Ольга Павловна', phones: [{ number: '+7 916 111-22-33' }, { number: '+7 926 444-55-66' }] });
    expect(await directoryEntry('crm:3')).toMatchObject({ name: 'ООО «Ромашка»', phones: [{ number: '+7 495 123-45-67', type: 'work' }] });
  });
});
