import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

let relay: TestRelay;
let ext: ExtensionBrowser;
let crm: Page;
let popup: Page;
let mailingId = '';

const MESSAGE = 'Здравствуйте, {{contact.firstName}}! Скидка 10%.';

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '300', SANDBOX_FAIL_RATE: '0' });
  ext = await launchWithExtension();
  const connection = await configureExtension(ext, relay.url, relay.tokens.marketer);
  expect(connection).toMatch(/Подключение установлено.*marketer/);
  crm = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

const crmId = (record: string) => `demo:${new URL(relay.url).host}:${record}`;

/** The trimmed text of an element of the popup page, once it is there and visible. */
async function textOf(page: Page, name: string): Promise<string> {
  const handle = await page.waitForSelector(sel(name), { visible: true });
  return (await handle!.evaluate((el) => el.textContent ?? '')).trim();
}

/** Waits until an element's text (or attribute) satisfies the test, polling: hooks re-render without navigation. */
async function waitUntil(page: Page, name: string, expected: string | RegExp, attribute?: string): Promise<void> {
  const source = expected instanceof RegExp ? expected.source : null;
  const exact = expected instanceof RegExp ? null : expected;
  await waitInPage(
    page,
    (selector, attr, src, value) => {
      const el = document.querySelector(selector);
      const text = (attr ? el?.getAttribute(attr) : el?.textContent)?.trim();
      if (text === undefined || text === null) return false;
      return src !== null ? new RegExp(src).test(text) : text === value;
    },
    { polling: 50, timeout: 15_000 },
    sel(name),
    attribute ?? null,
    source,
    exact,
  );
}

async function directoryHas(record: string, check: (contact: any) => boolean): Promise<void> {
  await vi.waitFor(
    async () => {
      const { status, body } = await relay.call('GET', `/api/contacts/${encodeURIComponent(crmId(record))}`, { role: 'marketer' });
      if (status !== 200 || !check(body)) throw new Error(`contact ${record} never reached the directory as expected`);
    },
    { timeout: 10_000, interval: 100 },
  );
}

