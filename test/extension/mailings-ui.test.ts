import { h, render, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STANDARD_MACROS } from '../../shared/macros';
import type { MailingCounters, MailingStats, PreflightView } from '../../shared/mailings';
import { countSegments } from '../../shared/segments';
import { analyticsPanel } from './support/analytics-panel';
import { FilterEditor } from '../../extension/ui/components/mailings/FilterEditor';
import { LaunchDialog } from '../../extension/ui/components/mailings/LaunchDialog';
import { MailingForm } from '../../extension/ui/components/mailings/MailingForm';
import { MessageEditor } from '../../extension/ui/components/mailings/MessageEditor';
import type { ContactFilter } from '../../shared/contact-filter';
import type { MailingDraft } from '../../extension/ui/hooks/mailings/useMailingEditor';

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

const $ = <T extends Element = HTMLElement>(name: string) => root.querySelector<T & Element>(`[data-crm-sms="${name}"]`)!;
const $$ = (name: string) => [...root.querySelectorAll(`[data-crm-sms="${name}"]`)];
/** What a user's typing (or choice) does; the test then waits for what it should change. */
function type(element: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string, event = 'input') {
  element.value = value;
  element.dispatchEvent(new Event(event, { bubbles: true }));
}

const counters = (patch: Partial<MailingCounters> = {}): MailingCounters => ({
  total: 4,
  queued: 0,
  sending: 0,
  sent: 0,
  delivered: 3,
  failed: 0,
  unknown: 0,
  held: 0,
  skipped: { do_not_use_sms: 1, no_phone: 0, invalid_phone: 0, duplicate_phone: 0, empty_macro: 0, stop_list: 0, no_consent: 0 },
  ...patch,
});

describe('the message editor and its macro picker (S6)', () => {
  function Editor({ initial }: { initial: string }) {
    const [text, setText] = useState(initial);
    const [open, setOpen] = useState(false);
    const [query, setQuery] = useState('');
    const macros = STANDARD_MACROS.filter((m) => m.label.ru.toLowerCase().includes(query.toLowerCase()) || m.path.includes(query));
    return h(MessageEditor, {
      language: 'ru',
      text,
      segments: countSegments(text),
      error: undefined,
      disabled: false,
      onChange: setText,
      picker: { open, macros, query, loading: false, error: null, onShow: () => setOpen(true), onHide: () => setOpen(false), onQuery: setQuery },
    });
  }

  it('the magnifier opens a searchable list; the chosen macro goes in at the caret', async () => {
    mount(h(Editor, { initial: 'Здравствуйте, !' }));
    const area = $<HTMLTextAreaElement>('mailing-text');
    area.setSelectionRange(14, 14);
    $('macro-button').click();
    await vi.waitFor(() => expect($('macro-picker')).not.toBeNull());
    const everyMacro = $$('macro').length;
    type($<HTMLInputElement>('macro-search'), 'Имя');
    await vi.waitFor(() => expect($$('macro').length).toBeLessThan(everyMacro));
    const shown = $$('macro').map((b) => b.getAttribute('data-path'));
    expect(shown).toContain('contact.firstName');
    expect(shown).not.toContain('account.name');
    ($$('macro').find((b) => b.getAttribute('data-path') === 'contact.firstName') as HTMLElement).click();
    await vi.waitFor(() => expect($('macro-picker')).toBeNull());
    expect($<HTMLTextAreaElement>('mailing-text').value).toBe('Здравствуйте, {{contact.firstName}}!');
  });

  it('a selection is replaced by the macro, and the counter follows the text', async () => {
    mount(h(Editor, { initial: 'Hello NAME' }));
    $<HTMLTextAreaElement>('mailing-text').setSelectionRange(6, 10);
    $('macro-button').click();
    await vi.waitFor(() => expect($$('macro').some((b) => b.getAttribute('data-path') === 'contact.name')).toBe(true));
    ($$('macro').find((b) => b.getAttribute('data-path') === 'contact.name') as HTMLElement).click();
    await vi.waitFor(() => expect($<HTMLTextAreaElement>('mailing-text').value).toBe('Hello {{contact.name}}'));
    expect($('counter').textContent).toContain('GSM-7');
  });
});

