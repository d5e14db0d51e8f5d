import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MailingView, PreflightView } from '../../shared/mailings';
import type { Envelope } from '../../extension/messaging/protocol';
import type { Language } from '../../extension/i18n/texts';
import { LaunchDialog } from '../../extension/ui/components/mailings/LaunchDialog';
import { useLaunch } from '../../extension/ui/hooks/mailings/useLaunch';
import { userClick } from './user-click';

/** What the popup asked the background, and how the background answers (set per test). */
const bus = vi.hoisted(() => ({
  asked: [] as { type: string; payload: Record<string, unknown> }[],
  answer: (_type: string, _payload: Record<string, unknown>): unknown => undefined,
}));
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'test',
      sendMessage: async (envelope: Envelope & { payload: Record<string, unknown> }) => {
        bus.asked.push({ type: envelope.crmSms, payload: envelope.payload });
        return bus.answer(envelope.crmSms, envelope.payload);
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const figures = (patch: Partial<PreflightView> = {}): PreflightView => ({
  recipients: 600,
  totalParts: 601,
  estimatedCost: 1502.5,
  currency: 'RUB',
  balance: 985,
  shortfall: 517.5,
  budgetCap: null,
  skipped: { do_not_use_sms: 0, no_phone: 0, invalid_phone: 0, duplicate_phone: 0, empty_macro: 0, stop_list: 0, no_consent: 0 },
  emptyMacros: { recipients: 0, macros: [], examples: [] },
  lengths: { characters: { min: 33, max: 41 }, parts: { min: 1, max: 1 }, encodings: ['UCS-2'] },
  problems: [{ code: 'over_balance', message: 'The estimated cost is more than the balance', messageRu: 'Оценка стоимости больше баланса' }],
  ...patch,
});
const withinBalance = () => figures({ estimatedCost: 20, shortfall: null, problems: [] });
const ok = (value: unknown) => ({ ok: true, value });
const mailing = { id: 'm1', status: 'draft', text: 'Здравствуйте, {{contact.firstName}}!' } as MailingView;
const launched = { ...mailing, status: 'running' } as MailingView;

let root: HTMLElement;
let replaced: MailingView[] = [];
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const asked = (type: string) => bus.asked.filter((a) => a.type === type);
/** Intl writes «517,50 ₽» with no-break spaces; the tests read it as a person does. */
const text = (name: string) => ($(name)?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** The dialog wired to its hook as the mailing card wires it. */
function Launch({ language }: { language: Language }) {
  const launch = useLaunch(
    async () => mailing,
    (next) => void replaced.push(next),
    language === 'ru' ? 'клиент' : 'customer',
  );
  return h(
    'div',
    null,
    h('button', { 'data-crm-sms': 'launch', onClick: (event: Event) => void launch.open(event) }),
    launch.state.step !== 'closed' &&
      h(LaunchDialog, {
        language,
        state: launch.state,
        onConfirm: (event: Event) => void launch.confirm(event),
        onClose: launch.close,
        onSkipEmptyMacros: (event: Event, skip: boolean) => void launch.setSkipEmptyMacros(event, skip),
        onDefault: launch.setDefault,
        onApplyDefaults: (event: Event) => void launch.applyDefaults(event),
      }),
  );
}

async function openDialog(language: Language = 'ru') {
  render(h(Launch, { language }), root);
  userClick($('launch')!);
  await vi.waitFor(() => expect($('launch-figures')).not.toBeNull());
}

/** A user ticking a box: the browser's trusted change event. */
function userCheck(box: HTMLInputElement, checked: boolean) {
  box.checked = checked;
  const event = new Event('change', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  box.dispatchEvent(event);
}

beforeEach(() => {
  bus.asked.length = 0;
  replaced = [];
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('a launch over the balance', () => {
  it('the first click does not launch: it asks again, naming the shortfall; the second launches, confirmed', async () => {
    bus.answer = (type) => (type === 'preflight' ? ok(figures()) : ok(launched));
    await openDialog();
    expect(text('launch-cost')).toBe('1 502,50 ₽');
    expect(text('launch-balance')).toBe('985,00 ₽');
    expect(text('launch-shortfall')).toBe('517,50 ₽');
    expect(text('over-balance')).toBe('Оценка стоимости 1 502,50 ₽ больше баланса 985,00 ₽: не хватает 517,50 ₽.');
    expect(text('launch-confirm-button')).toBe('Запустить');

    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect($('over-balance-confirm')).not.toBeNull());
    expect(asked('mailingAction')).toEqual([]);
    expect($('over-balance-confirm')?.getAttribute('role')).toBe('alert');
    expect(text('over-balance-confirm')).toContain('не хватает 517,50 ₽');
    expect(text('launch-confirm-button')).toBe('Запустить, хотя не хватает 517,50 ₽');

    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(text('notice')).toContain('Рассылка запущена'));
    expect(asked('mailingAction').map((a) => a.payload)).toEqual([{ id: 'm1', action: 'launch', options: { confirmOverBalance: true } }]);
    expect(text('notice')).toContain('Рассылка запущена');
    expect(replaced).toEqual([launched]);
  });

  it('in English, the same in English money', async () => {
    bus.answer = (type) => (type === 'preflight' ? ok(figures()) : ok(launched));
    await openDialog('en');
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect($('over-balance-confirm')).not.toBeNull());
    expect(text('launch-confirm-button')).toBe('Launch anyway, ₽517.50 short');
    expect(text('over-balance-confirm')).toContain('₽517.50 short');
  });

  it('positive control: within the balance, one click launches, with no options', async () => {
    bus.answer = (type) => (type === 'preflight' ? ok(withinBalance()) : ok(launched));
    await openDialog();
    expect($('launch-shortfall')).toBeNull();
    expect($('over-balance')).toBeNull();
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(text('notice')).toContain('Рассылка запущена'));
    expect(asked('mailingAction').map((a) => a.payload)).toEqual([{ id: 'm1', action: 'launch' }]);
    expect(text('notice')).toContain('Рассылка запущена');
  });

  it("when the balance fell after the figures, the relay's refusal brings the new figures and the question", async () => {
    let preflights = 0;
    const refusal = {
      code: 'over_balance',
      message: 'The estimated cost ₽20.00 is more than the balance ₽5.00: ₽15.00 short',
      messageRu: 'Оценка стоимости 20,00 ₽ больше баланса 5,00 ₽: не хватает 15,00 ₽',
    };
    bus.answer = (type) => {
      if (type === 'preflight') return ok(preflights++ === 0 ? withinBalance() : figures({ estimatedCost: 20, balance: 5, shortfall: 15 }));
      return { ok: false, error: refusal };
    };
    await openDialog();
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(text('launch-error')).not.toBe(''));
    expect(asked('preflight')).toHaveLength(2);
    expect(text('launch-shortfall')).toBe('15,00 ₽');
    expect(text('launch-confirm-button')).toBe('Запустить, хотя не хватает 15,00 ₽');
    expect(text('launch-error')).toContain('не хватает 15,00 ₽');
  });

  it('the launch names the pre-flight shown, so the relay launches what it froze for it', async () => {
    bus.answer = (type) => (type === 'preflight' ? ok({ ...withinBalance(), preflightId: 'pf_0a1b2c' }) : ok(launched));
    await openDialog();
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(text('notice')).toContain('Рассылка запущена'));
    expect(asked('mailingAction').map((a) => a.payload)).toEqual([{ id: 'm1', action: 'launch', options: { preflightId: 'pf_0a1b2c' } }]);
  });

  it("figures that changed since they were shown: the relay's refusal brings the new ones in words, and the next click launches those", async () => {
    let preflights = 0;
    const refusal = {
      code: 'preflight_changed',
      message: 'The figures have changed since the pre-flight (the audience, the contacts, the text or the prices): check the new ones and launch again',
      messageRu: 'С момента проверки данные изменились (аудитория, контакты, текст или цены): проверьте новые цифры и запустите снова',
    };
    let launches = 0;
    bus.answer = (type) => {
      if (type === 'preflight')
        return ok(preflights++ === 0 ? { ...withinBalance(), preflightId: 'pf_01' } : { ...withinBalance(), recipients: 599, preflightId: 'pf_02' });
      return launches++ === 0 ? { ok: false, error: refusal } : ok(launched);
    };
    await openDialog();
    expect(text('launch-recipients')).toContain('600');
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(text('launch-error')).toContain('данные изменились'));
    expect(asked('preflight')).toHaveLength(2);
    expect(text('launch-recipients')).toContain('599');
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(text('notice')).toContain('Рассылка запущена'));
    expect(asked('mailingAction').map((a) => (a.payload.options as { preflightId: string }).preflightId)).toEqual(['pf_01', 'pf_02']);
  });

  it("a script's click neither asks again nor launches", async () => {
    bus.answer = (type) => (type === 'preflight' ? ok(figures()) : ok(launched));
    await openDialog();
    $('launch-confirm-button')!.click();
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect($('over-balance-confirm')).not.toBeNull());
    $('launch-confirm-button')!.click();
    expect(asked('mailingAction')).toEqual([]);
    // Positive control, the same dialog: a user's click here does launch, and only its own launch is asked.
    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(text('notice')).toContain('Рассылка запущена'));
    expect(asked('mailingAction')).toHaveLength(1);
  });
});

