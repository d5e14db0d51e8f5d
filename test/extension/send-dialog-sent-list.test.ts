import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/api';
import { checkPhone } from '../../extension/services/phone-service';
import { SentMessagesPanel } from '../../extension/ui/components/SentMessagesPanel';

/**
 * «Переписка» writes a number as the send dialog does (libphonenumber's international format,
 * not the stored digits) and money in the UI language («7,50 ₽»).
 */
const message = (patch: Partial<MessageView>): MessageView => ({
  id: 'msg_1',
  contact: { crmId: 'demo:127.0.0.1:1', name: 'Иван Петров' },
  phone: '79123456789',
  text: 'Добрый день',
  parts: 1,
  encoding: 'UCS-2',
  provider: 'smsru',
  providerMessageId: '1',
  status: 'queued',
  cost: 7.5,
  currency: 'RUB',
  error: null,
  mailing: null,
  sentBy: 'agent',
  createdAt: '2025-03-01T09:00:00.000Z',
  updatedAt: '2025-03-01T09:00:00.000Z',
  ...patch,
});

let root: HTMLElement;
const cells = (name: string) => [...root.querySelectorAll(`[data-crm-sms="${name}"]`)].map((td) => td.textContent);
const show = (messages: MessageView[], language: 'ru' | 'en') =>
  render(
    h(SentMessagesPanel, {
      language,
      entries: messages.map((m) => ({ direction: 'outgoing' as const, at: m.createdAt, message: m })),
      error: null,
      open: true,
      onToggle() {},
      isNew: () => false,
      hasMore: false,
      onShowMore() {},
      onRefresh() {},
      noReplies: null,
    }),
    root,
  );

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the sent list', () => {
  const messages = [
    message({ id: 'a', phone: '79123456789', cost: 7.5, currency: 'RUB' }),
    message({ id: 'b', phone: '375291234567', cost: 1502.5, currency: 'RUB' }),
    message({ id: 'c', phone: '77011234567', cost: 0.0079, currency: 'USD' }),
    message({ id: 'd', phone: '79161234567', cost: null, currency: null }),
  ];

  it('in Russian: «+7 912 345 67 89», «7,50 ₽», «1 502,50 ₽»', () => {
    show(messages, 'ru');
    expect(cells('sent-phone')).toEqual(['+7 912 345 67 89', '+375 29 123 45 67', '+7 701 123 4567', '+7 916 123 45 67']);
    expect(cells('sent-cost')).toEqual(['7,50\u00a0₽', '1\u00a0502,50\u00a0₽', '0,0079\u00a0$', '']);
  });

  it('in English: "+7 912 345 67 89", "₽7.50", "₽1,502.50"', () => {
    show(messages, 'en');
    expect(cells('sent-phone')).toEqual(['+7 912 345 67 89', '+375 29 123 45 67', '+7 701 123 4567', '+7 916 123 45 67']);
    expect(cells('sent-cost')).toEqual(['₽7.50', '₽1,502.50', '$0.0079', '']);
  });

  it("the number reads exactly as the dialog's «Будет отправлено на …» line wrote it", () => {
    const typed = ['+7 912 345-67-89', '+375 29 123-45-67', '8 701 123 45 67', '+44 7400 123456'];
    const checks = typed.map((input) => checkPhone(input, 'RU'));
    show(
      checks.map((check, index) => message({ id: String(index), phone: check.ok ? check.digits : '' })),
      'ru',
    );
    expect(cells('sent-phone')).toEqual(checks.map((check) => (check.ok ? check.international : null)));
  });
});
