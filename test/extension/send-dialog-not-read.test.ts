import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactRead } from '../../extension/crm/types';
import type { Envelope } from '../../extension/messaging/protocol';
import { DialogFrame } from '../../extension/ui/in-page/DialogFrame';
import { userClick } from './user-click';

/**
 * Never a dead button, in the dialog: a card read without a name or a number still opens a dialog that says
 * what was not read, shows the record id where the name would be, and takes a number typed by hand.
 */
const asked = vi.hoisted(() => [] as Envelope[]);
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'test',
      sendMessage: async (envelope: Envelope) => {
        asked.push(envelope);
        if (envelope.crmSms === 'checkPhone') return { ok: true, value: { ok: true, digits: '79123456789', international: '+7 912 345-67-89', country: 'RU' } };
        if (envelope.crmSms === 'sendMessage') return { ok: true, value: { id: 'msg_1', status: 'queued' } };
        // The card's tools (stop list, consent) ask through relayCall: this stand-in has no such routes.
        if (envelope.crmSms === 'relayCall') return { ok: false, error: { code: 'not_found', message: 'No such route', messageRu: 'Нет такого запроса' } };
        return { ok: true, value: null };
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const read = (overrides: Partial<ContactRead>): ContactRead => ({
  adapter: 'creatio',
  recordId: '9b2f6d1a-3c4e-4f5a-8b7c-0d1e2f3a4b5c',
  fields: {},
  phones: [],
  doNotUseSms: null,
  provenance: {} as ContactRead['provenance'],
  layers: {},
  extra: {},
  ...overrides,
});

let root: HTMLElement;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const type = (name: string, value: string) => {
  const field = $(name) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
};
const show = (contact: ContactRead, language: 'ru' | 'en' = 'ru') =>
  render(h(DialogFrame, { language, contact, crmId: `creatio:crm.example.com:${contact.recordId}`, onClose() {} }), root);

beforeEach(() => {
  asked.length = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the send dialog for a contact read without a name or a number', () => {
  it('says «Не удалось прочитать: имя, телефон», shows the record id, and sends to a number typed by hand', async () => {
    const contact = read({});
    show(contact);
    expect($('not-read')?.textContent).toBe('Не удалось прочитать: имя, телефон');
    expect($('not-read')?.dataset.fields).toBe('name,phones');
    expect($('contact-name')?.textContent).toBe(contact.recordId);
    // The unknown "do not SMS" flag keeps its own line.
    expect($('do-not-use-sms-unknown')).not.toBeNull();

    const phone = $('phone') as HTMLInputElement;
    expect(phone.value).toBe('');
    expect(phone.readOnly || phone.disabled).toBe(false);
    type('phone', '+7 912 345-67-89');
    type('text', 'Здравствуйте');
    await vi.waitFor(() => expect(($('send') as HTMLButtonElement).disabled).toBe(false));
    userClick($('send')!);
    await vi.waitFor(() => expect(asked.some((e) => e.crmSms === 'sendMessage')).toBe(true));
    const sent = asked.find((e) => e.crmSms === 'sendMessage') as Envelope<'sendMessage'>;
    expect(sent.payload).toMatchObject({ to: '+79123456789', text: 'Здравствуйте', contact: { crmId: `creatio:crm.example.com:${contact.recordId}` } });
  });

  it('in English: "Could not read: name, phone"', () => {
    show(read({}), 'en');
    expect($('not-read')?.textContent).toBe('Could not read: name, phone');
  });

  it('names only what is missing; a contact read whole has no such line (positive control)', () => {
    show(read({ phones: [{ number: '+7 912 345-67-89', type: 'mobile', source: 'test' }] }));
    expect($('not-read')?.textContent).toBe('Не удалось прочитать: имя');
    render(null, root);
    show(read({ fields: { name: 'Анна Смирнова' }, phones: [{ number: '+7 912 345-67-89', type: 'mobile', source: 'test' }], doNotUseSms: false }));
    expect($('contact-name')?.textContent).toBe('Анна Смирнова');
    expect($('not-read')).toBeNull();
    expect(($('phone') as HTMLInputElement).value).toBe('+7 912 345-67-89');
  });
});