describe('recipients with an empty macro', () => {
  const empty = {
    recipients: 2,
    macros: [{ path: 'contact.firstName', recipients: 2 }],
    examples: [
      { contactId: 'demo:1', name: 'Айгуль Нурланова', macros: ['contact.firstName'] },
      { contactId: 'demo:2', name: 'demo:2', macros: ['contact.firstName'] },
    ],
  };
  const withEmpty = () => figures({ recipients: 5, shortfall: null, emptyMacros: empty, problems: [{ code: 'empty_macro', message: 'x', messageRu: 'x' }] });
  const skipping = () => figures({ recipients: 3, shortfall: null, emptyMacros: empty, problems: [], skipped: { ...withEmpty().skipped, empty_macro: 2 } });

  it('are counted and named; «Пропустить их» asks the figures of that launch and launches skipping them', async () => {
    bus.answer = (type, payload) => (type === 'preflight' ? ok(payload.skipEmptyMacros ? skipping() : withEmpty()) : ok(launched));
    await openDialog();
    expect($('empty-macros')?.getAttribute('data-count')).toBe('2');
    expect(text('empty-macros-text')).toBe('Пустой макрос («Имя») в тексте у получателей: 2 — Айгуль Нурланова, demo:2');
    // Shown in the dialog's own words, not twice.
    expect($('launch-problems')).toBeNull();

    userCheck($('skip-empty-macros') as HTMLInputElement, true);
    await vi.waitFor(() => expect(text('launch-recipients')).toBe('3'));
    expect(asked('preflight').map((a) => a.payload)).toEqual([{ id: 'm1' }, { id: 'm1', skipEmptyMacros: true }]);
    expect(text('launch-recipients')).toBe('3');
    expect([...root.querySelectorAll('[data-crm-sms="skipped-reason"]')].map((e) => e.getAttribute('data-reason'))).toEqual(['empty_macro']);

    userClick($('launch-confirm-button')!);
    await vi.waitFor(() => expect(asked('mailingAction')).toHaveLength(1));
    expect(asked('mailingAction').map((a) => a.payload)).toEqual([{ id: 'm1', action: 'launch', options: { skipEmptyMacros: true } }]);
  });

  it('or the template gets a default («клиент» to start with), and the figures are asked again', async () => {
    const withDefault = { ...mailing, text: 'Здравствуйте, {{default contact.firstName "дорогой клиент"}}!' } as MailingView;
    let changed = false;
    bus.answer = (type) => {
      if (type === 'macroDefaults') return ((changed = true), ok(withDefault));
      if (type === 'preflight') return ok(changed ? withinBalance() : withEmpty());
      return ok(launched);
    };
    await openDialog();
    const input = $('empty-macro-default') as HTMLInputElement;
    expect(input.getAttribute('data-path')).toBe('contact.firstName');
    expect(input.value).toBe('клиент');
    input.value = 'дорогой клиент';
    // Nothing on screen changes with the typed default: act() renders it before the click reads it.
    await act(() => void input.dispatchEvent(new Event('input', { bubbles: true })));
    userClick($('apply-defaults')!);
    await vi.waitFor(() => expect($('empty-macros')).toBeNull());
    expect(asked('macroDefaults').map((a) => a.payload)).toEqual([{ id: 'm1', defaults: { 'contact.firstName': 'дорогой клиент' } }]);
    expect(replaced).toEqual([withDefault]);
    expect(asked('preflight')).toHaveLength(2);
    expect($('empty-macros')).toBeNull();
  });

  it('positive control: with none, there is nothing to skip or fill', async () => {
    bus.answer = (type) => (type === 'preflight' ? ok(withinBalance()) : ok(launched));
    await openDialog();
    expect($('empty-macros')).toBeNull();
    expect(text('launch-lengths')).toBe('33–41 симв. · UCS-2 · СМС: 1');
  });
});
