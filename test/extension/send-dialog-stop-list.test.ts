import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../../shared/api';
import type { StopListEntry } from '../../shared/stop-list';
import { optedOutWords } from '../../relay/opt-outs/opted-out-words';
import type { ContactRead } from '../../extension/crm/types';
import type { Envelope } from '../../extension/messaging/protocol';
import { DialogFrame } from '../../extension/ui/in-page/DialogFrame';
import { refusal, standInRelay, type RelayAnswer, type RelayRequest } from './support/stand-in-relay';
import { userClick } from './user-click';

/**
 * The card's send dialog and the stop list, from the dialog down to the wire: the frame asks the
 * background (its real handlers and relay client), which calls a stand-in relay (fetch) that answers
 * as the relay does — a send to a listed number is 409 on_stop_list in the relay's own words unless
 * the body says confirmOptedOut. What a test checks is what reached the relay and what the dialog shows.
 */
const background = vi.hoisted(() => ({ handle: null as null | ((envelope: Envelope) => Promise<unknown>) }));
vi.mock('wxt/browser', () => ({
  browser: { runtime: { id: 'test', sendMessage: (envelope: Envelope) => background.handle!(envelope), onMessage: { addListener() {}, removeListener() {} } } },
}));

const PETROV: ContactRead = {
  adapter: 'demo',
  recordId: '1',
  fields: { name: 'Иван Петров' },
  phones: [{ number: '+7 912 345-67-89', type: 'mobile', source: 'test' }],
  doNotUseSms: false,
  provenance: {} as ContactRead['provenance'],
  layers: {},
  extra: {},
};
const DIGITS = '79123456789';
const STOP_REPLY: StopListEntry = { phone: DIGITS, source: 'reply', addedAt: '2026-11-24T10:00:00.000Z', addedBy: 'sandbox' };

/** The stand-in relay's stop list (one number). */
let listed: StopListEntry | null;
/** What the number's lookup answers instead, when set (the relay unable to say). */
let lookupRefusal: RelayAnswer | null;
/** What POST /api/stop-list answers instead of adding, when set. */
let addRefusal: RelayAnswer | null;
let relay: ReturnType<typeof standInRelay>;

const sentMessage = (body: Record<string, unknown>): MessageView => ({
  id: `msg_${relay.seen.length}`,
  contact: { crmId: 'demo:127.0.0.1:1', name: 'Иван Петров' },
  phone: DIGITS,
  text: String(body.text),
  parts: 1,
  encoding: 'UCS-2',
  provider: 'sandbox',
  providerMessageId: '1',
  status: 'queued',
  cost: null,
  currency: null,
  error: null,
  mailing: null,
  sentBy: 'agent',
  createdAt: '2026-11-25T09:00:00.000Z',
  updatedAt: '2026-11-25T09:00:00.000Z',
});

/** The relay's answers, as relay/messages/send-message.ts and relay/routes/stop-list.ts give them. */
function answer({ method, path, body = {} }: RelayRequest): RelayAnswer {
  if (method === 'GET' && path === `/api/stop-list/${DIGITS}`) {
    if (lookupRefusal) return lookupRefusal;
    return listed
      ? { status: 200, body: { phone: DIGITS, entry: listed, history: [] } }
      : refusal(404, 'not_found', 'No number on the stop list', 'Номера нет в стоп-листе');
  }
  if (method === 'POST' && path === '/api/stop-list') {
    if (addRefusal) return addRefusal;
    listed = { phone: DIGITS, source: 'agent', addedAt: '2026-11-25T09:30:00.000Z', addedBy: 'agent' };
    return { status: 201, body: listed };
  }
  if (method === 'POST' && path === '/api/messages') {
    if (listed && body.confirmOptedOut !== true) {
      const words = optedOutWords(listed);
      return refusal(
        409,
        'on_stop_list',
        `${words.en}. To send this one message anyway, confirm it a second time ("confirmOptedOut": true)`,
        `${words.ru}. Чтобы всё же отправить это сообщение, подтвердите отправку ещё раз`,
      );
    }
    return { status: 201, body: sentMessage(body) };
  }
  return refusal(404, 'not_found', `No route ${method} ${path}`, 'Нет такого запроса');
}

