import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MailingCounters, MailingStats, MailingView, UnknownResolution } from '../../shared/mailings';
import type { Language } from '../../extension/i18n/texts';
import type { Envelope } from '../../extension/messaging/protocol';
import { createMailingHandlers } from '../../extension/services/mailing-handlers';
import { createRelayClient } from '../../extension/services/relay-client';
import { AnalyticsRoot } from '../../extension/ui/popup/AnalyticsRoot';
import { userClick } from './user-click';

/**
 * The analytics of a mailing with recipients of unknown fate, from the popup down to the wire: the page
 * asks the background (browser.runtime.sendMessage), whose real handlers and relay client call a
 * stand-in relay (fetch). What a test checks is what reached the relay and what the page shows.
 */
const background = vi.hoisted(() => ({ handle: null as null | ((envelope: Envelope) => Promise<unknown>) }));
vi.mock('wxt/browser', () => ({ browser: { runtime: { sendMessage: (envelope: Envelope) => background.handle!(envelope) } } }));

type Answer = { status: number; body: unknown };
let routes: Map<string, () => Answer>;
/** "METHOD /path" of every request the relay got, in order. */
let relayCalls: string[];

const relay = createRelayClient(async () => ({ relayUrl: 'http://relay.test', token: 'crmsms_test' }));
const handlers: Record<string, (payload: never) => Promise<unknown>> = { ...createMailingHandlers(relay), provider: () => relay.provider() };

const counters = (patch: Partial<MailingCounters> = {}): MailingCounters => ({
  total: 10,
  queued: 0,
  sending: 0,
  sent: 0,
  delivered: 6,
  failed: 1,
  unknown: 3,
  held: 0,
  skipped: { do_not_use_sms: 0, no_phone: 0, invalid_phone: 0, duplicate_phone: 0, empty_macro: 0, stop_list: 0, no_consent: 0 },
  ...patch,
});
const stats = (patch: Partial<MailingStats> = {}): MailingStats => ({
  status: 'finished',
  counters: counters(),
  totalParts: 7,
  cost: null,
  currency: null,
  progress: 1,
  unknownLookup: false,
  replies: 0,
  optOuts: 0,
  ...patch,
});
const mailingView = (patch: Partial<MailingView> = {}): MailingView => ({
  id: 'm1',
  name: 'Весна',
  responsible: 'Анна',
  launchType: 'instant',
  kind: 'service',
  startAt: null,
  text: 'Здравствуйте!',
  audience: { contacts: [], groups: ['g1'] },
  provider: 'smsru',
  status: 'finished',
  statusReason: null,
  counters: counters(),
  createdBy: 'anna',
  createdAt: '2026-03-01T09:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
  launchedAt: '2026-03-01T09:10:00Z',
  finishedAt: '2026-03-01T10:00:00Z',
  ...patch,
});
const ok = (body: unknown) => () => ({ status: 200, body });

/** The stand-in relay's answers for a mailing: its stats (a live object the resolve route may change), the provider. */
function relayWith(current: MailingStats, provider = { id: 'smsru', name: 'SMS.ru' }) {
  routes.set('GET /api/mailings/m1/stats', () => ({ status: 200, body: current }));
  routes.set('GET /api/mailings/m1', ok(mailingView({ status: current.status })));
  routes.set('GET /api/provider', ok({ ...provider, capabilities: {}, notSupportedText: { ru: '', en: '' } }));
  routes.set('POST /api/mailings/m1/retry', () => {
    current.status = 'running';
    return { status: 200, body: mailingView({ status: 'running', finishedAt: null }) };
  });
  return current;
}

/** The provider answers resolve-unknown with `found`; the stats follow, as the relay's would. */
function providerFinds(current: MailingStats, found: UnknownResolution) {
  routes.set('POST /api/mailings/m1/resolve-unknown', () => {
    current.counters = { ...current.counters, sent: current.counters.sent + found.sent, failed: current.counters.failed + found.notSent, unknown: found.unresolved };
    return { status: 200, body: found };
  });
}

