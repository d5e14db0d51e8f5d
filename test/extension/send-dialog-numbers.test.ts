import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactRead } from '../../extension/crm/types';
import type { Envelope } from '../../extension/messaging/protocol';
import { checkPhone } from '../../extension/services/phone-service';
import { DialogFrame } from '../../extension/ui/in-page/DialogFrame';
import { knownErrorAnswer } from '../../relay/http/on-error';
import { loadConfig } from '../../relay/config';
import { phoneForSending } from '../../relay/phone-policy';
import { userClick } from './user-click';

/**
 * Numbers outside +7 from the card: the dialog checks a number the way the background does and the
 * relay takes it the way a relay with its default settings does (RU by default; RU, KZ, BY allowed),
 * so what the dialog sends is what the relay reads, and a refusal is the relay's own words.
 */
const relayPhones = (() => {
  const config = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'crmsms-dialog-')) });
  return { defaultCountry: config.defaultCountry, allowedCountries: config.allowedCountries };
})();

const asked = vi.hoisted(() => [] as Envelope[]);
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'test',
      sendMessage: async (envelope: Envelope) => {
        asked.push(envelope);
        const payload = envelope.payload as { input: string; to: string };
        if (envelope.crmSms === 'checkPhone') return { ok: true, value: checkPhone(payload.input, 'RU') };
        if (envelope.crmSms === 'sendMessage' || envelope.crmSms === 'cost') {
          try {
            const phone = phoneForSending(payload.to, relayPhones);
            return envelope.crmSms === 'cost'
              ? { ok: true, value: { cost: 7.5, currency: 'RUB', parts: 1 } }
              : { ok: true, value: { id: 'msg_1', phone: phone.digits, status: 'queued' } };
          } catch (error) {
            const answer = knownErrorAnswer(error);
            if (!answer) throw error;
            const body = answer.body.error;
            return { ok: false, error: { code: body.code, message: body.message, messageRu: body.messageRu } };
          }
        }
        // The card's tools (stop list, consent) ask through relayCall: this stand-in has no such routes.
        if (envelope.crmSms === 'relayCall') return { ok: false, error: { code: 'not_found', message: 'No such route', messageRu: 'Нет такого запроса' } };
        return { ok: true, value: null };
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const contactWith = (number: string | null): ContactRead => ({
  adapter: 'demo',
  recordId: '7',
  fields: { name: 'Алесь Мицкевич' },
  phones: number === null ? [] : [{ number, type: 'mobile', source: 'test' }],
  doNotUseSms: false,
  provenance: {} as ContactRead['provenance'],
  layers: {},
  extra: {},
});

let root: HTMLElement;
const $ = (name: string) => root.querySelector<HTMLElement>(`[data-crm-sms="${name}"]`);
const type = (name: string, value: string) => {
  const field = $(name) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
};
const show = (contact: ContactRead, language: 'ru' | 'en' = 'ru') =>
  render(h(DialogFrame, { language, contact, crmId: `demo:127.0.0.1:${contact.recordId}`, onClose() {} }), root);

/** Types the text, waits for the number's check, clicks «Отправить»; what the dialog asked the relay to send. */
async function sendFromDialog(text: string): Promise<Envelope<'sendMessage'>> {
  type('text', text);
  await vi.waitFor(() => expect(($('send') as HTMLButtonElement).disabled).toBe(false));
  userClick($('send')!);
  await vi.waitFor(() => expect(asked.some((e) => e.crmSms === 'sendMessage')).toBe(true));
  return asked.find((e) => e.crmSms === 'sendMessage') as Envelope<'sendMessage'>;
}

beforeEach(() => {
  asked.length = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the send dialog sends the number with its country code', () => {
  it('a Belarus number from the card: «Будет отправлено на +375 29 123 45 67», sent as +375291234567 and taken', async () => {
    show(contactWith('+375 29 123-45-67'));
    await vi.waitFor(() => expect($('phone-normalised')?.textContent).toBe('Будет отправлено на +375 29 123 45 67'));
    const sent = await sendFromDialog('Добрый день');
    expect(sent.payload.to).toBe('+375291234567');
    await vi.waitFor(() => expect(root.querySelector('[data-crm-sms="notice"]')?.textContent).toContain('Сообщение отправлено'));
    expect($('send-error')).toBeNull();
  });

  it('«Стоимость СМС» asks for the same number and shows the money as Russian writes it: «7,50 ₽»', async () => {
    show(contactWith('+375 29 123-45-67'));
    type('text', 'Добрый день');
    await vi.waitFor(() => expect(($('cost') as HTMLButtonElement).disabled).toBe(false));
    userClick($('cost')!);
    await vi.waitFor(() => expect($('cost-result')?.textContent).toBe('Стоимость: 7,50\u00a0₽, количество СМС: 1'));
    expect((asked.find((e) => e.crmSms === 'cost') as Envelope<'cost'>).payload.to).toBe('+375291234567');
  });

  it('in English the cost reads "Cost: ₽7.50, SMS count: 1"', async () => {
    show(contactWith('+7 912 345-67-89'), 'en');
    type('text', 'Hello');
    await vi.waitFor(() => expect(($('cost') as HTMLButtonElement).disabled).toBe(false));
    userClick($('cost')!);
    await vi.waitFor(() => expect($('cost-result')?.textContent).toBe('Cost: ₽7.50, SMS count: 1'));
  });

  it("a UK number is refused with the relay's reason «Отправка в эту страну запрещена», the text kept", async () => {
    show(contactWith('+44 7400 123456'));
    const sent = await sendFromDialog('Добрый день');
    expect(sent.payload.to).toBe('+447400123456');
    await vi.waitFor(() => expect($('send-error')?.textContent).toBe('Отправка в эту страну запрещена'));
    expect(($('text') as HTMLTextAreaElement).value).toBe('Добрый день');
  });

  it('in English the refusal names the country', async () => {
    show(contactWith('+44 7400 123456'), 'en');
    await sendFromDialog('Hello');
    await vi.waitFor(() => expect($('send-error')?.textContent).toMatch(/United Kingdom \(GB\); allowed countries: RU, KZ, BY/));
  });

  it('a Russian number written the Russian way still goes as +7…', async () => {
    show(contactWith('8 (912) 345-67-89'));
    expect((await sendFromDialog('Привет')).payload.to).toBe('+79123456789');
  });

  it("a Kazakh number typed by hand over the contact's goes as typed", async () => {
    show(contactWith('+7 912 345-67-89'));
    type('phone', '+7 701 123 45 67');
    await vi.waitFor(() => expect($('phone-normalised')?.textContent).toBe('Будет отправлено на +7 701 123 4567'));
    expect((await sendFromDialog('Привет')).payload.to).toBe('+77011234567');
  });
});