let root: HTMLElement;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const button = (name: string) => $(name) as HTMLButtonElement;
const sends = () => relay.calls('POST', '/api/messages');
const additions = () => relay.calls('POST', '/api/stop-list');

/** Types as a user does: the dialog has drawn what was typed before the next click. */
function type(name: string, value: string) {
  void act(() => {
    const field = $(name) as HTMLInputElement | HTMLTextAreaElement;
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** The dialog for Петров with a text typed, once its number is checked and looked up on the stop list. */
async function openDialog(language: 'ru' | 'en' = 'ru') {
  render(h(DialogFrame, { language, contact: PETROV, crmId: 'demo:127.0.0.1:1', onClose() {} }), root);
  type('text', 'Ваш заказ готов');
  await vi.waitFor(() => expect(button('send').disabled).toBe(false));
  await vi.waitFor(() => expect(relay.calls('GET', `/api/stop-list/${DIGITS}`)).toHaveLength(1));
}

beforeEach(() => {
  listed = null;
  lookupRefusal = null;
  addRefusal = null;
  relay = standInRelay(answer, { url: 'chrome-extension://test/in-page.html', tab: { id: 7 }, frameId: 3 });
  background.handle = relay.handle;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('sending from the card to a number on the stop list', () => {
  it("shows the relay's words and «Всё равно отправить»; only that click resends, once, with confirmOptedOut", async () => {
    listed = STOP_REPLY;
    await openDialog('ru');
    userClick(button('send'));
    await vi.waitFor(() => expect($('opted-out')).not.toBeNull());
    expect($('opted-out-words')!.textContent).toBe(
      '+7 912 345 67 89 отказался от рассылок: номер в стоп-листе с 24.11.2026 10:00 (UTC), добавлен ответом «СТОП» с этого номера (через sandbox). ' +
        'Чтобы всё же отправить это сообщение, подтвердите отправку ещё раз',
    );
    expect(button('send-anyway').textContent).toBe('Всё равно отправить');
    expect($('notice')).toBeNull();
    expect(sends().map((s) => s.body)).toEqual([{ to: '+79123456789', text: 'Ваш заказ готов', contact: { crmId: 'demo:127.0.0.1:1', name: 'Иван Петров' } }]);

    // «Отправить» again does not repeat it, and a click no user made does not confirm it.
    expect(button('send').disabled).toBe(true);
    userClick(button('send'));
    button('send-anyway').click();

    userClick(button('send-anyway'));
    await vi.waitFor(() => expect($('notice')?.textContent).toContain('Сообщение отправлено'));
    expect(sends().map((s) => s.body?.confirmOptedOut)).toEqual([undefined, true]);
    expect(sends()[1]!.body).toEqual({ to: '+79123456789', text: 'Ваш заказ готов', contact: { crmId: 'demo:127.0.0.1:1', name: 'Иван Петров' }, confirmOptedOut: true });
  });

  it("in English: the relay's English words and “Send anyway”", async () => {
    listed = STOP_REPLY;
    await openDialog('en');
    userClick(button('send'));
    await vi.waitFor(() => expect($('opted-out')).not.toBeNull());
    expect($('opted-out-words')!.textContent).toBe(
      '+7 912 345 67 89 opted out: it has been on the stop list since 2026-11-24 10:00 UTC, added by the reply «СТОП» from the number (via sandbox). ' +
        'To send this one message anyway, confirm it a second time ("confirmOptedOut": true)',
    );
    expect(button('send-anyway').textContent).toBe('Send anyway');
  });

  it('a changed text needs its own confirmation: the question goes, and «Отправить» asks the relay again without it', async () => {
    listed = STOP_REPLY;
    await openDialog('ru');
    userClick(button('send'));
    await vi.waitFor(() => expect($('opted-out')).not.toBeNull());
    type('text', 'Ваш заказ готов, ждём вас');
    await vi.waitFor(() => expect($('opted-out')).toBeNull());
    await vi.waitFor(() => expect(button('send').disabled).toBe(false));
    userClick(button('send'));
    await vi.waitFor(() => expect($('opted-out')).not.toBeNull());
    expect(sends().map((s) => s.body?.confirmOptedOut)).toEqual([undefined, undefined]);
    expect($('notice')).toBeNull();
  });

  it('a number not on the list is sent at the first click, with no second question (control)', async () => {
    await openDialog('ru');
    userClick(button('send'));
    await vi.waitFor(() => expect($('notice')?.textContent).toContain('Сообщение отправлено'));
    expect(sends().map((s) => s.body?.confirmOptedOut)).toEqual([undefined]);
  });
});

describe('«Добавить в стоп-лист» on the card', () => {
  it('adds the selected number on a real click, then says it is listed and disables the button', async () => {
    await openDialog('ru');
    expect(button('add-to-stop-list').textContent).toBe('Добавить в стоп-лист');
    expect(button('add-to-stop-list').disabled).toBe(false);
    // A click no user made adds nothing; the user's adds the number once.
    button('add-to-stop-list').click();
    userClick(button('add-to-stop-list'));
    await vi.waitFor(() => expect($('stop-listed')).not.toBeNull());
    expect(additions().map((s) => s.body)).toEqual([{ phone: '+79123456789' }]);
    expect($('stop-listed')!.textContent).toMatch(/^Номер \+7 912 345 67 89 в стоп-листе с .+: Сотрудник из карточки \(agent\)$/);
    expect(button('add-to-stop-list').disabled).toBe(true);

    // The relay now refuses a send to it until the second confirmation.
    userClick(button('send'));
    await vi.waitFor(() => expect($('opted-out-words')?.textContent).toContain('отказался от рассылок: номер в стоп-листе с 25.11.2026 09:30 (UTC)'));
  });

  it('a number already on the list says so when the dialog opens; another number can be added (control)', async () => {
    listed = STOP_REPLY;
    await openDialog('ru');
    await vi.waitFor(() => expect($('stop-listed')?.textContent).toMatch(/: Ответ «СТОП» \(sandbox\)$/));
    expect(button('add-to-stop-list').disabled).toBe(true);
    type('phone', '+7 916 123-45-67');
    await vi.waitFor(() => expect(relay.calls('GET', '/api/stop-list/79161234567')).toHaveLength(1));
    await vi.waitFor(() => expect(button('add-to-stop-list').disabled).toBe(false));
    expect($('stop-listed')).toBeNull();
  });

  it('a lookup the relay cannot answer says so in its words, rather than passing the number for unlisted', async () => {
    lookupRefusal = refusal(503, 'storage_unwritable', 'The relay cannot read its data', 'Сервер не может прочитать данные');
    await openDialog('ru');
    await vi.waitFor(() => expect($('stop-list-error')?.textContent).toBe('Сервер не может прочитать данные'));
    expect($('stop-listed')).toBeNull();
  });

  it("a refusal shows in the relay's words and leaves the button to try again", async () => {
    addRefusal = refusal(503, 'storage_unwritable', 'The relay cannot write its data; nothing was changed', 'Сервер не может записать данные; ничего не изменено');
    await openDialog('ru');
    userClick(button('add-to-stop-list'));
    await vi.waitFor(() => expect($('stop-list-error')?.textContent).toBe('Сервер не может записать данные; ничего не изменено'));
    expect($('stop-listed')).toBeNull();
    expect(button('add-to-stop-list').disabled).toBe(false);
  });
});
