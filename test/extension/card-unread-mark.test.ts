import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ButtonRoot } from '../../extension/content/roots';
import type { Envelope } from '../../extension/messaging/protocol';
import { mayAsk } from '../../extension/services/sender-policy';
import { refusal, standInRelay, type RelayAnswer, type RelayRequest } from './support/stand-in-relay';

/**
 * The SMS button on the card is marked with the contact's unread replies: a dot with their count, and
 * the words in its title and accessible name. The content script asks the background's real handler
 * (as a content script of the page would: the sender is the CRM page), which asks a stand-in relay; the
 * page learns only the count the button shows.
 */
const background = vi.hoisted(() => ({ handle: null as null | ((envelope: Envelope) => Promise<unknown>) }));
vi.mock('wxt/browser', () => ({
  browser: { runtime: { id: 'test', sendMessage: (envelope: Envelope) => background.handle!(envelope), onMessage: { addListener() {}, removeListener() {} } } },
}));

const PETROV = 'demo:127.0.0.1:1';
const SIDOROV = 'demo:127.0.0.1:2';
/** The relay's own demo CRM: enabled with the default settings. */
const CARD_PAGE = 'http://127.0.0.1:8787/demo/#/contacts/1';
const conversationOf = (crmId: string) => `/api/contacts/${encodeURIComponent(crmId)}/conversation`;

/** Unread replies per contact, as the stand-in relay keeps them. */
let unread: Record<string, number>;
let relay: ReturnType<typeof standInRelay>;

function answer({ method, path }: RelayRequest): RelayAnswer {
  const withUnread = Object.keys(unread).filter((id) => unread[id]! > 0);
  if (method === 'GET' && path === '/api/replies/unread') return { status: 200, body: { count: withUnread.reduce((n, id) => n + unread[id]!, 0), contacts: withUnread } };
  for (const crmId of [PETROV, SIDOROV])
    if (method === 'GET' && path === conversationOf(crmId)) return { status: 200, body: { total: 5, unread: unread[crmId] ?? 0, entries: [] } };
  return refusal(404, 'not_found', `No route ${method} ${path}`, 'Нет такого запроса');
}

let root: HTMLElement;
const button = () => root.querySelector<HTMLButtonElement>('[data-crm-sms="button"]')!;
const mark = () => root.querySelector('[data-crm-sms="unread-mark"]');
const asked = (path: string) => relay.seen.filter((s) => s.path === path).length;

function showButton(crmId: string, language: 'ru' | 'en' = 'ru', readTick = 0) {
  render(h(ButtonRoot, { language, crmId, readTick, onOpen() {} }), root);
}

beforeEach(() => {
  unread = { [PETROV]: 2 };
  relay = standInRelay(answer, { url: CARD_PAGE, tab: { id: 7 }, frameId: 0 });
  background.handle = relay.handle;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('the mark of unread replies on the SMS button', () => {
  it('a contact with two unread replies: a dot with 2, and the words in the title and the accessible name', async () => {
    showButton(PETROV);
    await vi.waitFor(() => expect(mark()?.textContent).toBe('2'), { timeout: 5000 });
    expect(button().title).toBe('Отправить СМС контакту — 2 непрочитанных ответа');
    expect(button().getAttribute('aria-label')).toBe('SMS: 2 непрочитанных ответа');
    expect(asked(conversationOf(PETROV))).toBe(1);
  });

  it('a contact without unread replies: no dot, the plain title, and its conversation is not even asked (another contact has some)', async () => {
    showButton(SIDOROV);
    await vi.waitFor(() => expect(asked('/api/replies/unread')).toBe(1), { timeout: 5000 });
    // Positive control in the same setup: the contact that has them gets the dot.
    render(null, root);
    showButton(PETROV);
    await vi.waitFor(() => expect(mark()?.textContent).toBe('2'), { timeout: 5000 });
    render(null, root);
    showButton(SIDOROV);
    await vi.waitFor(() => expect(asked('/api/replies/unread')).toBe(3), { timeout: 5000 });
    expect(mark()).toBeNull();
    expect(button().title).toBe('Отправить СМС контакту');
    expect(button().hasAttribute('aria-label')).toBe(false);
    expect(asked(conversationOf(SIDOROV))).toBe(0);
  });

  it('the conversation read them: asked again, the mark goes', async () => {
    showButton(PETROV);
    await vi.waitFor(() => expect(mark()?.textContent).toBe('2'), { timeout: 5000 });
    unread = {};
    showButton(PETROV, 'ru', 1);
    await vi.waitFor(() => expect(mark()).toBeNull(), { timeout: 5000 });
    expect(button().title).toBe('Отправить СМС контакту');
  });

  it('in English, one reply', async () => {
    unread = { [PETROV]: 1 };
    showButton(PETROV, 'en');
    await vi.waitFor(() => expect(mark()?.textContent).toBe('1'), { timeout: 5000 });
    expect(button().title).toBe('Send an SMS to this contact — 1 unread reply');
    expect(button().getAttribute('aria-label')).toBe('SMS: 1 unread reply');
  });

  it('what the page could learn: only the count the button shows, nothing of whose or what', async () => {
    showButton(PETROV);
    await vi.waitFor(() => expect(mark()?.textContent).toBe('2'), { timeout: 5000 });
    expect(root.innerHTML).not.toContain(PETROV);
    expect(root.innerHTML).not.toContain(SIDOROV);
    const answerToContentScript = await relay.handle({ crmSms: 'cardUnreadReplies', payload: { crmId: PETROV } });
    expect(answerToContentScript).toEqual({ ok: true, value: { count: 2 } });
  });

  it('a page of a site not enabled gets a refusal and the relay is not asked; the enabled card page is answered', async () => {
    const elsewhere = standInRelay(answer, { url: 'https://evil.example/contacts/1', tab: { id: 8 }, frameId: 0 });
    const refused = (await elsewhere.handle({ crmSms: 'cardUnreadReplies', payload: { crmId: PETROV } })) as { ok: boolean; error?: { code: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('not_allowed');
    expect(elsewhere.seen).toHaveLength(0);
    // The same request from the enabled card page is answered (the stand-ins share the fetch stub: the latest one answers).
    const card = standInRelay(answer, { url: CARD_PAGE, tab: { id: 7 }, frameId: 0 });
    expect(await card.handle({ crmSms: 'cardUnreadReplies', payload: { crmId: PETROV } })).toEqual({ ok: true, value: { count: 2 } });
    // A content script may ask this, and still nothing of the relay's routes by name.
    expect(mayAsk('cardUnreadReplies', CARD_PAGE, 'chrome-extension://test/')).toBe(true);
    expect(mayAsk('relayCall', CARD_PAGE, 'chrome-extension://test/')).toBe(false);
  });
});
