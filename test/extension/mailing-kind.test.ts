import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { noSkips, type MailingStatus, type MailingView } from '../../shared/mailings';
import type { Envelope } from '../../extension/messaging/protocol';
import { createMailingHandlers } from '../../extension/services/mailing-handlers';
import { createRelayClient } from '../../extension/services/relay-client';
import { MailingForm } from '../../extension/ui/components/mailings/MailingForm';
import { useMailingEditor } from '../../extension/ui/hooks/mailings/useMailingEditor';

/**
 * «Тип рассылки» on the mailing card: «Сервисная» / «Рекламная», saved with the mailing (what reaches the
 * relay is checked), and locked once the mailing is past its draft, as the other draft-only fields are.
 * The form is wired to its hook as the mailing card wires it; the background's real handlers and relay
 * client call a stand-in relay (fetch).
 */
const background = vi.hoisted(() => ({ handle: null as null | ((envelope: Envelope) => Promise<unknown>) }));
vi.mock('wxt/browser', () => ({ browser: { runtime: { sendMessage: (envelope: Envelope) => background.handle!(envelope) } } }));

const handlers: Record<string, (payload: never) => Promise<unknown>> = createMailingHandlers(
  createRelayClient(async () => ({ relayUrl: 'http://relay.test', token: 'crmsms_test' })),
);

const view = (patch: Partial<MailingView> = {}): MailingView => ({
  id: 'm1',
  name: 'Весна',
  responsible: 'Анна',
  launchType: 'instant',
  kind: 'service',
  startAt: null,
  text: 'Здравствуйте!',
  audience: { contacts: [], groups: [] },
  provider: 'sandbox',
  status: 'draft',
  statusReason: null,
  counters: { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, unknown: 0, held: 0, skipped: noSkips() },
  createdBy: 'anna',
  createdAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
  launchedAt: null,
  finishedAt: null,
  ...patch,
});

/** Bodies the stand-in relay got, by "METHOD /path". */
let bodies: { call: string; body: Record<string, unknown> }[];
/** The relay's mailing m1. */
let stored: MailingView;

function answer(call: string, body: Record<string, unknown>): { status: number; body: unknown } {
  if (call === 'POST /api/mailings') return { status: 201, body: (stored = view({ ...body, status: 'draft' })) };
  if (call === 'GET /api/mailings/m1') return { status: 200, body: stored };
  if (call === 'PATCH /api/mailings/m1') return { status: 200, body: (stored = { ...stored, ...body }) };
  return { status: 404, body: { error: { code: 'not_found', message: `No route ${call}`, messageRu: 'Нет такого запроса' } } };
}

function Card({ id }: { id: string | null }) {
  const editor = useMailingEditor(id, 'Анна');
  return h(MailingForm, {
    language: 'ru',
    draft: editor.draft,
    errors: editor.errors,
    error: editor.error,
    editable: editor.editable,
    saving: editor.saving,
    saved: editor.saved,
    editor: null,
    onChange: editor.change,
    onSave: () => void editor.save(),
    onCheck() {},
  });
}

let root: HTMLElement;
const $ = <T extends HTMLElement = HTMLElement>(name: string) => root.querySelector<T>(`[data-crm-sms="${name}"]`)!;
const kind = () => $<HTMLSelectElement>('mailing-kind');
/** A user's typing or choice: the form has drawn it before the next click. */
function choose(element: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string, event = 'input') {
  void act(() => {
    element.value = value;
    element.dispatchEvent(new Event(event, { bubbles: true }));
  });
}
const saved = () => root.querySelector('[data-crm-sms="mailing-saved"]') !== null;

async function openCard(id: string | null) {
  render(h(Card, { id }), root);
  if (id) await vi.waitFor(() => expect($<HTMLInputElement>('mailing-name').value).toBe(stored.name));
}

beforeEach(() => {
  bodies = [];
  stored = view();
  background.handle = (envelope) => handlers[envelope.crmSms]!(envelope.payload as never);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const call = `${init.method ?? 'GET'} ${new URL(url).pathname}`;
    const body = init.body ? JSON.parse(String(init.body)) : {};
    bodies.push({ call, body });
    const { status, body: out } = answer(call, body);
    return new Response(JSON.stringify(out), { status, headers: { 'content-type': 'application/json' } });
  });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('«Тип рассылки»', () => {
  it('offers «Сервисная» (the default) and «Рекламная», and a new mailing is created with the one chosen', async () => {
    await openCard(null);
    expect([...kind().options].map((o) => o.textContent)).toEqual(['Сервисная', 'Рекламная']);
    expect(kind().value).toBe('service');
    expect(root.querySelector('[data-crm-sms="mailing-kind-hint"]')).toBeNull();
    choose($<HTMLInputElement>('mailing-name'), 'Распродажа');
    choose(kind(), 'advertising', 'change');
    await vi.waitFor(() => expect($('mailing-kind-hint').textContent).toContain('только контактам с согласием на рекламу'));
    $('mailing-save').click();
    await vi.waitFor(() => expect(saved()).toBe(true));
    expect(bodies.filter((b) => b.call === 'POST /api/mailings').map((b) => b.body)).toEqual([
      { name: 'Распродажа', responsible: 'Анна', launchType: 'instant', kind: 'advertising', text: '' },
    ]);
  });

  it("a draft's kind is changed and saved with it; reopened, it shows the saved kind", async () => {
    await openCard('m1');
    expect(kind().disabled).toBe(false);
    choose(kind(), 'advertising', 'change');
    $('mailing-save').click();
    await vi.waitFor(() => expect(saved()).toBe(true));
    expect(bodies.find((b) => b.call === 'PATCH /api/mailings/m1')?.body).toMatchObject({ kind: 'advertising' });
    render(null, root);
    await openCard('m1');
    expect(kind().value).toBe('advertising');
  });

  it.each<MailingStatus>(['scheduled', 'running', 'paused', 'finished', 'cancelled'])('is locked once the mailing is %s (a draft is not: see above)', async (status) => {
    stored = view({ status, kind: 'advertising' });
    await openCard('m1');
    expect(kind().disabled).toBe(true);
    expect(kind().value).toBe('advertising');
    // Positive control in the same card: the name, a draft-only field too, is locked the same way.
    expect($<HTMLInputElement>('mailing-name').disabled).toBe(true);
  });

  it("a paused mailing's save sends only its text: the kind cannot change through the form", async () => {
    stored = view({ status: 'paused', kind: 'service' });
    await openCard('m1');
    choose(kind(), 'advertising', 'change');
    $('mailing-save').click();
    await vi.waitFor(() => expect(bodies.some((b) => b.call === 'PATCH /api/mailings/m1')).toBe(true));
    expect(bodies.find((b) => b.call === 'PATCH /api/mailings/m1')!.body).toEqual({ text: 'Здравствуйте!' });
  });
});
