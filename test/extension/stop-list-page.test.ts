import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StopListEntry, StopListSource } from '../../shared/stop-list';
import { stopListCsv } from '../../relay/opt-outs/stop-list-csv';
import type { Envelope } from '../../extension/messaging/protocol';
import { StopListRoot } from '../../extension/ui/popup/StopListRoot';
import { refusal, standInRelay, type RelayAnswer, type RelayRequest } from './support/stand-in-relay';

/**
 * The popup's «Стоп-лист» page, from the page down to the wire: the background's real handlers and
 * relay client call a stand-in relay that keeps a stop list as the relay does (newest first, searched by
 * digits, paged; only an admin takes a number off, with a reason). Checked: what reached the relay, and
 * what the page shows.
 */
const background = vi.hoisted(() => ({ handle: null as null | ((envelope: Envelope) => Promise<unknown>) }));
vi.mock('wxt/browser', () => ({ browser: { runtime: { id: 'test', sendMessage: (envelope: Envelope) => background.handle!(envelope) } } }));

const entry = (phone: string, source: StopListSource, addedAt: string, addedBy: string, reason?: string): StopListEntry => ({
  phone,
  source,
  addedAt,
  addedBy,
  ...(reason ? { reason } : {}),
});

/** The stand-in relay's list, and the role GET /api/me answers. */
let list: StopListEntry[];
let role: string;
/** What DELETE answers instead of removing, when set (a token that lost its admin role since the page opened). */
let removalRefusal: RelayAnswer | null;
let relay: ReturnType<typeof standInRelay>;

function answer({ method, path, query, body = {} }: RelayRequest): RelayAnswer {
  if (method === 'GET' && path === '/api/me') return { status: 200, body: { name: 'olga', role } };
  if (method === 'GET' && path === '/api/stop-list') {
    const q = query.get('q') ?? '';
    const found = list.filter((e) => e.phone.includes(q)).sort((a, b) => b.addedAt.localeCompare(a.addedAt));
    const offset = Number(query.get('offset'));
    return { status: 200, body: { total: found.length, entries: found.slice(offset, offset + Number(query.get('limit'))) } };
  }
  if (method === 'GET' && path === '/api/stop-list.csv') return { status: 200, text: stopListCsv(list, query.get('lang') as 'ru'), type: 'text/csv; charset=utf-8' };
  if (method === 'POST' && path === '/api/stop-list') {
    if (String(body.phone).replace(/\D/g, '') === '123') return refusal(400, 'invalid_request', 'Field "phone": too short', 'Номер слишком короткий');
    const added = entry('79123456789', 'agent', '2026-11-25T09:30:00.000Z', 'olga', body.reason as string | undefined);
    list.push(added);
    return { status: 201, body: added };
  }
  const removing = /^\/api\/stop-list\/(\d+)$/.exec(path);
  if (method === 'DELETE' && removing) {
    if (removalRefusal) return removalRefusal;
    list = list.filter((e) => e.phone !== removing[1]);
    return { status: 200, body: { phone: removing[1], entry: null, history: [] } };
  }
  return refusal(404, 'not_found', `No route ${method} ${path}`, 'Нет такого запроса');
}

