import { h, render, type ComponentChildren } from 'preact';
import type { Language } from '../../extension/i18n/texts';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckView } from '../../shared/api';
import type { MailingCounters, MailingStats, MailingView } from '../../shared/mailings';
import { formatMoney, formatNumber } from '../../extension/i18n/format';
import { MailingList } from '../../extension/ui/components/mailings/MailingList';
import { ServiceChecks } from '../../extension/ui/components/ServiceChecks';
import { analyticsPanel } from './support/analytics-panel';

/** Money and numbers as each UI language writes them (Intl), where the mailings section shows them. */

let root: HTMLElement;
afterEach(() => {
  if (root) render(null, root);
  document.body.innerHTML = '';
});

function mount(node: ComponentChildren): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`)!;
const text = (name: string) => ($(name).textContent ?? '').trim();
// Intl separates groups and currency with no-break spaces: what the user sees is a space.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

const counters = (patch: Partial<MailingCounters> = {}): MailingCounters => ({
  total: 2100,
  queued: 0,
  sending: 0,
  sent: 0,
  delivered: 1502,
  failed: 498,
  unknown: 0,
  held: 0,
  skipped: { do_not_use_sms: 100, no_phone: 0, invalid_phone: 0, duplicate_phone: 0 } as MailingCounters['skipped'],
  ...patch,
});
const stats = (patch: Partial<MailingStats> = {}): MailingStats => ({
  status: 'finished',
  counters: counters(),
  totalParts: 3004,
  cost: 7.5,
  currency: 'RUB',
  progress: 1,
  unknownLookup: true,
  replies: 0,
  optOuts: 0,
  ...patch,
});
const analytics = (s: MailingStats, language: Language) => mount(analyticsPanel(s, { language }));

/** What the user reads, by UI language. */
const SEEN = {
  ru: {
    money: ['7,50 ₽', '1 502,50 ₽', '0,0079 $', '12,00', '1 502'],
    totalParts: '3 004',
    delivered: '1 502',
    costLabel: 'Стоимость рассылки (руб.)',
    balance: 'Баланс: 985,00 ₽',
    connection:
      'Подключение установлено: сервер доступен, токен действителен (пользователь «admin», роль: администратор), оператор «Песочница (ничего не отправляет)»: ключи приняты',
    progress: '1 600 / 2 000',
    reason: 'Недостаточно средств на счёте у оператора',
  },
  en: {
    money: ['₽7.50', '₽1,502.50', '$0.0079', '12.00', '1,502'],
    totalParts: '3,004',
    delivered: '1,502',
    costLabel: 'Mailing cost (RUB)',
    balance: 'Balance: ₽985.00',
    connection: 'Connected: the relay is reachable, the token is valid (user "admin", role: administrator), provider "Sandbox (sends nothing)": credentials accepted',
    progress: '1,600 / 2,000',
    reason: 'Insufficient funds on the provider account',
  },
} as const;

describe.each(['ru', 'en'] as const)('formatting in %s', (LANGUAGE) => {
  const seen = SEEN[LANGUAGE];
  it('format.ts: money and numbers', () => {
    expect(
      [
        formatMoney(7.5, 'RUB', LANGUAGE),
        formatMoney(1502.5, 'RUB', LANGUAGE),
        formatMoney(0.0079, 'USD', LANGUAGE),
        formatMoney(12, null, LANGUAGE),
        formatNumber(1502, LANGUAGE),
      ].map(plain),
    ).toEqual(seen.money);
  });

  it('analytics: the mailing cost with its currency, counts with grouping', () => {
    analytics(stats(), LANGUAGE);
    expect(plain(text('mailing-cost'))).toBe(seen.money[0]);
    expect(plain(text('total-parts'))).toBe(seen.totalParts);
    const delivered = root.querySelector('[data-crm-sms="stats-row"][data-key="delivered"] [data-crm-sms="stats-count"]')!;
    expect(plain(delivered.textContent!)).toBe(seen.delivered);
    const bar = root.querySelector('[data-crm-sms="chart-bar"][data-key="delivered"] .chart-value')!;
    expect(plain(bar.textContent!)).toBe(seen.delivered);
    expect(root.textContent).toContain(seen.costLabel);
  });

  it('analytics: a provider billing in dollars says so, and the label names no roubles', () => {
    analytics(stats({ cost: 0.0079, currency: 'USD' }), LANGUAGE);
    expect(plain(text('mailing-cost'))).toBe(seen.money[2]);
    expect(root.querySelector('dt')?.parentElement?.parentElement?.textContent).not.toMatch(/руб|RUB/);
  });

  it('«Проверка баланса»: the balance as money; the connection check in words, no raw ids', () => {
    const connection = {
      state: 'done',
      value: { relay: 'ok', token: 'ok', user: { name: 'admin', role: 'admin' }, provider: { id: 'sandbox', credentials: 'ok' } } as CheckView,
    } as const;
    mount(
      h(ServiceChecks, {
        language: LANGUAGE,
        connection,
        balance: { state: 'done', value: { balance: 985, currency: 'RUB' } },
        onCheckConnection: () => {},
        onCheckBalance: () => {},
      }),
    );
    expect(plain(text('balance-result'))).toBe(seen.balance);
    expect(text('connection-result')).toBe(seen.connection);
  });

  it('the registry: progress counts with grouping; why a mailing waits, in the row', () => {
    const mailing = {
      id: 'm1',
      name: 'Осень',
      responsible: 'Анна',
      launchType: 'instant',
      kind: 'service',
      startAt: null,
      text: '',
      audience: { contacts: [], groups: [] },
      provider: 'sandbox',
      status: 'paused',
      counters: counters({ queued: 400, delivered: 1100, failed: 500 }),
      statusReason: { code: 'insufficient_funds', message: 'Insufficient funds on the provider account', messageRu: 'Недостаточно средств на счёте у оператора' },
      createdBy: 'admin',
      createdAt: '2026-11-24T10:00:00Z',
      updatedAt: '2026-11-24T10:00:00Z',
      launchedAt: '2026-11-24T10:00:00Z',
      finishedAt: null,
    } as MailingView;
    mount(h(MailingList, { language: LANGUAGE, mailings: [mailing], error: null, onOpen: () => {}, onAdd: () => {} }));
    expect(plain(root.querySelector('[data-crm-sms="mailing-row"]')!.textContent!)).toContain(seen.progress);
    expect(text('mailing-status-reason')).toBe(seen.reason);
  });
});
