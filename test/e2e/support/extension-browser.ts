import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { e2eBrowser, findChromium, findFirefox, type E2eBrowser } from './find-browser';
import { waitInPage } from './wait-in-page';
import { TEXTS } from '../../../extension/i18n/texts';

/** The extension's id in Firefox (browser_specific_settings.gecko.id in wxt.config.ts). */
const GECKO_ID = 'crm-sms@crm-sms.dev';

type Scripting = { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } };

/** The built extension for a browser (global-setup builds the one the suite runs in). */
export const extensionDir = (browser: E2eBrowser): string =>
  fileURLToPath(new URL(`../../../.output/${browser === 'firefox' ? 'firefox-mv2' : 'chrome-mv3'}`, import.meta.url));

/** The browser of this run (E2E_BROWSER, set by the vitest project; Chromium by default). */
export const E2E_BROWSER: E2eBrowser = e2eBrowser();
export const EXTENSION_DIR = extensionDir(E2E_BROWSER);

export interface ExtensionBrowser {
  browser: Browser;
  kind: E2eBrowser;
  /** The host of the extension's pages: the Chromium extension id, or the Firefox internal UUID. */
  extensionId: string;
  /** Where the extension's pages are: chrome-extension://<id> or moz-extension://<uuid>. */
  origin: string;
  /** Opens an extension page such as options.html (or popup.html#/mailings) in a new tab, once it has loaded. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Headless Chromium or Firefox (E2E_BROWSER) with the built extension installed, its profile and HOME in a
 * fresh temp directory, and the CRM content script registered (pages opened before that would get none).
 * Both browsers read an unpacked extension from its folder while they run: they get a copy, so that a
 * rebuild of .output meanwhile (`npm run build`, another test run) cannot pull files from under them.
 */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  const root = await mkdtemp(join(tmpdir(), `crmsms-${E2E_BROWSER}-`));
  const profile = join(root, 'profile');
  const extension = join(root, 'extension');
  await mkdir(profile);
  await cp(extensionDir(E2E_BROWSER), extension, { recursive: true });
  const launched = await (E2E_BROWSER === 'firefox' ? launchFirefox(profile, extension) : launchChromium(profile, extension)).catch(async (error: unknown) => {
    await rm(root, { recursive: true, force: true });
    throw error;
  });
  const ext: ExtensionBrowser = {
    ...launched,
    kind: E2E_BROWSER,
    async openExtensionPage(path) {
      const page = await launched.browser.newPage();
      await navigateToExtensionPage(page, `${launched.origin}/${path}`, E2E_BROWSER);
      return page;
    },
    async close() {
      await launched.browser.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    const probe = await ext.openExtensionPage('popup.html');
    await waitInPage(
      probe,
      async () => {
        const api = (globalThis as { browser?: Scripting }).browser ?? (globalThis as unknown as { chrome: Scripting }).chrome;
        return (await api.scripting.getRegisteredContentScripts()).length > 0;
      },
      { polling: 50, timeout: 10_000 },
    );
    await probe.close();
  } catch (error) {
    await ext.close();
    throw error;
  }
  return ext;
}

type Launched = { browser: Browser; extensionId: string; origin: string };

async function launchChromium(profile: string, extension: string): Promise<Launched> {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: [extension],
    env: { ...process.env, HOME: profile, LANGUAGE: 'ru' },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=ru-RU',
      '--accept-lang=ru-RU',
      `--user-data-dir=${profile}`,
    ],
  });
  try {
    const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
    const extensionId = new URL(worker.url()).host;
    return { browser, extensionId, origin: `chrome-extension://${extensionId}` };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Firefox over WebDriver BiDi. The extension goes in as a temporary add-on; its moz-extension:// UUID is
 * random per profile unless fixed beforehand through the extensions.webextensions.uuids preference.
 */
async function launchFirefox(profile: string, extension: string): Promise<Launched> {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    userDataDir: profile,
    env: { ...process.env, HOME: profile },
    // Without it, Firefox refuses to let the remote agent navigate a tab to a moz-extension:// page.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'intl.accept_languages': 'ru-RU, ru',
    },
  });
  try {
    await browser.installExtension(extension);
    return { browser, extensionId: uuid, origin: `moz-extension://${uuid}` };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Loads an extension page in the tab and waits for it. In Firefox, `goto` to a moz-extension:// URL never
 * settles (BiDi reports no load for it), so the navigation is started without awaiting it and the page is
 * polled from inside. Not with waitForFunction: an evaluation that meets the old document's teardown fails
 * with an internal error ("right-hand side of 'in' should be an object") that puppeteer does not retry.
 */
async function navigateToExtensionPage(page: Page, url: string, kind: E2eBrowser): Promise<void> {
  if (kind === 'chromium') {
    await page.goto(url);
    return;
  }
  page.goto(url).catch(() => undefined);
  const target = url.split('#')[0];
  const deadline = Date.now() + 15_000;
  for (;;) {
    const loaded = await Promise.race([
      page.evaluate((t) => location.href.split('#')[0] === t && document.readyState === 'complete', target).catch(() => false),
      sleep(2_000).then(() => false),
    ]);
    if (loaded) return;
    if (Date.now() > deadline) throw new Error(`Firefox did not load ${url} within 15 s`);
    await sleep(50);
  }
}

/** Fills the options page like a user: relay address, token and language, «Сохранить», then "Проверить подключение". */
export async function configureExtension(ext: ExtensionBrowser, relayUrl: string, token: string, language: 'ru' | 'en' = 'ru'): Promise<string> {
  const page = await ext.openExtensionPage('options.html');
  await page.waitForSelector('[data-crm-sms="relay-url"]');
  await page.$eval('[data-crm-sms="relay-url"]', (el) => ((el as HTMLInputElement).value = ''));
  await page.type('[data-crm-sms="relay-url"]', relayUrl);
  await page.type('[data-crm-sms="token"]', token);
  await page.select('[data-crm-sms="language"]', language);
  // Only «Сохранить» saves: the check tests what is typed.
  await page.click('[data-crm-sms="save"]');
  await page.waitForSelector('[data-crm-sms="saved"]');
  // The page shows the saved language once the storage's change event reaches it. In CI it sometimes
  // never did (an open bug, see the session note): a page opened anew reads the saved settings.
  const title = TEXTS.optionsTitle[language];
  const shown = await waitInPage(page, (t) => document.querySelector('h1')?.textContent === t, { timeout: 5_000 }, title).catch(() => false);
  if (!shown) {
    console.warn(`[e2e] the options page did not switch to ${language} after saving; reloading it`);
    await page.reload();
    await waitInPage(page, (t) => document.querySelector('h1')?.textContent === t, { timeout: 10_000 }, title);
  }
  await page.click('[data-crm-sms="check-connection"]');
  const result = await waitInPage(page, () => {
    const text = document.querySelector('[data-crm-sms="connection-result"]')?.textContent ?? '';
    return text.length > 0 ? text : null;
  });
  const text = result as string;
  await page.close();
  return text;
}

/**
 * Enables a CRM site on the options page as a user does: «Добавить сайт» with its address (the browser
 * grants access to 127.0.0.1 without asking: it is among the extension's host permissions).
 */
export async function enableSite(ext: ExtensionBrowser, origin: string): Promise<void> {
  const page = await ext.openExtensionPage('options.html');
  await page.waitForSelector('[data-crm-sms="site-input"]');
  await page.type('[data-crm-sms="site-input"]', origin);
  await page.click('form.add-site button[type="submit"]');
  await waitInPage(
    page,
    (o) => [...document.querySelectorAll('[data-crm-sms="sites"] li')].some((li) => o.startsWith(li.getAttribute('data-origin') ?? '\u0000')),
    { polling: 50, timeout: 10_000 },
    origin,
  );
  // The background registers the CRM script for it a moment later (Firefox: for its host, any port).
  await waitInPage(
    page,
    async (o) => {
      const api = (globalThis as { browser?: Scripting }).browser ?? (globalThis as unknown as { chrome: Scripting }).chrome;
      const url = new URL(o);
      const scripts = (await api.scripting.getRegisteredContentScripts()) as Array<{ matches?: string[] }>;
      return scripts.some((s) => (s.matches ?? []).some((m) => [`${url.origin}/*`, `${url.protocol}//${url.hostname}/*`].includes(m)));
    },
    { polling: 50, timeout: 10_000 },
    origin,
  );
  await page.close();
}