let root: HTMLElement;
let downloads: { name: string; blob: Blob }[];
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const $$ = (name: string) => [...root.querySelectorAll<HTMLElement>(`[data-crm-sms="${name}"]`)];
const column = (name: string) => $$(name).map((cell) => cell.textContent);
/** Types as a user does: the page has drawn what was typed before the next click. */
function type(name: string, value: string) {
  void act(() => {
    const field = $(name) as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const lists = () => relay.calls('GET', '/api/stop-list');

async function openPage(language: 'ru' | 'en' = 'ru') {
  render(h(StopListRoot, { language, onBack() {} }), root);
  await vi.waitFor(() => expect($('stop-list') ?? $('stop-list-empty')).not.toBeNull());
  await vi.waitFor(() => expect(relay.calls('GET', '/api/me')).toHaveLength(1));
}

beforeEach(() => {
  list = [
    entry('79123450001', 'reply', '2026-11-20T08:00:00.000Z', 'sandbox'),
    entry('79161112233', 'csv', '2026-11-22T08:00:00.000Z', 'marketer', 'Выгрузка из CRM'),
    entry('77011234567', 'agent', '2026-11-24T08:00:00.000Z', 'anna', 'Просил не писать'),
  ];
  role = 'marketer';
  removalRefusal = null;
  relay = standInRelay(answer, { url: 'chrome-extension://test/popup.html' });
  background.handle = relay.handle;
  downloads = [];
  URL.createObjectURL = (blob: Blob) => (downloads.push({ name: '', blob }), 'blob:test');
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.at(-1)!.name = this.download;
  });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the «Стоп-лист» page', () => {
  it('lists the numbers newest first, each with its source, when, by whom and why', async () => {
    await openPage('ru');
    expect(column('stop-list-phone')).toEqual(['+7 701 123 4567', '+7 916 111 22 33', '+7 912 345 00 01']);
    expect(column('stop-list-source')).toEqual(['Сотрудник из карточки', 'Импорт CSV', 'Ответ «СТОП»']);
    expect(column('stop-list-by')).toEqual(['anna', 'marketer', 'sandbox']);
    expect(column('stop-list-reason')).toEqual(['Просил не писать', 'Выгрузка из CRM', '']);
    expect(column('stop-list-at').every((at) => /^\d\d\.\d\d\.2026, \d\d:\d\d$/.test(at ?? ''))).toBe(true);
    expect([...lists()[0]!.query]).toEqual([
      ['offset', '0'],
      ['limit', '50'],
    ]);
  });

  it('shows a page at a time: «1–50 из 120», then the next and the previous', async () => {
    list = Array.from({ length: 120 }, (_, i) => entry(`7912000${String(i).padStart(4, '0')}`, 'reply', new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(), 'sandbox'));
    await openPage('ru');
    expect($('stop-list-range')!.textContent).toBe('1–50 из 120');
    expect(($('stop-list-previous') as HTMLButtonElement).disabled).toBe(true);
    $('stop-list-next')!.click();
    await vi.waitFor(() => expect($('stop-list-range')!.textContent).toBe('51–100 из 120'));
    $('stop-list-next')!.click();
    await vi.waitFor(() => expect($('stop-list-range')!.textContent).toBe('101–120 из 120'));
    expect(($('stop-list-next') as HTMLButtonElement).disabled).toBe(true);
    expect($$('stop-list-row')).toHaveLength(20);
    $('stop-list-previous')!.click();
    await vi.waitFor(() => expect($('stop-list-range')!.textContent).toBe('51–100 из 120'));
    expect(lists().map((l) => l.query.get('offset'))).toEqual(['0', '50', '100', '50']);
  });

  it('searches by the digits typed, whatever the punctuation', async () => {
    await openPage('ru');
    type('stop-list-search', '+7 (916) 111');
    await vi.waitFor(() => expect(column('stop-list-phone')).toEqual(['+7 916 111 22 33']));
    expect(lists().at(-1)!.query.get('q')).toBe('7916111');
    type('stop-list-search', '000000');
    await vi.waitFor(() => expect($('stop-list-empty')?.textContent).toBe('Номеров с такими цифрами в стоп-листе нет'));
  });

  it("exports the list as the relay's CSV, in the UI's language, saved as stop-list.csv", async () => {
    await openPage('ru');
    $('stop-list-csv')!.click();
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    expect(relay.calls('GET', '/api/stop-list.csv').map((c) => c.query.get('lang'))).toEqual(['ru']);
    expect(downloads[0]!.name).toBe('stop-list.csv');
    const text = await downloads[0]!.blob.text();
    expect(text.split('\r\n')[0]).toBe('\ufeffНомер;Цифры номера;Источник;Добавлен (UTC);Кем добавлен;Причина');
    expect(text).toContain('+7 701 123 4567;77011234567;Сотрудник из карточки;24.11.2026 08:00:00;anna;Просил не писать');
  });

  it('adds a number typed in any form, with its reason; the list then shows it first', async () => {
    await openPage('ru');
    type('stop-list-add-phone', '8 912 345-67-89');
    type('stop-list-add-reason', 'Просил по телефону');
    await vi.waitFor(() => expect(($('stop-list-add-button') as HTMLButtonElement).disabled).toBe(false));
    $('stop-list-add-button')!.click();
    await vi.waitFor(() => expect($('stop-list-done')?.textContent).toMatch(/^Номер \+7 912 345 67 89 в стоп-листе с /));
    expect(relay.calls('POST', '/api/stop-list').map((c) => c.body)).toEqual([{ phone: '8 912 345-67-89', reason: 'Просил по телефону' }]);
    await vi.waitFor(() => expect(column('stop-list-phone')[0]).toBe('+7 912 345 67 89'));
    expect(column('stop-list-reason')[0]).toBe('Просил по телефону');
    expect(($('stop-list-add-phone') as HTMLInputElement).value).toBe('');
  });

  it('a number the relay refuses: its words, and the list is as it was', async () => {
    await openPage('ru');
    type('stop-list-add-phone', '123');
    await vi.waitFor(() => expect(($('stop-list-add-button') as HTMLButtonElement).disabled).toBe(false));
    $('stop-list-add-button')!.click();
    await vi.waitFor(() => expect($('stop-list-edit-error')?.textContent).toBe('Номер слишком короткий'));
    expect($$('stop-list-row')).toHaveLength(3);
  });
});

describe('taking a number off the stop list', () => {
  it('is not offered to a token that is not an admin (the page says who can, once the relay has said who the token is)', async () => {
    await openPage('ru');
    // The hint shows only after GET /api/me answered: from then on the page knows the role.
    await vi.waitFor(() => expect($('stop-list-admin-only')?.textContent).toBe('Убрать номер из стоп-листа может только администратор'));
    expect($$('stop-list-row')).toHaveLength(3);
    expect($$('stop-list-remove')).toHaveLength(0);
    // Asked of the relay alone: no provider is called to learn the role.
    expect(relay.calls('POST', '/api/provider/check')).toHaveLength(0);
  });

  it("is an admin's, with a reason: none given, nothing is sent; given, the number goes", async () => {
    role = 'admin';
    await openPage('ru');
    await vi.waitFor(() => expect($$('stop-list-remove')).toHaveLength(3));
    expect(root.textContent).not.toContain('может только администратор');
    $$('stop-list-remove')[0]!.click();
    await vi.waitFor(() => expect($('stop-list-removal-reason')).not.toBeNull());
    $('stop-list-removal-confirm')!.click();
    await vi.waitFor(() => expect($('stop-list-removal-error')?.textContent).toBe('Укажите причину: она сохранится в истории номера'));
    expect(relay.seen.filter((s) => s.method === 'DELETE')).toHaveLength(0);

    type('stop-list-removal-reason', 'Снова согласился на рассылки');
    $('stop-list-removal-confirm')!.click();
    await vi.waitFor(() => expect($('stop-list-done')?.textContent).toBe('Номер +7 701 123 4567 убран из стоп-листа'));
    expect(relay.seen.filter((s) => s.method === 'DELETE').map((s) => [s.path, s.body])).toEqual([
      ['/api/stop-list/77011234567', { reason: 'Снова согласился на рассылки' }],
    ]);
    await vi.waitFor(() => expect(column('stop-list-phone')).toEqual(['+7 916 111 22 33', '+7 912 345 00 01']));
  });

  it("the relay's refusal (403: the token is no admin's any more) shows in its words and the number stays", async () => {
    role = 'admin';
    removalRefusal = refusal(403, 'forbidden', 'This needs the role "admin" or higher; the token of "olga" has "marketer"', 'Недостаточно прав для этого действия');
    await openPage('ru');
    await vi.waitFor(() => expect($$('stop-list-remove')).toHaveLength(3));
    $$('stop-list-remove')[0]!.click();
    await vi.waitFor(() => expect($('stop-list-removal-reason')).not.toBeNull());
    type('stop-list-removal-reason', 'Ошибка');
    $('stop-list-removal-confirm')!.click();
    await vi.waitFor(() => expect($('stop-list-removal-error')?.textContent).toBe('Недостаточно прав для этого действия'));
    expect($$('stop-list-row')).toHaveLength(3);
  });
});
