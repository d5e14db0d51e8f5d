import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

/**
 * Issue 12, items 2 and 3: a launch over the balance takes a second confirmation that names the
 * shortfall; recipients whose text has an empty macro are counted, named, marked in «Проверить» and
 * can be skipped. The sandbox: 2.50 ₽ a message, 6 ₽ on the account to start with.
 */
let relay: TestRelay;
let ext: ExtensionBrowser;
let popup: Page;

const TEXT = 'Здравствуйте, {{contact.firstName}}! Ваш заказ готов.';
const contacts = [
  { crmId: 'e2e:ivan', snapshot: { name: 'Иван Петров', firstName: 'Иван', phones: [{ number: '+79123450001', type: 'mobile' }] } },
  { crmId: 'e2e:maria', snapshot: { name: 'Мария Сидорова', firstName: 'Мария', phones: [{ number: '+79123450002', type: 'mobile' }] } },
  // Added from a CRM list page: a name, but no first name.
  { crmId: 'e2e:aigul', snapshot: { name: 'Айгуль Нурланова', phones: [{ number: '+79123450003', type: 'mobile' }] } },
];

/** Intl writes «1,50 ₽» with no-break spaces; read as a person does. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').trim();

async function textOf(name: string): Promise<string> {
  const handle = await popup.waitForSelector(sel(name), { visible: true });
  return plain(await handle!.evaluate((el) => el.textContent ?? ''));
}

async function waitForText(name: string, expected: RegExp): Promise<void> {
  await waitInPage(
    popup,
    (selector, source) => new RegExp(source).test((document.querySelector(selector)?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ')),
    { polling: 50, timeout: 15_000 },
    sel(name),
    expected.source,
  );
}

async function mailingTo(name: string, audience: string[]): Promise<string> {
  const created = await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name, launchType: 'instant', text: TEXT } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await relay.call('PUT', `/api/mailings/${created.body.id}/audience`, { role: 'marketer', body: { contacts: audience } });
  return created.body.id;
}

const statusOf = async (id: string) => (await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' })).body;

async function openMailing(id: string): Promise<void> {
  popup = await ext.openExtensionPage(`popup.html#/mailings/${encodeURIComponent(id)}`);
  await waitInPage(popup, (s, v) => document.querySelector(s)?.getAttribute('data-id') === v, { polling: 50, timeout: 15_000 }, sel('mailing'), id);
  await popup.waitForSelector(sel('launch'), { visible: true });
  // The recipients' lengths come a moment later and push the buttons down: click only once they are there.
  await popup.waitForSelector(sel('rendered-counter'), { visible: true });
}

beforeAll(async () => {
  relay = await startTestRelay({
    SANDBOX_SENT_AFTER_MS: '0',
    SANDBOX_DELIVERED_AFTER_MS: '300',
    SANDBOX_FAIL_RATE: '0',
    SANDBOX_BALANCE: '6',
    SANDBOX_PRICE_PER_PART: '2.5',
  });
  const bulk = await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } });
  expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/^Подключение установлено/);
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

describe(`the pre-flight before a launch (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('counts the message lengths over the audience, not the template', async () => {
    const id = await mailingTo('Длины', ['e2e:ivan', 'e2e:aigul']);
    await openMailing(id);
    // «Здравствуйте, ! Ваш заказ готов.» is 32 characters, «…Иван!…» 36; the template itself 53.
    await waitForText('rendered-counter', /^Сообщения получателей \(2\): 32–36 симв\. · UCS-2 · СМС: 1$/);
    expect(await textOf('counter')).toMatch(/^53 симв\./);
    await popup.close();
  });

  it('an empty macro: «Проверить» marks it, the pre-flight counts and names it, and the launch skips it', async () => {
    const id = await mailingTo('Пустой макрос', ['e2e:ivan', 'e2e:aigul']);
    await openMailing(id);

    await popup.click(sel('mailing-check'));
    await popup.waitForSelector(sel('preview-picker-search'), { visible: true });
    await popup.type(sel('preview-picker-search'), 'Нурланова');
    const result = `${sel('preview-picker-result')}[data-crm-id="e2e:aigul"]`;
    await waitInPage(
      popup,
      (s) => {
        const all = [...document.querySelectorAll(s)];
        return all.length === 1;
      },
      { polling: 50 },
      sel('preview-picker-result'),
    );
    await popup.click(result);
    expect(await textOf('preview-text')).toBe('Здравствуйте, ! Ваш заказ готов.');
    expect(await popup.$eval(sel('empty-macro'), (el) => el.getAttribute('data-macro'))).toBe('contact.firstName');
    expect(await textOf('preview-empty-macros')).toBe('Пустой макрос: «Имя» — на его месте в тексте ничего нет');
    await popup.click(`${sel('preview')} footer button:last-child`);
    await popup.waitForSelector(sel('preview'), { hidden: true });

    await popup.click(sel('launch'));
    await popup.waitForSelector(sel('launch-figures'), { visible: true });
    expect(await textOf('launch-recipients')).toBe('2');
    expect(await textOf('empty-macros-text')).toBe('Пустой макрос («Имя») в тексте у получателей: 1 — Айгуль Нурланова');
    await popup.click(sel('skip-empty-macros'));
    await waitForText('launch-recipients', /^1$/);
    expect(await popup.$$eval(`${sel('launch-confirm')} ${sel('skipped-reason')}`, (els) => els.map((e) => e.getAttribute('data-reason')))).toEqual(['empty_macro']);
    await popup.click(sel('launch-confirm-button'));
    expect(await textOf('notice')).toContain('Рассылка запущена');

    // The one message is handed to the sandbox before the next mailing's pre-flight reads the balance.
    await vi.waitFor(async () => expect((await statusOf(id)).status).toBe('finished'), { timeout: 15_000, interval: 50 });
    expect(await statusOf(id)).toMatchObject({ status: 'finished', counters: { total: 2, skipped: { empty_macro: 1 } } });
    const { body } = await relay.call('GET', `/api/mailings/${id}/recipients`, { role: 'marketer' });
    const byContact = Object.fromEntries(body.recipients.map((r: { contactId: string }) => [r.contactId, r]));
    expect(byContact['e2e:aigul']).toMatchObject({ state: 'skipped', skipReason: 'empty_macro', text: null });
    expect(byContact['e2e:ivan'].text).toBe('Здравствуйте, Иван! Ваш заказ готов.');
    await popup.close();
  });

  it('over the balance: the first click does not launch, the second confirmation names the shortfall and launches', async () => {
    // Three messages cost 7.50 ₽; 6 ₽ at the start, less what the mailing above spent.
    const { balance } = (await relay.call('GET', '/api/provider/balance', { role: 'marketer' })).body;
    const rubles = (amount: number) => `${amount.toFixed(2).replace('.', ',')} ₽`;
    const shortfall = rubles(7.5 - balance);
    expect(balance).toBeLessThan(7.5);
    const id = await mailingTo('Больше баланса', ['e2e:ivan', 'e2e:maria', 'e2e:aigul']);
    await openMailing(id);
    await popup.click(sel('launch'));
    await popup.waitForSelector(sel('launch-figures'), { visible: true });

    // The first click: either the question (now) or «Рассылка запущена» (before issue 12) comes up.
    await popup.click(sel('launch-confirm-button'));
    await popup.waitForSelector(`${sel('over-balance-confirm')}, ${sel('notice')}`, { visible: true });
    expect(await popup.$(sel('notice')), 'one click launched a mailing over the balance').toBeNull();
    expect(await statusOf(id)).toMatchObject({ status: 'draft', counters: { total: 0 } });
    expect(await textOf('over-balance-confirm')).toContain(`не хватает ${shortfall}`);
    expect(await textOf('launch-confirm-button')).toBe(`Запустить, хотя не хватает ${shortfall}`);
    expect(await textOf('launch-cost')).toBe('7,50 ₽');
    expect(await textOf('launch-balance')).toBe(rubles(balance));
    expect(await textOf('launch-shortfall')).toBe(shortfall);

    await popup.click(sel('launch-confirm-button'));
    expect(await textOf('notice')).toContain('Рассылка запущена');
    const launched = await statusOf(id);
    expect(launched.status).not.toBe('draft');
    expect(launched.counters.total).toBe(3);
  });
});