describe('the mailing card form (S4, S5)', () => {
  const draft = (patch: Partial<MailingDraft> = {}): MailingDraft => ({
    name: 'Акция',
    responsible: 'marketer',
    launchType: 'instant',
    kind: 'service',
    startAt: '',
    text: '',
    ...patch,
  });
  const form = (d: MailingDraft, extra: Partial<Parameters<typeof MailingForm>[0]> = {}) =>
    mount(
      h(MailingForm, {
        language: 'ru',
        draft: d,
        errors: {},
        error: null,
        editable: 'all',
        saving: false,
        saved: false,
        editor: null,
        onChange: () => {},
        onSave: () => {},
        onCheck: () => {},
        ...extra,
      }),
    );

  it('«Мгновенный» locks «Дата начала»; «Отложенный» makes it editable and required', () => {
    form(draft());
    expect($<HTMLInputElement>('mailing-start-at').disabled).toBe(true);
    expect($<HTMLSelectElement>('mailing-launch-type').selectedOptions[0]!.textContent).toBe('Мгновенный');
    form(draft({ launchType: 'deferred' }));
    expect($<HTMLInputElement>('mailing-start-at').disabled).toBe(false);
    expect($<HTMLInputElement>('mailing-start-at').required).toBe(true);
  });

  it('shows a field error from the relay next to its field, in Russian', () => {
    form(draft({ launchType: 'deferred' }), {
      errors: {
        startAt: { code: 'invalid_request', message: 'Field "startAt": must be in the future', messageRu: 'Дата начала должна быть в будущем', field: 'startAt' },
      },
    });
    expect($('error-startAt').textContent).toBe('Дата начала должна быть в будущем');
    expect($('mailing-start-at').getAttribute('aria-invalid')).toBe('true');
  });

  it("the labels are the manual's", () => {
    form(draft());
    const labels = [...root.querySelectorAll('label')].map((l) => l.firstChild?.textContent);
    expect(labels).toEqual(['Название', 'Ответственный', 'Тип запуска', 'Тип рассылки', 'Дата начала']);
    expect($('mailing-check').textContent).toBe('Проверить');
  });
});

describe('the dynamic group rules (S8)', () => {
  function Editor({ onFilter }: { onFilter(f: ContactFilter): void }) {
    const [filter, setFilter] = useState<ContactFilter>({ combinator: 'and', rules: [{ field: 'account', op: 'eq', value: '' }] });
    return h(FilterEditor, {
      language: 'ru',
      filter,
      onChange: (f) => {
        setFilter(f);
        onFilter(f);
      },
    });
  }

  it('field / operator / value; a yes-no field offers only да / нет and no value', async () => {
    let last: ContactFilter | null = null;
    mount(h(Editor, { onFilter: (f) => (last = f) }));
    type($<HTMLInputElement>('rule-value'), 'Ромашка');
    await vi.waitFor(() => expect(last).toEqual({ combinator: 'and', rules: [{ field: 'account', op: 'eq', value: 'Ромашка' }] }));
    $('filter-add-rule').click();
    await vi.waitFor(() => expect($$('rule-field')).toHaveLength(2));
    const fields = $$('rule-field') as HTMLSelectElement[];
    type(fields[1]!, 'doNotUseSms', 'change');
    await vi.waitFor(() => expect([...($$('rule-op') as HTMLSelectElement[])[1]!.options].map((o) => o.textContent)).toEqual(['да', 'нет']));
    const ops = ($$('rule-op') as HTMLSelectElement[])[1]!;
    expect([...ops.options].map((o) => o.textContent)).toEqual(['да', 'нет']);
    type(ops, 'is_false', 'change');
    await vi.waitFor(() => expect(last!.rules[1]).toEqual({ field: 'doNotUseSms', op: 'is_false' }));
    await vi.waitFor(() => expect($$('rule-value')).toHaveLength(1));
    type($<HTMLSelectElement>('filter-combinator'), 'or', 'change');
    await vi.waitFor(() => expect(last!.combinator).toBe('or'));
  });
});

