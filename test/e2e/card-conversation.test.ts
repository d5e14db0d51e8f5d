import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';
import { cardUi, clickWhenStill, closedShadowElement, frameWith, sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';

/**
 * Issue 15, replies on the card: an SMS sent from the card is answered (the sandbox simulates the reply,
 * as a provider's inbound webhook would bring it), the SMS button is marked with the unread reply, and
 * opening «Переписка» shows the reply above the message it answers, after which the mark goes.
 *
 * The button sits in a closed shadow root: the page (and the test, as the page) sees only its box grow
 * by the dot; in Chromium the test also reads the dot and the title through the DevTools protocol.
 */
let relay: TestRelay;
let ext: ExtensionBrowser;
let page: Page;

const { waitFor, waitForButton, textOf, typeMessage, click } = cardUi(() => page);
const TEXT = 'Ваш заказ готов, можно забрать до 20:00';
const REPLY = 'Спасибо, заберу завтра утром';

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '200', SANDBOX_FAIL_RATE: '0' });
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.agent)).toMatch(/^Подключение установлено/);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

const buttonWidth = () => page.$eval('crm-sms-button', (host) => host.getBoundingClientRect().width);
/** The rows of «Переписка», top down: which way each went, and its text. */
const conversationRows = async () =>
  (await frameWith(page, 'sent-panel')).$$eval('tbody tr', (rows) =>
    rows.map((row) => [row.getAttribute('data-direction'), row.querySelectorAll('td')[2]?.textContent ?? '']),
  );
/** The fold of «Переписка», clicked once it stays put: the sent list's answers move the panel meanwhile. */
const toggleConversation = async () => clickWhenStill(await frameWith(page, 'sent-panel'), sel('conversation-toggle'));
const unreadAtRelay = async () => (await relay.call('GET', '/api/replies/unread', { role: 'agent' })).body as { count: number; contacts: string[] };

describe(`a reply on the contact card (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('marks the SMS button; opening «Переписка» shows it above the sent message, and the mark goes', async () => {
    await page.goto(`${relay.url}/demo/#/contacts/1`);
    await waitForButton();
    await page.click('crm-sms-button');
    await typeMessage(TEXT);
    await waitFor('phone-normalised');
    await click('send');
    expect(await textOf('notice')).toContain('Сообщение отправлено');
    await click('notice-close');
    await page.waitForSelector('crm-sms-dialog', { hidden: true });
    await until('the conversation shows the sent message', async () => JSON.stringify(await conversationRows()) === JSON.stringify([['outgoing', TEXT]]), 15_000);

    // The agent folds «Переписка»: folded, it reads nothing, so the reply stays unread.
    await toggleConversation();
    await until('the conversation is folded', async () => (await conversationRows()).length === 0);
    const plainWidth = await buttonWidth();
    if (E2E_BROWSER === 'chromium') expect((await closedShadowElement(page, 'button'))?.attributes.get('title')).toBe('Отправить СМС контакту');

    const replied = await relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from: '+7 912 345-67-89', text: REPLY } });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect((await unreadAtRelay()).count).toBe(1);

    // The mark: the button grows by the dot; in Chromium, the dot says 1 and the title says it in words.
    await until('the SMS button is marked', async () => (await buttonWidth()) > plainWidth + 8, 25_000);
    if (E2E_BROWSER === 'chromium') {
      expect((await closedShadowElement(page, 'unread-mark'))?.text).toBe('1');
      expect((await closedShadowElement(page, 'button'))?.attributes.get('title')).toBe('Отправить СМС контакту — 1 непрочитанный ответ');
    }

    await toggleConversation();
    await until(
      'the reply shows above the sent message',
      async () =>
        JSON.stringify(await conversationRows()) ===
        JSON.stringify([
          ['incoming', `${REPLY}`],
          ['outgoing', TEXT],
        ]),
      15_000,
    );
    const replyRow = await (await frameWith(page, 'sent-panel')).$eval(sel('reply-row'), (row) => row.textContent ?? '');
    expect(replyRow).toContain('+7 912 345 67 89');
    expect(replyRow).toContain('Ответ новое');

    await until('the mark goes', async () => (await buttonWidth()) <= plainWidth + 0.5, 15_000);
    expect((await unreadAtRelay()).count).toBe(0);
    if (E2E_BROWSER === 'chromium') {
      expect(await closedShadowElement(page, 'unread-mark')).toBeNull();
      expect((await closedShadowElement(page, 'button'))?.attributes.get('title')).toBe('Отправить СМС контакту');
    }
  });
});
