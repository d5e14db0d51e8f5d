import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findChromium } from './find-browser';

type ChromeScripting = { chrome: { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } } };

export const EXTENSION_DIR = fileURLToPath(new URL('../../../.output/chrome-mv3', import.meta.url));

export interface ExtensionBrowser {
  browser: Browser;
  extensionId: string;
  /** Opens an extension page such as options.html. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Headless Chromium with the built extension loaded, its profile in a fresh temp directory, Russian UI. */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'crmsms-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    env: { ...process.env, HOME: profile, LANGUAGE: 'ru' },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=ru-RU', '--accept-lang=ru-RU',
      `--user-data-dir=${profile}`,
    ],
  });
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  // The background registers the CRM content script at start; pages opened before that get none.
  const probe = await browser.newPage();
  await probe.goto(`chrome-extension://${extensionId}/popup.html`);
  await probe.waitForFunction(
    async () => ((await (globalThis as unknown as ChromeScripting).chrome.scripting.getRegisteredContentScripts()).length > 0),
    { polling: 50, timeout: 10_000 },
  );
  await probe.close();
  return {
    browser,
    extensionId,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Fills the options page like a user: relay address, token and language, then "Проверить подключение". */
export async function configureExtension(ext: ExtensionBrowser, relayUrl: string, token: string, language: 'ru' | 'en' = 'ru'): Promise<string> {
  const page = await ext.openExtensionPage('options.html');
  await page.waitForSelector('[data-crm-sms="relay-url"]');
  await page.$eval('[data-crm-sms="relay-url"]', (el) => ((el as HTMLInputElement).value = ''));
  await page.type('[data-crm-sms="relay-url"]', relayUrl);
  await page.type('[data-crm-sms="token"]', token);
  await page.select('[data-crm-sms="language"]', language);
  await page.click('[data-crm-sms="check-connection"]');
  const result = await page.waitForFunction(() => {
    const text = document.querySelector('[data-crm-sms="connection-result"]')?.textContent ?? '';
    return text.length > 0 ? text : null;
  });
  const text = (await result.jsonValue()) as string;
  await page.close();
  return text;
}
