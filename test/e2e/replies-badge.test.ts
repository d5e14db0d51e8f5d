import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

/**
 * Issue 15, end to end: a reply a contact sends (the sandbox simulates it) shows on the toolbar icon as
 * the unread count, with no click of anyone's; a «СТОП» reply makes the next mailing, launched from the
 * popup, skip that contact with «В стоп-листе», while the other recipient of the same mailing gets it.
 */
let relay: TestRelay;
let ext: ExtensionBrowser;
/** An extension page (the popup, open as a tab) that reads the toolbar button as the browser shows it. */
let probe: Page;

const contacts = [
  { crmId: 'e2e:olga', snapshot: { name: 'Ольга Смирнова', firstName: 'Ольга', phones: [{ number: '+79123450011', type: 'mobile' }] } },
  { crmId: 'e2e:pavel', snapshot: { name: 'Павел Орлов', firstName: 'Павел', phones: [{ number: '+79123450012', type: 'mobile' }] } },
];

/** The badge text and the tooltip of the extension's toolbar button (action in MV3, browserAction in MV2). */
const toolbar = (page: Page) =>
  page.evaluate(async () => {
    type Action = { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> };
    type Api = { action?: Action; browserAction?: Action };
    const api = (globalThis as { browser?: Api }).browser ?? (globalThis as unknown as { chrome: Api }).chrome;
    const action = (api.action ?? api.browserAction)!;
    return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
  });

/** What an extension page (the conversation, helper E1's) says once it has read a conversation. */
const tellRepliesChanged = (page: Page) =>
  page.evaluate(async () => {
    type Api = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
    const api = (globalThis as { browser?: Api }).browser ?? (globalThis as unknown as { chrome: Api }).chrome;
    return api.runtime.sendMessage({ crmSms: 'repliesChanged', payload: {} });
  });

const reply = async (from: string, text: string) => {
  const answer = await relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from, text } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '300', SANDBOX_FAIL_RATE: '0' });
  const bulk = await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } });
  expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/^Подключение установлено/);
  probe = await ext.openExtensionPage('popup.html');
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

describe(`replies and the stop list (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('a reply that arrives shows on the toolbar icon within about a minute, on its own; read, the badge goes', async () => {
    // Configured (the settings changed), the badge was counted: nothing unread yet.
    await vi.waitFor(async () => expect(await toolbar(probe)).toEqual({ text: '', title: 'CRM SMS' }), { timeout: 10_000, interval: 200 });
    await reply('+7 912 345-00-11', 'Спасибо, получила');
    // Nobody asks the background: its once-a-minute alarm brings the count.
    await vi.waitFor(async () => expect(await toolbar(probe)).toEqual({ text: '1', title: 'CRM SMS — непрочитанных ответов: 1' }), {
      timeout: 80_000,
      interval: 500,
    });

    const read = await relay.call('POST', '/api/contacts/e2e:olga/conversation/read', { role: 'agent' });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(await tellRepliesChanged(probe)).toEqual({ ok: true, value: null });
    // Counted again before the answer: no waiting for the alarm.
    expect(await toolbar(probe)).toEqual({ text: '', title: 'CRM SMS' });
  }, 120_000);

  it('«СТОП» from a contact: the next mailing to that contact and another, launched from the popup, skips the first «В стоп-листе» and sends to the other', async () => {
    const stop = await reply('+79123450012', 'СТОП');
    expect(stop).toMatchObject({ keyword: 'stop', stopList: { phone: '79123450012', source: 'reply' } });

    const created = await relay.call('POST', '/api/mailings', {
      role: 'marketer',
      body: { name: 'После СТОП', launchType: 'instant', text: 'Здравствуйте, {{contact.firstName}}!' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.id;
    await relay.call('PUT', `/api/mailings/${id}/audience`, { role: 'marketer', body: { contacts: ['e2e:olga', 'e2e:pavel'] } });

    const popup = await ext.openExtensionPage(`popup.html#/mailings/${encodeURIComponent(id)}`);
    await waitInPage(popup, (s, v) => document.querySelector(s)?.getAttribute('data-id') === v, { polling: 50, timeout: 15_000 }, sel('mailing'), id);
    await popup.waitForSelector(sel('launch'), { visible: true });
    // The recipients' lengths come a moment later and push the buttons down: click only once they are there.
    await popup.waitForSelector(sel('rendered-counter'), { visible: true });
    await popup.click(sel('launch'));
    await popup.waitForSelector(sel('launch-figures'), { visible: true });
    expect(await popup.$eval(sel('launch-recipients'), (el) => el.textContent?.trim())).toBe('1');
    const skipped = await popup.$$eval(`${sel('launch-confirm')} ${sel('skipped-reason')}`, (els) =>
      els.map((e) => [e.getAttribute('data-reason'), e.querySelector('dt')?.textContent, e.querySelector('dd')?.textContent]),
    );
    expect(skipped).toEqual([['stop_list', 'В стоп-листе', '1']]);
    await popup.click(sel('launch-confirm-button'));
    await waitInPage(popup, (s) => document.querySelector(s)?.textContent?.includes('Рассылка запущена'), { polling: 50, timeout: 15_000 }, sel('notice'));
    await popup.click(sel('notice-close'));

    // The analytics: one sent (then delivered), one skipped «В стоп-листе».
    await waitInPage(
      popup,
      (s) => {
        const count = (key: string) => Number(document.querySelector(`${s}[data-key="${key}"] [data-crm-sms="stats-count"]`)?.textContent ?? 'NaN');
        return count('skipped:stop_list') === 1 && count('sent') + count('delivered') === 1;
      },
      { polling: 100, timeout: 15_000 },
      sel('stats-row'),
    );
    expect(await popup.$eval(`${sel('stats-row')}[data-key="skipped:stop_list"] td`, (el) => el.textContent)).toBe('Пропущено: В стоп-листе');

    const { body } = await relay.call('GET', `/api/mailings/${id}/recipients`, { role: 'marketer' });
    const byContact = Object.fromEntries(body.recipients.map((r: { contactId: string }) => [r.contactId, r]));
    expect(byContact['e2e:pavel']).toMatchObject({ state: 'skipped', skipReason: 'stop_list' });
    expect(byContact['e2e:olga']).toMatchObject({ text: 'Здравствуйте, Ольга!' });
    expect(['sent', 'delivered']).toContain(byContact['e2e:olga'].state);
    // What the sandbox was handed: the other one's number, never the one that wrote «СТОП».
    const outbox = (await relay.call('GET', '/api/provider/outbox', { role: 'admin' })).body.messages as Array<{ to?: string; phone?: string }>;
    const numbers = JSON.stringify(outbox);
    expect(numbers).toContain('79123450011');
    expect(numbers).not.toContain('79123450012');
    await popup.close();
  });
});
