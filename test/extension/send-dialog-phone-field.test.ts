import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactRead } from '../../extension/crm/types';
import type { Envelope } from '../../extension/messaging/protocol';
import { checkPhone } from '../../extension/services/phone-service';
import { DialogFrame } from '../../extension/ui/in-page/DialogFrame';

/**
 * The number is ONE control: a field that takes any typed number and, as a combobox, offers the
 * contact's numbers — by mouse or by keys (↓ ↑ Enter Escape), with the roles a screen reader needs.
 */
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'test',
      sendMessage: async (envelope: Envelope) => {
        if (envelope.crmSms === 'checkPhone') return { ok: true, value: checkPhone((envelope.payload as { input: string }).input, 'RU') };
        // The card's tools (stop list, consent) ask through relayCall: this stand-in has no such routes.
        if (envelope.crmSms === 'relayCall') return { ok: false, error: { code: 'not_found', message: 'No such route', messageRu: 'Нет такого запроса' } };
        return { ok: true, value: null };
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const PETROV: ContactRead = {
  adapter: 'demo',
  recordId: '1',
  fields: { name: 'Иван Петров' },
  phones: [
    { number: '8 (495) 123-45-67', type: 'work', source: 'test' },
    { number: '+7 912 345-67-89', type: 'mobile', source: 'test' },
  ],
  doNotUseSms: false,
  provenance: {} as ContactRead['provenance'],
  layers: {},
  extra: {},
};

let root: HTMLElement;
let closed: number;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const field = () => $('phone') as HTMLInputElement;
const key = (name: string, init: KeyboardEventInit = {}) => {
  const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init });
  field().dispatchEvent(event);
  return event;
};
const listShown = () => !($('phone-options') as HTMLElement).hidden;
const options = () => [...root.querySelectorAll<HTMLElement>('[data-crm-sms="phone-option"]')];
const highlighted = () => options().find((o) => o.getAttribute('aria-selected') === 'true')?.textContent ?? null;
const show = (contact: ContactRead, language: 'ru' | 'en' = 'ru') =>
  render(h(DialogFrame, { language, contact, crmId: `demo:127.0.0.1:${contact.recordId}`, onClose: () => void closed++ }), root);

beforeEach(() => {
  closed = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the number field of the send dialog', () => {
  it("is one control: no separate select, the mobile number in the field, a combobox over the contact's numbers", () => {
    show(PETROV);
    const dialog = $('dialog')!;
    expect(dialog.querySelectorAll('select')).toHaveLength(0);
    expect(dialog.querySelectorAll('input')).toHaveLength(1);
    expect(field().value).toBe('+7 912 345-67-89');
    expect(field().getAttribute('role')).toBe('combobox');
    expect(field().getAttribute('aria-expanded')).toBe('false');
    const list = $('phone-options')!;
    expect(field().getAttribute('aria-controls')).toBe(list.id);
    expect(list.getAttribute('role')).toBe('listbox');
    expect(list.getAttribute('aria-label')).toBe('Номера контакта');
    expect(root.querySelector(`label[for="${field().id}"]`)?.textContent).toBe('Номер');
    expect(options().map((o) => o.textContent)).toEqual(['+7 912 345-67-89 мобильный', '8 (495) 123-45-67 рабочий']);
    expect(listShown()).toBe(false);
  });

  it('↓ opens the list on the number in the field, ↓ moves, Enter puts the number in the field', async () => {
    show(PETROV);
    expect(key('ArrowDown').defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(listShown()).toBe(true));
    expect(field().getAttribute('aria-expanded')).toBe('true');
    expect(highlighted()).toBe('+7 912 345-67-89 мобильный');
    expect(field().getAttribute('aria-activedescendant')).toBe(options()[0]!.id);

    key('ArrowDown');
    await vi.waitFor(() => expect(highlighted()).toBe('8 (495) 123-45-67 рабочий'));
    expect(field().getAttribute('aria-activedescendant')).toBe(options()[1]!.id);
    key('ArrowDown');
    await vi.waitFor(() => expect(highlighted()).toBe('+7 912 345-67-89 мобильный'));
    key('ArrowUp');
    await vi.waitFor(() => expect(highlighted()).toBe('8 (495) 123-45-67 рабочий'));

    expect(key('Enter').defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(field().value).toBe('8 (495) 123-45-67'));
    expect(listShown()).toBe(false);
    // The landline is checked as any number is: SMS cannot reach it.
    await vi.waitFor(() => expect($('phone-error')?.textContent).toBe('Это не мобильный номер'));
  });

  it('Escape closes the list and keeps the dialog; a second Escape closes the dialog', async () => {
    show(PETROV);
    key('ArrowDown');
    await vi.waitFor(() => expect(listShown()).toBe(true));
    key('Escape');
    await vi.waitFor(() => expect(listShown()).toBe(false));
    expect(closed).toBe(0);
    key('Escape');
    expect(closed).toBe(1);
  });

  it('the ▾ button and a click on an option pick a number, as the keys do', async () => {
    show(PETROV);
    const toggle = $('phone-toggle') as HTMLButtonElement;
    expect(toggle.tabIndex).toBe(-1);
    expect(toggle.getAttribute('aria-label')).toBe('Показать номера контакта');
    toggle.click();
    await vi.waitFor(() => expect(listShown()).toBe(true));
    options()[1]!.click();
    await vi.waitFor(() => expect(field().value).toBe('8 (495) 123-45-67'));
    expect(listShown()).toBe(false);
  });

  it("takes a typed number that is none of the contact's, and typing closes the list", async () => {
    show(PETROV);
    key('ArrowDown');
    await vi.waitFor(() => expect(listShown()).toBe(true));
    field().value = '+7 701 123 45 67';
    field().dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(listShown()).toBe(false));
    await vi.waitFor(() => expect($('phone-normalised')?.textContent).toBe('Будет отправлено на +7 701 123 4567'));
    // Enter with the list closed picks nothing: the typed number stays.
    expect(key('Enter').defaultPrevented).toBe(false);
    expect(field().value).toBe('+7 701 123 45 67');
  });

  it('a contact with no numbers read: an empty editable field, no list, the hint to type one', () => {
    show({ ...PETROV, fields: {}, phones: [] });
    expect(field().value).toBe('');
    expect(field().readOnly || field().disabled).toBe(false);
    expect(field().hasAttribute('role')).toBe(false);
    expect($('phone-options')).toBeNull();
    expect($('phone-toggle')).toBeNull();
    expect(root.textContent).toContain('У контакта нет номера телефона: введите номер');
  });

  it('in English: "The contact\'s numbers", "mobile", "work"', () => {
    show(PETROV, 'en');
    expect($('phone-options')!.getAttribute('aria-label')).toBe("The contact's numbers");
    expect(options().map((o) => o.textContent)).toEqual(['+7 912 345-67-89 mobile', '8 (495) 123-45-67 work']);
  });
});
