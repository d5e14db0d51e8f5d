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
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_FAIL_RATE: '0' });
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/Подключение установлено/);
  crm = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

/** Evaluates an expression in the mailings page inside the drawer (an in-page frame, as the user sees it). */
async function inDrawer<T>(expression: string): Promise<T> {
  const frame = await frameWith(crm, 'import-page', 1000);
  return (await frame.evaluate(expression)) as T;
}

/** Polls an expression in the drawer until it is truthy. */
async function untilInDrawer(expression: string, what: string): Promise<void> {
  let last: unknown;
  const done = await vi
    .waitFor(
      async () => {
        try {
          if (await inDrawer<boolean>(expression)) return true;
        } catch (error) {
          last = error;
        }
        throw new Error(`not yet: ${what}`);
      },
      { timeout: 15_000, interval: 50 },
    )
    .catch(() => false);
  if (done) return;
  const shown = await inDrawer<string>(`document.querySelector('${sel('import-page')}')?.parentElement?.innerText`).catch(() => '?');
  throw new Error(`in the drawer, never: ${what} (${String(last ?? 'false')}); it shows: ${shown}`);
}

describe(`SMS mailings in the CRM page (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it("a CRM list page has the «СМС рассылки» launcher; the drawer shows the mailings and adds this page's contacts", async () => {
    const created = await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Осенняя акция', launchType: 'instant', text: 'Скидка 10%' } });
    expect(created.status).toBe(201);
    await crm.goto(`${relay.url}/demo/#/contacts`);
    await crm.waitForSelector('table.demo-list tr[data-record-id]');
    // The launcher's host sits in the corner (its shadow root is closed): a user's click there opens the drawer.
    await crm.waitForSelector('crm-sms-mailings', { visible: true });
    await crm.click('crm-sms-mailings');
    await untilInDrawer(`document.body.textContent.includes('Осенняя акция')`, 'the registry lists the mailing');
    // Framed by the CRM page, «Добавить контакты с этой страницы» reads this very tab.
    await inDrawer(`document.querySelector('${sel('import-page')}').click()`);
    await untilInDrawer(`/новых 5/.test(document.querySelector('${sel('import-result')}')?.textContent ?? '')`, 'five contacts imported');
    const { body } = await relay.call('GET', '/api/contacts?q=Нурланова', { role: 'marketer' });
    expect(body.contacts.map((c: { name: string }) => c.name)).toEqual(['Айгуль Нурланова']);
    await (await frameWith(crm, 'mailings-drawer-close')).click(sel('mailings-drawer-close'));
    await waitInPage(crm, () => document.querySelector('crm-sms-mailings')!.getBoundingClientRect().width > 0, { polling: 50 });
    expect(crm.frames()).toHaveLength(1);
  });

  it('a page that is not a CRM page gets no launcher', async () => {
    await crm.goto(`${relay.url}/health`);
    expect(await crm.$('crm-sms-mailings')).toBeNull();
    // Positive control on this very page: made to look like the demo CRM's list (its address and marker),
    // it gets the launcher — the content script is alive here and was looking.
    await crm.evaluate(() => {
      history.pushState(null, '', '/demo/#/contacts');
      document.body.setAttribute('data-crm-demo', '');
    });
    await crm.waitForSelector('crm-sms-mailings', { timeout: 15_000 });
    // And back to what it is: the launcher goes, as it stays away from a page that is not a CRM page.
    await crm.evaluate(() => {
      history.pushState(null, '', '/health');
      document.body.removeAttribute('data-crm-demo');
    });
    await waitInPage(crm, () => document.querySelector('crm-sms-mailings') === null, { polling: 50, timeout: 15_000 });
    expect(await crm.$('crm-sms-mailings')).toBeNull();
  });
});