let root: HTMLElement;
beforeEach(() => {
  routes = new Map();
  relayCalls = [];
  background.handle = (envelope) => handlers[envelope.crmSms]!(envelope.payload as never);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${new URL(url).pathname}`;
    relayCalls.push(key);
    const answer = routes.get(key)?.() ?? { status: 404, body: { error: { code: 'not_found', message: `No route ${key}` } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  if (root) render(null, root);
  document.body.innerHTML = '';
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function Harness({ initial, language }: { initial: MailingView; language: Language }) {
  const [mailing, setMailing] = useState(initial);
  return h(AnalyticsRoot, { language, mailing, onMailing: setMailing });
}

async function mount(initial: MailingView = mailingView(), language: Language = 'ru') {
  root = document.createElement('div');
  document.body.append(root);
  render(h(Harness, { initial, language }), root);
  await vi.waitFor(() => expect($('stats-table')).not.toBeNull());
}

const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const unknownCount = () => root.querySelector('[data-crm-sms="stats-row"][data-key="unknown"] [data-crm-sms="stats-count"]')?.textContent;
/** A user's click on `name`, then waiting for `done` (an assertion): what the click's round trip ends with. */
async function click(name: string, done: () => void) {
  const button = $(name);
  expect(button, `button ${name}`).not.toBeNull();
  userClick(button!);
  await vi.waitFor(done);
}
const retries = () => relayCalls.filter((c) => c === 'POST /api/mailings/m1/retry').length;
const resolves = () => relayCalls.filter((c) => c === 'POST /api/mailings/m1/resolve-unknown').length;

describe('beside «Неизвестно»: a provider that cannot tell (SMS.ru)', () => {
  it('says so, naming the provider, and offers no «Проверить у оператора»', async () => {
    relayWith(stats({ unknownLookup: false }));
    await mount();
    expect(unknownCount()).toBe('3');
    await vi.waitFor(() =>
      expect($('unknown-no-lookup')?.textContent).toBe('Оператор SMS.ru не сообщает, были ли отправлены эти сообщения: повторная отправка может дойти дважды'),
    );
    expect($('resolve-unknown')).toBeNull();
  });

  it("in English, and without a name when the relay now runs another provider than the mailing's", async () => {
    relayWith(stats({ unknownLookup: false }), { id: 'sandbox', name: 'Sandbox' });
    await mount(mailingView(), 'en');
    await vi.waitFor(() => expect(relayCalls).toContain('GET /api/provider'));
    await vi.waitFor(() => expect($('unknown-no-lookup')?.textContent).toBe('The provider cannot tell whether these were sent: a retry may deliver them twice'));
  });

  it('no note when nothing is unknown', async () => {
    relayWith(stats({ unknownLookup: false, counters: counters({ unknown: 0, delivered: 9 }) }));
    await mount();
    expect($('unknown-note')).toBeNull();
    expect(relayCalls).not.toContain('GET /api/provider');
  });
});

describe('beside «Неизвестно»: a provider that can tell', () => {
  it('«Проверить у оператора» asks the relay through the background, shows what it found and refreshes the counts', async () => {
    const current = relayWith(stats({ unknownLookup: true }));
    providerFinds(current, { sent: 2, notSent: 0, unresolved: 1 });
    await mount();
    expect($('unknown-no-lookup')).toBeNull();
    expect($('resolve-unknown')?.textContent).toBe('Проверить у оператора');
    expect(resolves()).toBe(0);
    await click('resolve-unknown', () => expect(unknownCount()).toBe('1'));
    expect(resolves()).toBe(1);
    expect($('unknown-resolution')?.textContent).toBe('Отправлено: 2, не отправлено: 0, не выяснено: 1');
    expect(relayCalls.at(-1)).toBe('GET /api/mailings/m1/stats');
    expect(unknownCount()).toBe('1');
    expect(retries()).toBe(0);
  });

  it('the result stays once nothing is unknown any more; in English', async () => {
    const current = relayWith(stats({ unknownLookup: true }));
    providerFinds(current, { sent: 1, notSent: 2, unresolved: 0 });
    await mount(mailingView(), 'en');
    expect($('resolve-unknown')?.textContent).toBe('Ask the provider');
    await click('resolve-unknown', () => expect(unknownCount()).toBe('0'));
    expect(unknownCount()).toBe('0');
    expect($('resolve-unknown')).toBeNull();
    expect($('unknown-resolution')?.textContent).toBe('Sent: 1, not sent: 2, still unknown: 0');
  });

  it('a provider that cannot be asked now: its error in words, the counts untouched', async () => {
    relayWith(stats({ unknownLookup: true }));
    routes.set('POST /api/mailings/m1/resolve-unknown', () => ({
      status: 503,
      body: { error: { code: 'provider_unavailable', message: 'The provider is unavailable, try later', messageRu: 'Оператор недоступен, попробуйте позже' } },
    }));
    await mount();
    await click('resolve-unknown', () => expect($('unknown-error')).not.toBeNull());
    expect($('unknown-error')?.textContent).toBe('Оператор недоступен, попробуйте позже');
    expect($('unknown-resolution')).toBeNull();
    expect(unknownCount()).toBe('3');
  });
});

describe('retry with recipients of unknown fate', () => {
  it('asks the provider first, then asks the person how many are still unresolved; nothing is sent until «Отправить повторно»', async () => {
    const current = relayWith(stats({ unknownLookup: true }));
    providerFinds(current, { sent: 1, notSent: 1, unresolved: 1 });
    await mount();
    await click('retry', () => expect($('retry-confirmation')).not.toBeNull());
    expect(resolves()).toBe(1);
    expect($('retry-confirmation')?.textContent).toContain('Получателей с неизвестным статусом: 1. Сообщения могли уйти. Отправить повторно?');
    expect(retries()).toBe(0);

    await click('retry-keep', () => expect($('retry-confirmation')).toBeNull());
    expect($('retry-confirmation')).toBeNull();
    expect(retries()).toBe(0);

    await click('retry', () => expect($('retry-confirmation')).not.toBeNull());
    expect(retries()).toBe(0);
    await click('retry-confirm', () => expect($('mailing-status')?.textContent).toBe('Идёт'));
    expect(retries()).toBe(1);
    expect($('retry-confirmation')).toBeNull();
    expect($('mailing-status')?.textContent).toBe('Идёт');
  });

  it('SMS.ru: nothing to ask, the question names every unknown one; confirmed, it sends', async () => {
    relayWith(stats({ unknownLookup: false }));
    await mount();
    await click('retry', () => expect($('retry-confirmation')).not.toBeNull());
    expect(resolves()).toBe(0);
    expect($('retry-confirmation')?.textContent).toContain('Получателей с неизвестным статусом: 3.');
    expect(retries()).toBe(0);
    await click('retry-confirm', () => expect($('mailing-status')?.textContent).toBe('Идёт'));
    expect(retries()).toBe(1);
  });

  it('the provider settled them all: it retries the failed ones at once, no question', async () => {
    const current = relayWith(stats({ unknownLookup: true }));
    providerFinds(current, { sent: 2, notSent: 1, unresolved: 0 });
    await mount();
    await click('retry', () => expect($('mailing-status')?.textContent).toBe('Идёт'));
    expect(resolves()).toBe(1);
    expect($('retry-confirmation')).toBeNull();
    expect(retries()).toBe(1);
  });

  it('the provider had every one and nothing failed: nothing is re-sent', async () => {
    const current = relayWith(stats({ unknownLookup: true, counters: counters({ failed: 0 }) }));
    providerFinds(current, { sent: 3, notSent: 0, unresolved: 0 });
    await mount();
    await click('retry', () => expect($('unknown-resolution')).not.toBeNull());
    expect(retries()).toBe(0);
    expect($('unknown-resolution')?.textContent).toBe('Отправлено: 3, не отправлено: 0, не выяснено: 0');
    expect($('retry')).toBeNull();
  });

  it('the provider cannot be asked now: its error shows, and all of them count as unresolved', async () => {
    relayWith(stats({ unknownLookup: true }));
    routes.set('POST /api/mailings/m1/resolve-unknown', () => ({
      status: 504,
      body: { error: { code: 'provider_timeout', message: 'The provider did not answer in time', messageRu: 'Оператор не ответил вовремя' } },
    }));
    await mount();
    await click('retry', () => expect($('retry-confirmation')).not.toBeNull());
    expect($('unknown-error')?.textContent).toBe('Оператор не ответил вовремя');
    expect($('retry-confirmation')?.textContent).toContain('Получателей с неизвестным статусом: 3.');
    expect(retries()).toBe(0);
  });

  it('only failed ones, nothing unknown: it retries at once, as before', async () => {
    relayWith(stats({ unknownLookup: true, counters: counters({ unknown: 0, delivered: 9 }) }));
    await mount();
    await click('retry', () => expect($('mailing-status')?.textContent).toBe('Идёт'));
    expect(resolves()).toBe(0);
    expect($('retry-confirmation')).toBeNull();
    expect(retries()).toBe(1);
  });

  it('a click a script makes (untrusted) re-sends nothing: only a user retries', async () => {
    relayWith(stats({ unknownLookup: true, counters: counters({ unknown: 0, delivered: 9 }) }));
    await mount();
    $('retry')!.click();
    $('retry')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(retries()).toBe(0);
    // Positive control on the same button: a user's click retries, and is the only retry the relay got
    // (a script's would have gone the same way, ahead of it).
    await click('retry', () => expect($('mailing-status')?.textContent).toBe('Идёт'));
    expect(retries()).toBe(1);
  });
});

describe('a mailing halted by the relay, and actions it refuses, in words', () => {
  const diskFull = {
    code: 'storage_unwritable',
    message: 'The relay cannot write its data: disk full; sending stopped — resume the mailing once the disk is writable again',
    messageRu: 'Сервер не может записать данные: диск заполнен; отправка остановлена — возобновите рассылку, когда диск снова доступен для записи',
  };

  it('paused for a disk that is full: the reason shows; a resume answered 503 says why, and the next poll does not wipe it out', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const current = relayWith(stats({ status: 'paused', counters: counters({ queued: 40, unknown: 0 }), progress: 0.6 }));
    routes.set('GET /api/mailings/m1', ok(mailingView({ status: 'paused', statusReason: diskFull })));
    routes.set('POST /api/mailings/m1/resume', () => ({
      status: 503,
      body: {
        error: {
          code: 'storage_unwritable',
          message: 'The relay cannot write to its data folder: disk full',
          messageRu: 'Сервер не может записать данные: диск заполнен',
        },
      },
    }));
    await mount(mailingView({ status: 'paused', statusReason: diskFull }));
    expect($('status-reason')?.textContent).toBe(diskFull.messageRu);

    await click('resume', () => expect($('analytics-error')).not.toBeNull());
    expect(relayCalls).toContain('POST /api/mailings/m1/resume');
    expect($('analytics-error')?.textContent).toBe('Сервер не может записать данные: диск заполнен');
    expect($('mailing-status')?.textContent).toBe('Приостановлена');

    const polls = relayCalls.filter((c) => c === 'GET /api/mailings/m1/stats').length;
    // The next poll's answer differs in its progress only, so that the test can see it was drawn.
    current.progress = 0.7;
    vi.advanceTimersByTime(3_000);
    await vi.waitFor(() => expect($('progress')?.getAttribute('data-percent')).toBe('70'));
    expect(relayCalls.filter((c) => c === 'GET /api/mailings/m1/stats').length).toBe(polls + 1);
    expect($('analytics-error')?.textContent).toBe('Сервер не может записать данные: диск заполнен');
  });

  it('a damaged ledger: the resume answered 409 is shown in words (English without a Russian text too)', async () => {
    const corrupt = {
      code: 'ledger_corrupt',
      message: "The mailing's journal is damaged at line 12; it is kept for inspection",
      messageRu: 'Журнал рассылки повреждён (строка 12); файл сохранён для проверки',
    };
    relayWith(stats({ status: 'paused', counters: counters({ unknown: 0 }) }));
    routes.set('POST /api/mailings/m1/resume', () => ({
      status: 409,
      body: { error: { code: 'ledger_corrupt', message: 'The mailing cannot be resumed: its journal is damaged' } },
    }));
    await mount(mailingView({ status: 'paused', statusReason: corrupt }));
    expect($('status-reason')?.textContent).toBe(corrupt.messageRu);
    await click('resume', () => expect($('analytics-error')).not.toBeNull());
    expect($('analytics-error')?.textContent).toBe('The mailing cannot be resumed: its journal is damaged');
  });
});
