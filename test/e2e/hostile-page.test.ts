import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { cardUi } from './support/card-ui';
import { configureExtension, E2E_BROWSER, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { startDemoCrmSite, type DemoCrmSite } from './support/demo-crm-site';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { waitInPage } from './support/wait-in-page';

/**
 * The attacker's test: a CRM page on a site the user enabled, whose own script (support/hostile-page-script.js)
 * tries everything a page can do to the extension. It must not send, spend or learn anything; a real user on
 * the same page still sends.
 */

/** Sent to this contact before the page opens: what the «Отправленные СМС» list would give away. */
const EARLIER_TEXT = 'Earlier secret 7Q4Z';
/** What the real user types: Latin letters, so that every key is a keydown with a key a keylogger could read. */
const USER_TEXT = 'Code 5813 for Anna';
const PHISH = 'Ваша карта заблокирована: bank-secure.example';
const UI_TEXTS = ['Отправленные СМС', 'Отправка СМС', 'Текст сообщения', 'Стоимость', 'СМС рассылки', 'Проверка доступности'];
/** The extension's pages an attacker who knows its address would frame and open. */
const EXTENSION_PAGES = ['popup.html', 'options.html', 'in-page.html', 'in-page.html#dialog'];

let fake: FakeSmsRu;
let relay: TestRelay;
let proxy: RecordingProxy;
let site: DemoCrmSite;
let ext: ExtensionBrowser;
let page: Page;
let sendsBefore = 0;

const crmId = () => `demo:${new URL(site.origin).host}:1`;

/** What the script has tried so far (support/hostile-page-script.js counts it). */
interface Tries {
  sweeps: number;
  uiSweeps: number;
  forges: number;
  framesForged: number;
  windowsForged: number;
}
type AttackedWindow = { __tries: Tries; __loot: Loot };

/** Waits until the script's counts pass `at least` (what it had to try before the test looks). */
async function triedAtLeast(least: Partial<Tries>, timeout = 20_000): Promise<void> {
  await waitInPage(
    page,
    (want: Partial<Tries>) => Object.entries(want).every(([key, n]) => (window as unknown as AttackedWindow).__tries[key as keyof Tries] >= n!),
    { polling: 50, timeout },
    least,
  );
}
const tries = async (): Promise<Tries> => page.evaluate(() => ({ ...(window as unknown as AttackedWindow).__tries }));

interface Loot {
  texts: string[];
  srcs: string[];
  messages: string[];
  keys: string;
  inputData: string;
  composed: string[];
  finds: string[];
  windows: { url: string; opened: boolean }[];
  errors: string[];
  bodyText?: string;
}

const loot = async (): Promise<Loot> => JSON.parse(await page.evaluate(() => JSON.stringify((window as unknown as { __loot: Loot }).__loot))) as Loot;

/** Everything the page learned, as one text to search. */
async function learned(): Promise<string> {
  const { texts, srcs, messages, keys, inputData, composed, finds, bodyText } = await loot();
  return JSON.stringify({ texts, srcs, messages, keys, inputData, composed, finds, bodyText });
}

/** Strings that would show the page has the extension's address. */
const addressParts = () => [ext.extensionId, 'chrome-extension:', 'moz-extension:', 'crm-sms@crm-sms.dev'];

/**
 * Requests the relay got other than what the card UI itself asks for: its contact's upsert and
 * conversation, the unread replies (the toolbar badge and the card's mark), whether the provider passes
 * replies on, the site's reading overrides, the selector-health counts. Reads all, but the upsert.
 */
const OWN_REQUESTS = [
  /^PUT \/api\/contacts\//,
  /^GET \/api\/messages\?contactId=/,
  /^GET \/api\/contacts\/[^/?]+\/conversation\?/,
  /^GET \/api\/replies\/unread$/,
  /^GET \/api\/provider$/,
  /^GET \/api\/adapters\?site=/,
  /^POST \/api\/adapters\/health$/,
];
const unexpectedRequests = (from: number) => proxy.requests.slice(from).filter((r) => !OWN_REQUESTS.some((own) => own.test(r)));

/** What an extension page shows in a frame or tab the page made: does it offer any working UI? */
async function showsWorkingUi(target: Frame | Page): Promise<{ href: string; working: boolean; text: string }> {
  return target
    .evaluate(() => ({
      href: location.href,
      working: [...document.querySelectorAll('[data-crm-sms]')].some((el) => el.getAttribute('data-crm-sms') !== 'refused'),
      text: (document.body?.innerText ?? '').slice(0, 200),
    }))
    .catch((error: Error) => ({ href: '?', working: false, text: `not readable: ${error.message.slice(0, 80)}` }));
}

beforeAll(async () => {
  fake = await startFakeSmsRu();
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url });
  proxy = await startRecordingProxy(relay.url);
  site = await startDemoCrmSite({ headScript: readFileSync(new URL('./support/hostile-page-script.js', import.meta.url), 'utf8') });
  ext = await launchWithExtension();
  expect(await configureExtension(ext, proxy.url, relay.tokens.agent)).toMatch(/Подключение установлено/);
  await enableSite(ext, site.origin);
  const earlier = await relay.call('POST', '/api/messages', { body: { to: '+7 912 345-67-89', text: EARLIER_TEXT, contact: { crmId: crmId(), name: 'Иван Петров' } } });
  expect(earlier.status, earlier.text).toBe(201);
  sendsBefore = fake.calls('sms/send').length;
  page = await ext.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
});

