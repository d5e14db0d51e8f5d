import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { FakeSmsRu } from '../../fakes/fake-smsru';

/** An element of our UI: each carries data-crm-sms="<name>". */
export const sel = (name: string) => `[data-crm-sms="${name}"]`;
/** The same element inside the shadow roots of the in-page UI (button, dialog, panel, launcher): `>>>` pierces them. */
export const shadow = (name: string) => `>>> ${sel(name)}`;

/**
 * The SMS button and dialog a CRM card gets, as a user meets them in `page()` (a getter: the tests
 * open their page in beforeAll). Elements are waited for by polling, since re-renders inside a
 * shadow root do not mutate the document.
 */
export function cardUi(page: () => Page) {
  const waitFor = (name: string) => page().waitForSelector(shadow(name), { visible: true });

  /** The trimmed text of an element, once it is there and visible. */
  async function textOf(name: string): Promise<string> {
    const handle = await waitFor(name);
    return (await handle!.evaluate((el) => el.textContent ?? '')).trim();
  }

  /** The value of an input or text area. */
  const valueOf = (name: string) => page().$eval(shadow(name), (el) => (el as HTMLInputElement | HTMLTextAreaElement).value);

  return {
    waitFor,
    textOf,
    valueOf,
    /** How many SMS buttons the page has. */
    buttonCount: () => page().$$eval('crm-sms-button', (hosts) => hosts.length),

    /** Opens the dialog from the one SMS button; the contact's name and number as the dialog shows them. */
    async openDialog(): Promise<{ name: string; phone: string }> {
      await page().click(shadow('button'));
      const name = await textOf('contact-name');
      await waitFor('phone');
      return { name, phone: await valueOf('phone') };
    },

    async typeMessage(text: string): Promise<void> {
      await waitFor('text');
      await page().type(shadow('text'), text);
    },

    /**
     * «Отправить»: the dialog says «Сообщение отправлено», and SMS.ru got exactly one request, for this
     * number (as SMS.ru takes it: digits only) and text. Closes the notice.
     */
    async send(fake: FakeSmsRu, expected: { to: string; text: string }): Promise<void> {
      const sendsBefore = fake.calls('sms/send').length;
      await page().click(shadow('send'));
      expect(await textOf('notice')).toContain('Сообщение отправлено');
      const sends = fake.calls('sms/send').slice(sendsBefore);
      expect(sends).toHaveLength(1);
      expect(sends[0]!.form.get('to')).toBe(expected.to);
      expect(sends[0]!.form.get('msg')).toBe(expected.text);
      await page().click(shadow('notice-close'));
    },

    /** The cells of the sent list's first row, once it shows. */
    async sentRow(): Promise<(string | null)[]> {
      await waitFor('sent-row');
      return page().$eval(shadow('sent-row'), (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    },
  };
}