describe('launch confirmation (S9)', () => {
  const preflight = (patch: Partial<PreflightView> = {}): PreflightView => ({
    recipients: 3,
    skipped: { do_not_use_sms: 1, no_phone: 1, invalid_phone: 0, duplicate_phone: 0, empty_macro: 0, stop_list: 0, no_consent: 0 },
    totalParts: 4,
    estimatedCost: null,
    currency: null,
    balance: null,
    shortfall: null,
    budgetCap: null,
    problems: [],
    emptyMacros: { recipients: 0, macros: [], examples: [] },
    lengths: null,
    ...patch,
  });

  it('shows recipients, skipped by reason, parts, «неизвестна» cost, and the problems in words', () => {
    mount(
      h(LaunchDialog, {
        language: 'ru',
        state: {
          step: 'confirm',
          preflight: preflight({ problems: [{ code: 'over_balance', message: 'Over the balance', messageRu: 'Стоимость больше баланса' }] }),
          launching: false,
          error: null,
          overBalanceAsked: false,
          skipEmptyMacros: false,
          defaults: {},
          refreshing: false,
        },
        onConfirm: () => {},
        onClose: () => {},
      }),
    );
    expect($('launch-recipients').textContent).toBe('3');
    expect($('launch-parts').textContent).toBe('4');
    expect($('launch-cost').textContent).toBe('неизвестна');
    expect($('launch-balance').textContent).toBe('неизвестен');
    expect($$('skipped-reason').map((e) => e.textContent)).toEqual(['Не использовать SMS1', 'Нет телефона1']);
    expect($('launch-problems').textContent).toContain('Стоимость больше баланса');
  });

  it('«Рассылка запущена» once launched', () => {
    mount(
      h(LaunchDialog, { language: 'ru', state: { step: 'launched', mailing: { status: 'running', startAt: null } as never }, onConfirm: () => {}, onClose: () => {} }),
    );
    expect($('notice').textContent).toContain('Рассылка запущена');
  });
});

describe('analytics (S10)', () => {
  const stats = (patch: Partial<MailingStats> = {}): MailingStats => ({
    status: 'finished',
    counters: counters(),
    totalParts: 3,
    cost: null,
    currency: null,
    progress: 1,
    unknownLookup: false,
    replies: 0,
    optOuts: 0,
    ...patch,
  });
  const panel = (s: MailingStats, status: MailingStats['status'] = s.status, noReplies?: { ru: string; en: string }) => mount(analyticsPanel(s, { status, noReplies }));

  it('chart and table by status, skipped by reason; «Общее количество СМС»; an unknown cost stays empty', () => {
    panel(stats());
    expect($('total-parts').textContent).toBe('3');
    expect($('mailing-cost').textContent).toBe('');
    expect(root.textContent).toContain('Стоимость рассылки (руб.)');
    const bar = $$('chart-bar').find((b) => b.getAttribute('data-key') === 'delivered')!;
    expect(bar.getAttribute('data-count')).toBe('3');
    const skipped = $$('stats-row').find((r) => r.getAttribute('data-key') === 'skipped:do_not_use_sms')!;
    expect(skipped.textContent).toBe('Пропущено: Не использовать SMS1');
    expect($('progress').getAttribute('data-percent')).toBe('100');
  });

  it('the replies and the opt-outs the mailing brought; where the provider passes on no replies, the panel says so', () => {
    panel(stats({ replies: 1234, optOuts: 2 }));
    expect([$('mailing-replies').textContent, $('mailing-opt-outs').textContent]).toEqual(['1\u00a0234', '2']);
    expect(root.textContent).toContain('Ответов');
    expect(root.textContent).toContain('Отписались (СТОП)');
    // The positive control first: a provider that passes replies on shows no such words.
    expect($('mailing-no-replies')).toBeNull();
    panel(stats(), 'finished', { ru: 'SMS.ru не передаёт ответы', en: 'SMS.ru passes on no replies' });
    expect($('mailing-no-replies').textContent).toBe('SMS.ru не передаёт ответы');
    expect($('mailing-replies').textContent).toBe('0');
  });

  it('a known cost is shown; pause while running, retry when something failed', () => {
    panel(stats({ cost: 5.22, currency: 'RUB', status: 'running', progress: 0.5 }));
    expect($('mailing-cost').textContent).toBe('5,22\u00a0₽');
    expect($('pause')).not.toBeNull();
    expect($('retry')).toBeNull();
    panel(stats({ counters: counters({ delivered: 2, failed: 1 }) }));
    expect($('retry').textContent).toBe('Повторить неудачные');
  });
});