afterAll(async () => {
  await ext?.close();
  await site?.close();
  await proxy?.close();
  await relay?.dispose();
  await fake?.close();
});

describe(`a hostile page on an enabled site (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  let requestsAtStart = 0;

  it('its script cannot open, fill or submit the SMS dialog: the provider gets no send and no cost request', async () => {
    requestsAtStart = proxy.requests.length;
    await page.goto(`${site.demo}#/contacts/1`);
    await page.waitForSelector('crm-sms-button');
    await page.waitForSelector('crm-sms-panel');
    // The script sweeps every 100 ms (and forges messages every 500 ms): it has had its few seconds once it
    // has attacked the UI's hosts in 40 sweeps and forged 8 rounds — which also proves it found the UI.
    await triedAtLeast({ uiSweeps: 40, forges: 8 });
    expect.soft(fake.calls('sms/send').length - sendsBefore, 'sends the page made').toBe(0);
    expect.soft(fake.calls('sms/cost'), 'cost requests the page made').toHaveLength(0);
    expect.soft(proxy.requests.slice(requestsAtStart).filter((r) => r.startsWith('POST /api/messages') || r.startsWith('POST /api/cost'))).toEqual([]);
    const stored = await relay.call('GET', `/api/messages?contactId=${encodeURIComponent(crmId())}`);
    expect(stored.body.messages.map((m: { text: string }) => m.text)).toEqual([EARLIER_TEXT]);
  });

  it('it cannot open the mailings drawer, and the relay hears nothing it did not ask for itself', async () => {
    const shown = await Promise.all(
      page
        .frames()
        .filter((f) => f !== page.mainFrame())
        .map(showsWorkingUi),
    );
    expect(shown.filter((f) => /Проверка доступности|СМС рассылки|Отправка СМС/.test(f.text))).toEqual([]);
    expect(unexpectedRequests(requestsAtStart)).toEqual([]);
  });

  it('it learns nothing: no text of the UI, no sent list, no frame address, no extension id', async () => {
    const text = await learned();
    for (const secret of [EARLIER_TEXT, ...UI_TEXTS, ...addressParts()]) expect.soft(text, `the page learned "${secret}"`).not.toContain(secret);
    // No event path leads into a shadow root it could walk.
    expect((await loot()).composed.filter((path) => path.includes('#document-fragment'))).toEqual([]);
  });

  it('window.find, which searches all rendered text, finds nothing of the UI', async () => {
    const hits = await page.evaluate(
      (guesses) => (window as unknown as { __attack: { probeFind(g: string[]): string[] } }).__attack.probeFind(guesses),
      [EARLIER_TEXT, 'Отправленные СМС', 'Earlier secret'],
    );
    expect(hits).toEqual([]);
  });

  it("framed or opened by the page, the extension's pages refuse to work, and say nothing to the relay", async () => {
    const from = proxy.requests.length;
    const ownFrames = new Set(page.frames());
    const ownPages = new Set(await ext.browser.pages());
    await page.evaluate(
      (origin, paths) => (window as unknown as { __attack: { aimAt(o: string, p: string[]): void } }).__attack.aimAt(origin, paths),
      ext.origin,
      EXTENSION_PAGES,
    );
    // Real clicks on the page give its script the user activation window.open needs, one window each.
    for (const [i] of EXTENSION_PAGES.entries()) {
      await page.bringToFront();
      await page.click('h1[data-field="name"]');
      await waitInPage(page, (n: number) => (window as unknown as AttackedWindow).__loot.windows.length >= n, { polling: 50, timeout: 10_000 }, i + 1);
    }
    // Every frame has loaded and been sent the forged messages, and so has every window it could open.
    const windowsOpened = (await loot()).windows.filter((w) => w.opened).length;
    await triedAtLeast({ framesForged: EXTENSION_PAGES.length, windowsForged: windowsOpened });
    const framed = await Promise.all(
      page
        .frames()
        .filter((f) => !ownFrames.has(f))
        .map(showsWorkingUi),
    );
    expect(framed.length, 'frames the page made').toBe(EXTENSION_PAGES.length);
    expect
      .soft(
        framed.filter((f) => f.working),
        JSON.stringify(framed),
      )
      .toEqual([]);
    const opened = await Promise.all((await ext.browser.pages()).filter((p) => !ownPages.has(p)).map(showsWorkingUi));
    expect
      .soft(
        opened.filter((o) => o.working),
        JSON.stringify(opened),
      )
      .toEqual([]);
    expect.soft(unexpectedRequests(from)).toEqual([]);
    expect(fake.calls('sms/send').length - sendsBefore).toBe(0);
    await page.bringToFront();
  });

  it('a real user on the same page still sends: trusted clicks and typing', async () => {
    // A fresh page, its script passive from the start: it keeps listening and reading, but presses nothing.
    await page.evaluate(() => sessionStorage.setItem('attacker-passive', '1'));
    await page.reload();
    await page.waitForSelector('crm-sms-button');
    const ui = cardUi(() => page);
    expect(await ui.openDialog()).toEqual({ name: 'Иван Петров', phone: '+7 912 345-67-89' });
    await ui.typeMessage(USER_TEXT);
    await ui.waitFor('phone-normalised');
    await ui.send(fake, { to: '79123456789', text: USER_TEXT });
    const stored = await relay.call('GET', `/api/messages?contactId=${encodeURIComponent(crmId())}`);
    expect(stored.body.messages.map((m: { text: string }) => m.text)).toContain(USER_TEXT);
  });

  it('what the user typed and what the sent list shows stay unknown to the page (no keylogging, no find oracle)', async () => {
    // Fifteen more sweeps (1.5 s) over the page with the sent list showing the user's message.
    await triedAtLeast({ sweeps: (await tries()).sweeps + 15 });
    const hits = await page.evaluate(
      (guesses) => (window as unknown as { __attack: { probeFind(g: string[]): string[] } }).__attack.probeFind(guesses),
      [USER_TEXT, EARLIER_TEXT],
    );
    expect.soft(hits).toEqual([]);
    const { keys, inputData } = await loot();
    expect.soft(keys, 'keys the page logged').not.toContain('5813');
    expect.soft(inputData, 'input the page logged').not.toContain('5813');
    const text = await learned();
    for (const secret of [USER_TEXT, EARLIER_TEXT, ...UI_TEXTS, ...addressParts()]) expect.soft(text, `the page learned "${secret}"`).not.toContain(secret);
    expect(fake.sent.map((s) => s.text)).not.toContain(PHISH);
  });
});