describe(`SMS mailings in the popup page (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('«Добавить контакты с этой страницы» puts the demo CRM list into the directory', async () => {
    await crm.goto(`${relay.url}/demo/#/contacts`);
    await crm.waitForSelector('table.demo-list tr[data-record-id]');
    await crm.bringToFront();
    popup = await ext.openExtensionPage('popup.html');
    // Open as a tab, the page takes the full width and does not offer «Открыть во вкладке» again.
    await waitInPage(popup, () => document.body.classList.contains('in-tab'), { polling: 50 });
    expect(await popup.$(sel('open-in-tab'))).toBeNull();
    await popup.click(sel('import-page'));
    await waitUntil(popup, 'import-result', 'Контакты со страницы: новых 5, обновлено 0, без изменений 0');
    await directoryHas('4', (c) => c.name === 'Айгуль Нурланова' && c.account === 'Астана Трейд');
  });

  it('the contact cards complete the directory (the «Не использовать SMS» flag is on the card only)', async () => {
    // The CRM tab in front, as a user reading cards has it (Firefox slows timers in background tabs to 1 s).
    await crm.bringToFront();
    for (const record of ['1', '2', '3', '4', '5']) {
      await crm.goto(`${relay.url}/demo/#/contacts/${record}`);
      await crm.waitForSelector('crm-sms-button', { visible: true });
      // The card is read a moment after it renders: stay until its snapshot (not the list row's) is stored.
      await directoryHas(record, (c) => c.source?.url?.endsWith(`#/contacts/${record}`));
    }
    await directoryHas('2', (c) => c.doNotUseSms === true && c.name === 'Мария Сидорова');
    await directoryHas('5', (c) => c.doNotUseSms === false);
  });

  it('S1, S2: service availability and balance in words', async () => {
    await popup.bringToFront();
    await popup.click(sel('check-connection'));
    await waitUntil(popup, 'connection-result', /^Подключение установлено/);
    await popup.click(sel('check-balance'));
    await waitUntil(popup, 'balance-result', /^(Баланс: [-−]?[\d\s]+(,\d+)?\s?\S+|Данная функция недоступна у текущего оператора)$/);
  });

  it('S3–S6: [Добавить], «Ответственный» is the current user, «Мгновенный» locks the date, a macro from the picker', async () => {
    await popup.click(sel('add-mailing'));
    // The CRM tab's cards showed who is signed in to the demo CRM: that user, not the token's ("marketer").
    await waitInPage(popup, (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === 'Анна Администратова', { polling: 50 }, sel('mailing-responsible'));
    expect(await popup.$eval(sel('mailing-start-at'), (el) => (el as HTMLInputElement).disabled)).toBe(true);
    await popup.select(sel('mailing-launch-type'), 'deferred');
    expect(await popup.$eval(sel('mailing-start-at'), (el) => (el as HTMLInputElement).disabled)).toBe(false);
    await popup.select(sel('mailing-launch-type'), 'instant');
    expect(await popup.$eval(sel('mailing-start-at'), (el) => (el as HTMLInputElement).disabled)).toBe(true);

    await popup.type(sel('mailing-name'), 'Акция для Ромашки');
    await popup.type(sel('mailing-text'), 'Здравствуйте, ');
    await popup.click(sel('macro-button'));
    await popup.waitForSelector(sel('macro-picker'), { visible: true });
    await popup.type(sel('macro-search'), 'Имя');
    await popup.click(`${sel('macro')}[data-path="contact.firstName"]`);
    await popup.waitForSelector(sel('macro-picker'), { hidden: true });
    await waitInPage(popup, (s) => document.activeElement === document.querySelector(s), { polling: 50 }, sel('mailing-text'));
    await popup.type(sel('mailing-text'), '! Скидка 10%.');
    expect(await popup.$eval(sel('mailing-text'), (el) => (el as HTMLTextAreaElement).value)).toBe(MESSAGE);
    await waitUntil(popup, 'counter', /UCS-2 · СМС: 1/);

    await popup.click(sel('mailing-save'));
    await popup.waitForSelector(sel('mailing-saved'), { visible: true });
    mailingId = await popup.$eval(sel('mailing'), (el) => el.getAttribute('data-id') ?? '');
    expect(mailingId).not.toBe('');
    expect(popup.url()).toContain(`#/mailings/${encodeURIComponent(mailingId)}`);
  });

  it('S7: «Проверить» on a contact shows the message it gets, its parts and encoding', async () => {
    await popup.click(sel('mailing-check'));
    await popup.waitForSelector(sel('preview-picker-search'), { visible: true });
    await popup.type(sel('preview-picker-search'), 'Петров');
    // The list shows every contact until the debounced search answers: click only once it is filtered, or the
    // button may move under the pointer as the list re-renders.
    await waitInPage(
      popup,
      (s, id) => {
        const results = [...document.querySelectorAll(s)];
        return results.length > 0 && results.every((b) => b.textContent?.includes('Петров')) && results.some((b) => b.getAttribute('data-crm-id') === id);
      },
      { polling: 50 },
      sel('preview-picker-result'),
      crmId('1'),
    );
    await popup.click(`${sel('preview-picker-result')}[data-crm-id="${crmId('1')}"]`);
    expect(await textOf(popup, 'preview-text')).toBe('Здравствуйте, Иван! Скидка 10%.');
    expect(await textOf(popup, 'preview-info')).toBe('Номер: +7 912 345 67 89 · СМС: 1 · UCS-2');
    await popup.click(`${sel('preview')} footer button:last-child`);
    await popup.waitForSelector(sel('preview'), { hidden: true });
  });

  it('S8: a dynamic group «Контрагент равно Ромашка» with its live count; the flagged contact is counted as skipped', async () => {
    await popup.click(sel('new-group'));
    await popup.waitForSelector(sel('group-editor'), { visible: true });
    await popup.type(sel('group-name'), 'Ромашка');
    expect(await popup.$eval(sel('rule-field'), (el) => (el as HTMLSelectElement).value)).toBe('account');
    await popup.type(sel('rule-value'), 'Ромашка');
    await waitUntil(popup, 'group-count', 'Подходит контактов: 2');
    await popup.click(sel('group-save'));
    await popup.waitForSelector(sel('group-editor'), { hidden: true });
    await waitInPage(popup, (s) => (document.querySelector(s) as HTMLInputElement | null)?.checked === true, { polling: 50 }, sel('group-include'));
    await waitUntil(popup, 'preflight-recipients', '1');
    await waitUntil(popup, 'skipped-reason', /^Не использовать SMS\s*1$/);
  });

  it('S9: [Запустить рассылку] → the preflight figures → «Рассылка запущена»', async () => {
    await popup.click(sel('launch'));
    await popup.waitForSelector(sel('launch-figures'), { visible: true });
    expect(await textOf(popup, 'launch-recipients')).toBe('1');
    expect(await textOf(popup, 'launch-parts')).toBe('1');
    expect(await textOf(popup, 'launch-cost')).toMatch(/^(неизвестна|\d[\d\s]*,\d\d\s₽)$/);
    expect(await popup.$$eval(`${sel('launch-confirm')} ${sel('skipped-reason')}`, (els) => els.map((e) => e.getAttribute('data-reason')))).toEqual(['do_not_use_sms']);
    await popup.click(sel('launch-confirm-button'));
    expect(await textOf(popup, 'notice')).toContain('Рассылка запущена');
    await popup.click(sel('notice-close'));
  });

  it('S10: live progress to 100 %, the chart and counts, «Общее количество СМС»; Мария Сидорова was skipped', async () => {
    await popup.waitForSelector(sel('analytics'), { visible: true });
    await waitUntil(popup, 'progress', '100', 'data-percent');
    // The sandbox reports delivery 300 ms after the send, to the relay's status poll (off in tests: run it
    // here until it brings that report).
    await vi.waitFor(async () => expect(await relay.pollStatuses()).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
    await waitInPage(
      popup,
      (s) => document.querySelector(`${s}[data-key="delivered"]`)?.getAttribute('data-count') === '1',
      { polling: 100, timeout: 15_000 },
      sel('chart-bar'),
    );
    const table = await popup.$$eval(sel('stats-row'), (rows) =>
      Object.fromEntries(rows.map((r) => [r.getAttribute('data-key'), r.querySelector('[data-crm-sms="stats-count"]')?.textContent])),
    );
    expect(table).toMatchObject({ delivered: '1', failed: '0', 'skipped:do_not_use_sms': '1', 'skipped:no_phone': '0' });
    expect(await textOf(popup, 'total-parts')).toBe('1');
    await waitUntil(popup, 'mailing-status', 'Завершена');
    expect(await popup.$(sel('export-csv'))).not.toBeNull();

    const { body } = await relay.call('GET', `/api/mailings/${mailingId}/recipients`, { role: 'marketer' });
    const byContact = Object.fromEntries(body.recipients.map((r: any) => [r.contactId, r]));
    expect(byContact[crmId('2')]).toMatchObject({ state: 'skipped', skipReason: 'do_not_use_sms' });
    expect(byContact[crmId('1')]).toMatchObject({ state: 'delivered', text: 'Здравствуйте, Иван! Скидка 10%.' });
    expect(body.total).toBe(2);
  });

  it('the registry lists the mailing with its status and progress', async () => {
    await popup.click(sel('back'));
    const row = `${sel('mailing-row')}[data-id="${mailingId}"]`;
    await popup.waitForSelector(row, { visible: true });
    expect(await popup.$eval(row, (el) => el.getAttribute('data-status'))).toBe('finished');
    expect(await popup.$eval(`${row} [role="progressbar"]`, (el) => el.getAttribute('data-percent'))).toBe('100');
  });
});
