import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsentRecord } from '../../shared/consent';
import type { ContactRead } from '../../extension/crm/types';
import type { Envelope } from '../../extension/messaging/protocol';
import { DialogFrame } from '../../extension/ui/in-page/DialogFrame';
import { refusal, standInRelay, type RelayAnswer, type RelayRequest } from './support/stand-in-relay';
import { userClick } from './user-click';

/**
 * The contact's consent to advertising in the card's dialog: read from the relay when the dialog opens,
 * and recorded by the agent, given or withdrawn, with a comment (source "agent"), on a real click only.
 * The frame's messages go through the background's real handlers to a stand-in relay that keeps the
 * consent history as the relay does (newest first).
 */
const background = vi.hoisted(() => ({ handle: null as null | ((envelope: Envelope) => Promise<unknown>) }));
vi.mock('wxt/browser', () => ({
  browser: { runtime: { id: 'test', sendMessage: (envelope: Envelope) => background.handle!(envelope), onMessage: { addListener() {}, removeListener() {} } } },
}));

const CRM_ID = 'demo:127.0.0.1:1';
const CONSENT_PATH = `/api/contacts/${encodeURIComponent(CRM_ID)}/consent`;
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

/** The stand-in relay's history of the contact's consent, newest first. */
let history: ConsentRecord[];
let saveRefusal: RelayAnswer | null;
let relay: ReturnType<typeof standInRelay>;

function answer({ method, path, body = {} }: RelayRequest): RelayAnswer {
  if (path === CONSENT_PATH && method === 'GET') return { status: 200, body: { current: history[0] ?? null, history } };
  if (path === CONSENT_PATH && method === 'PUT') {
    if (saveRefusal) return saveRefusal;
    history.unshift({
      crmId: CRM_ID,
      granted: Boolean(body.granted),
      source: 'agent',
      ...(body.comment ? { comment: String(body.comment) } : {}),
      at: '2026-11-25T09:30:00.000Z',
      by: 'anna',
    });
    return { status: 201, body: { current: history[0], history } };
  }
  return refusal(404, 'not_found', `No route ${method} ${path}`, 'Нет такого запроса');
}

let root: HTMLElement;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const puts = () => relay.calls('PUT', CONSENT_PATH);

async function openDialog(language: 'ru' | 'en' = 'ru') {
  render(h(DialogFrame, { language, contact: PETROV, crmId: CRM_ID, onClose() {} }), root);
  await vi.waitFor(() => expect($('consent-change')).not.toBeNull());
}

beforeEach(() => {
  history = [];
  saveRefusal = null;
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

describe("the contact's consent to advertising on the card", () => {
  it('none recorded: «нет»; the agent records it given with a comment, on a real click only', async () => {
    await openDialog('ru');
    expect($('consent')!.textContent).toBe('Согласие на рекламу: нет');
    expect($('consent-change')!.textContent).toBe('Записать согласие');
    $('consent-change')!.click();
    await vi.waitFor(() => expect($('consent-comment')).not.toBeNull());
    // Typed as a user types: the dialog has drawn the comment before the next click.
    void act(() => {
      const comment = $('consent-comment') as HTMLInputElement;
      comment.value = 'Подписал анкету в магазине';
      comment.dispatchEvent(new Event('input', { bubbles: true }));
    });

    // A click no user made records nothing; the user's records it once.
    $('consent-save')!.click();
    userClick($('consent-save')!);
    await vi.waitFor(() => expect($('consent')!.dataset.granted).toBe('true'));
    expect(puts().map((p) => p.body)).toEqual([{ granted: true, source: 'agent', comment: 'Подписал анкету в магазине' }]);
    expect($('consent')!.textContent).toMatch(/^Согласие на рекламу: есть, с .+, Менеджер в карточке «Подписал анкету в магазине»$/);
    expect($('consent-change')!.textContent).toBe('Записать отзыв согласия');
    expect($('consent-comment')).toBeNull();
  });

  it('a consent given earlier (a CSV import) shows since when and from where; withdrawn, it says «нет» since now', async () => {
    history = [{ crmId: CRM_ID, granted: true, source: 'csv', at: '2026-11-01T08:00:00.000Z', by: 'marketer' }];
    await openDialog('ru');
    expect($('consent')!.textContent).toMatch(/^Согласие на рекламу: есть, с 01\.11\.2026, \d\d:\d\d, Импорт CSV$/);
    $('consent-change')!.click();
    await vi.waitFor(() => expect($('consent-save')).not.toBeNull());
    expect($('consent-save')!.textContent).toBe('Записать отзыв согласия');
    userClick($('consent-save')!);
    await vi.waitFor(() => expect($('consent')!.dataset.granted).toBe('false'));
    expect(puts().map((p) => p.body)).toEqual([{ granted: false, source: 'agent' }]);
    expect($('consent')!.textContent).toMatch(/^Согласие на рекламу: нет, с 25\.11\.2026, \d\d:\d\d, Менеджер в карточке$/);
  });

  it('in English', async () => {
    history = [{ crmId: CRM_ID, granted: true, source: 'reply', at: '2026-11-01T08:00:00.000Z', by: 'relay' }];
    await openDialog('en');
    expect($('consent')!.textContent).toMatch(/^Consent to advertising: given, since 01\/11\/2026, \d\d:\d\d, SMS reply$/);
    expect($('consent-change')!.textContent).toBe('Record withdrawal');
  });

  it("a refusal shows in the relay's words and the consent shown stays as it was", async () => {
    saveRefusal = refusal(404, 'not_found', 'No contact with crmId "demo:127.0.0.1:1"', 'Контакта нет в справочнике');
    await openDialog('ru');
    $('consent-change')!.click();
    await vi.waitFor(() => expect($('consent-save')).not.toBeNull());
    userClick($('consent-save')!);
    await vi.waitFor(() => expect($('consent-save-error')?.textContent).toBe('Контакта нет в справочнике'));
    expect($('consent')!.textContent).toBe('Согласие на рекламу: нет');
    expect(puts()).toHaveLength(1);
  });
});
