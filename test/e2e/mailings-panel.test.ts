import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { sel, shadow } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';

let relay: TestRelay;
let ext: ExtensionBrowser;
let crm: Page;

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_FAIL_RATE: '0' });
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/Подключение установлено/);
  crm = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

/**
 * Evaluates an expression in the mailings page inside the drawer. Chromium runs an extension page
 * framed by a web page as a target of its own (not one of the page's frames): reach it over CDP.
 */
async function inDrawer<T>(expression: string): Promise<T> {
  if (E2E_BROWSER === 'chromium') {
    const target = ext.browser.targets().find((t) => t.url().includes('/popup.html?panel'));
    if (!target) throw new Error('no drawer frame yet');
    const session = await target.createCDPSession();
    try {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(exceptionDetails.text);
      return result.value as T;
    } finally {
      await session.detach();
    }
  }
  // Firefox reports a moz-extension:// frame's URL as about:blank: ask each frame where it is.
  for (const frame of crm.frames()) {
    const href = await frame.evaluate(() => location.href).catch(() => '');
    if (href.includes('/popup.html?panel')) return (await frame.evaluate(expression)) as T;
  }
  throw new Error('no drawer frame yet');
}

/** Polls an expression in the drawer until it is truthy. */
async function untilInDrawer(expression: string, what: string): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 300; i++) {
    try {
      if (await inDrawer<boolean>(expression)) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const shown = await inDrawer<string>(`document.querySelector('${sel('import-page')}')?.parentElement?.innerText`).catch(() => '?');
  throw new Error(`in the drawer, never: ${what} (${String(last ?? 'false')}); it shows: ${shown}`);
}

describe(`SMS mailings in the CRM page (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('a CRM list page has the «СМС рассылки» launcher; the drawer shows the mailings and adds this page\'s contacts', async () => {
    const created = await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Осенняя акция', launchType: 'instant', text: 'Скидка 10%' } });
    expect(created.status).toBe(201);
    await crm.goto(`${relay.url}/demo/#/contacts`);
    await crm.waitForSelector('table.demo-list tr[data-record-id]');
    const launcher = await crm.waitForSelector(shadow('mailings-launcher'), { visible: true });
    expect((await launcher!.evaluate((el) => el.textContent))?.trim()).toBe('СМС рассылки');
    await launcher!.click();
    await crm.waitForSelector(shadow('mailings-drawer'), { visible: true });
    await untilInDrawer(`document.body.textContent.includes('Осенняя акция')`, 'the registry lists the mailing');
    // Framed by the CRM page, «Добавить контакты с этой страницы» reads this very tab.
    await inDrawer(`document.querySelector('${sel('import-page')}').click()`);
    await untilInDrawer(`/новых 5/.test(document.querySelector('${sel('import-result')}')?.textContent ?? '')`, 'five contacts imported');
    const { body } = await relay.call('GET', '/api/contacts?q=Нурланова', { role: 'marketer' });
    expect(body.contacts.map((c: { name: string }) => c.name)).toEqual(['Айгуль Нурланова']);
    await crm.click(shadow('mailings-drawer-close'));
    await crm.waitForSelector(shadow('mailings-launcher'), { visible: true });
    expect(await crm.$(shadow('mailings-drawer'))).toBeNull();
  });

  it('a page that is not a CRM page gets no launcher', async () => {
    await crm.goto(`${relay.url}/health`);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await crm.$(shadow('mailings-launcher'))).toBeNull();
  });
});
