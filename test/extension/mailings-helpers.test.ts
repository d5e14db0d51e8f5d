import { describe, expect, it } from 'vitest';
import type { MailingCounters } from '../../shared/mailings';
import type { ContactFilter } from '../../shared/contact-filter';
import { validateDraft, type MailingDraft } from '../../extension/ui/hooks/mailings/useMailingEditor';
import { countRows, progressOf } from '../../extension/ui/mailings/counters';
import { fromLocalInput, toLocalInput } from '../../extension/ui/mailings/datetime';
import { csvFileName } from '../../extension/ui/mailings/download';
import { cleanFilter, isIncomplete, updateAt, withField, withOp } from '../../extension/ui/mailings/filter-model';
import { insertAtCursor } from '../../extension/ui/mailings/insert-at-cursor';

const NOW = Date.parse('2026-11-24T10:00:00Z');
const draft = (patch: Partial<MailingDraft>): MailingDraft => ({
  name: 'Акция',
  responsible: '',
  launchType: 'instant',
  kind: 'service',
  startAt: '',
  text: '',
  ...patch,
});

describe('the mailing form checks (S4, S5)', () => {
  it('a name is required', () => {
    expect(validateDraft(draft({ name: '  ' }), NOW).name?.messageRu).toBe('Заполните поле «Название»');
  });

  it('«Отложенный» needs a start date, in the future; «Мгновенный» needs none', () => {
    expect(validateDraft(draft({ launchType: 'deferred' }), NOW).startAt?.messageRu).toBe('Для отложенного запуска укажите дату начала');
    const past = toLocalInput(new Date(NOW - 60_000).toISOString());
    expect(validateDraft(draft({ launchType: 'deferred', startAt: past }), NOW).startAt?.messageRu).toBe('Дата начала должна быть в будущем');
    const future = toLocalInput(new Date(NOW + 3_600_000).toISOString());
    expect(validateDraft(draft({ launchType: 'deferred', startAt: future }), NOW)).toEqual({});
    expect(validateDraft(draft({ launchType: 'instant', startAt: past }), NOW)).toEqual({});
  });

  it('datetime-local values round-trip through ISO (minutes)', () => {
    const iso = '2026-12-01T07:30:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});

describe('macro insertion', () => {
  it('inserts at the caret, replaces a selection, clamps out-of-range positions', () => {
    expect(insertAtCursor('Hi !', 3, 3, '{{contact.name}}')).toEqual({ text: 'Hi {{contact.name}}!', caret: 19 });
    expect(insertAtCursor('Hi NAME!', 3, 7, 'X')).toEqual({ text: 'Hi X!', caret: 4 });
    expect(insertAtCursor('ab', 10, 20, 'X')).toEqual({ text: 'abX', caret: 3 });
  });
});

describe('group rules', () => {
  const filter: ContactFilter = {
    combinator: 'and',
    rules: [
      { field: 'account', op: 'eq', value: 'Ромашка' },
      {
        combinator: 'or',
        rules: [
          { field: 'city', op: 'eq', value: 'Казань' },
          { field: 'city', op: 'eq', value: 'Москва' },
        ],
      },
    ],
  };

  it('updates and removes nested rules without touching the others', () => {
    const changed = updateAt(filter, [1, 0], () => ({ field: 'city', op: 'contains', value: 'Каз' }));
    expect(changed.rules[1]).toEqual({
      combinator: 'or',
      rules: [
        { field: 'city', op: 'contains', value: 'Каз' },
        { field: 'city', op: 'eq', value: 'Москва' },
      ],
    });
    expect(changed.rules[0]).toBe(filter.rules[0]);
    expect(updateAt(filter, [1], () => null).rules).toHaveLength(1);
  });

  it('a yes-no field takes is_true / is_false and no value; a text field goes back to a value', () => {
    const yesNo = withField({ field: 'account', op: 'contains', value: 'x' }, 'doNotUseSms');
    expect(yesNo).toEqual({ field: 'doNotUseSms', op: 'is_true' });
    expect(withField(yesNo, 'city')).toEqual({ field: 'city', op: 'eq', value: '' });
    expect(withOp({ field: 'city', op: 'eq', value: 'x' }, 'empty')).toEqual({ field: 'city', op: 'empty' });
  });

  it('a rule still waiting for its value (or a custom field for its name) makes the filter incomplete', () => {
    expect(isIncomplete(filter)).toBe(false);
    expect(isIncomplete(updateAt(filter, [1, 1], () => ({ field: 'city', op: 'eq', value: ' ' })))).toBe(true);
    expect(isIncomplete({ combinator: 'and', rules: [{ field: 'fields.', op: 'not_empty' }] })).toBe(true);
    expect(
      isIncomplete({
        combinator: 'and',
        rules: [
          { field: 'email', op: 'empty' },
          { field: 'hasMobile', op: 'is_true' },
        ],
      }),
    ).toBe(false);
  });

  it('the filter sent to the relay has no values on operators that take none', () => {
    expect(cleanFilter({ combinator: 'and', rules: [{ field: 'email', op: 'not_empty', value: 'left over' }] })).toEqual({
      combinator: 'and',
      rules: [{ field: 'email', op: 'not_empty' }],
    });
  });
});

describe('counts and progress (S10)', () => {
  const counters: MailingCounters = {
    total: 5,
    queued: 1,
    sending: 0,
    sent: 1,
    delivered: 1,
    failed: 0,
    unknown: 0,
    held: 0,
    skipped: { do_not_use_sms: 1, no_phone: 1, invalid_phone: 0, duplicate_phone: 0, empty_macro: 0, stop_list: 0, no_consent: 0 },
  };

  it('progress counts the recipients to send, not the skipped ones', () => {
    expect(progressOf(counters)).toEqual({ done: 2, toSend: 3, ratio: 2 / 3 });
  });

  it('rows: every status, then skipped by reason, in words', () => {
    const rows = countRows(counters, 'ru');
    expect(rows.map((r) => r.label)).toEqual([
      'В очереди',
      'Отправляется',
      'Отправлено',
      'Доставлено',
      'Не доставлено',
      'Неизвестно',
      'Пропущено: Не использовать SMS',
      'Пропущено: Нет телефона',
      'Пропущено: Неверный номер',
      'Пропущено: Повтор номера',
      'Пропущено: Пустой макрос',
      'Пропущено: В стоп-листе',
      'Пропущено: Нет согласия на рекламу',
    ]);
    expect(rows.find((r) => r.key === 'skipped:do_not_use_sms')?.count).toBe(1);
  });

  it('a CSV file name from the mailing name', () => {
    expect(csvFileName('Акция «Ромашка» 1/12')).toBe('Акция-Ромашка-1-12.csv');
    expect(csvFileName('«»')).toBe('mailing.csv');
  });
});
