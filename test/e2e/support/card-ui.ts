import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { FakeSmsRu } from '../../fakes/fake-smsru';
import { waitInPage } from './wait-in-page';

/** An element of our UI: each carries data-crm-sms="<name>". */
export const sel = (name: string) => `[data-crm-sms="${name}"]`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The extension's in-page frame (its own page inside the CRM page: the send dialog, the sent list or the
 * mailings drawer) that shows an element `name`, once there is one. The page's own scripts cannot see
 * into these frames; the test, like the user, can.
 */
export async function frameWith(page: Page, name: string, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if (
        await frame.$(sel(name)).then(
          (h) => h !== null,
          () => false,
        )
      )
        return frame;
    }
    if (Date.now() > deadline) throw new Error(`no in-page frame shows ${sel(name)} within ${timeout} ms`);
    await sleep(50);
  }
}

/**
 * Clicks `selector` once its box has stayed where it is for five frames, and makes sure the click reached
 * it. A click is aimed at the box puppeteer measured: while an answer still changes the page above it,
 * the press lands on whatever slid under that spot, and the click is lost. A press that demonstrably
 * landed elsewhere (the element's listener never saw it) is aimed again, up to three times; one that
 * reached the element is never repeated, so a button that needs two clicks still fails its test.
 */
export async function clickWhenStill(surface: Page | Frame, selector: string, timeout = 15_000): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await waitInPage(surface, stillFor, { timeout }, selector, 5);
    await surface.evaluate((s: string) => {
      const target = document.querySelector(s)!;
      const marks = globalThis as { __clickReached?: boolean | null };
      marks.__clickReached = null;
      document.addEventListener('click', (event) => (marks.__clickReached = target.contains(event.target as Node)), { capture: true, once: true });
    }, selector);
    await surface.click(selector);
    // undefined: the click replaced the document, so it reached something that navigates.
    const reached = await waitInPage(
      surface,
      () => {
        const mark = (globalThis as { __clickReached?: boolean | null }).__clickReached;
        return mark === null ? null : { mark: mark ?? true };
      },
      { timeout: 2_000 },
    ).catch(() => ({ mark: false }));
    if (reached.mark) return;
    console.warn(`[e2e] click ${attempt} on ${selector} landed elsewhere; aiming again`);
    if (attempt === 3) throw new Error(`three clicks on ${selector} landed elsewhere: the element kept moving`);
  }
}

/** In the page: resolves true once the element's box has kept its place for `frames` animation frames. */
function stillFor(selector: string, frames: number): Promise<boolean> {
  return new Promise((resolve) => {
    let last = '';
    let same = 0;
    const look = () => {
      const el = document.querySelector(selector);
      const box = el?.getBoundingClientRect();
      const where = box ? `${box.x + scrollX},${box.y + scrollY},${box.width},${box.height}` : '';
      same = where !== '' && where === last ? same + 1 : 0;
      last = where;
      if (same >= frames) resolve(true);
      else if (performance.now() - began > 1_500) resolve(false);
      else requestAnimationFrame(look);
    };
    const began = performance.now();
    requestAnimationFrame(look);
  });
}

/**
 * The SMS button and dialog a CRM card gets, as a user meets them in `page()` (a getter: the tests open
 * their page in beforeAll). The button's host is in the page (its shadow root is closed: the test clicks
 * it where it shows, as a user does); the dialog and the sent list are in-page frames.
 */
export function cardUi(page: () => Page) {
  /** An element of the dialog or the sent list, once it is there and visible. */
  async function waitFor(name: string): Promise<ElementHandle<Element>> {
    const frame = await frameWith(page(), name);
    return (await frame.waitForSelector(sel(name), { visible: true }))!;
  }

  /** The trimmed text of an element, once it is there and visible. */
  async function textOf(name: string): Promise<string> {
    const handle = await waitFor(name);
    return (await handle.evaluate((el) => el.textContent ?? '')).trim();
  }

  /** Polls an element's trimmed text until it matches (hooks re-render without navigation). */
  async function waitForText(name: string, expected: string | RegExp, timeout = 15_000): Promise<string> {
    const deadline = Date.now() + timeout;
    let last = '';
    for (;;) {
      last = await textOf(name).catch(() => last);
      if (typeof expected === 'string' ? last === expected : expected.test(last)) return last;
      if (Date.now() > deadline) throw new Error(`${sel(name)} never showed ${String(expected)}; it shows "${last}"`);
      await sleep(50);
    }
  }

  /** The value of an input or text area. */
  const valueOf = async (name: string) => (await waitFor(name)).evaluate((el) => (el as HTMLInputElement | HTMLTextAreaElement).value);

  /** A real click on an element of the dialog or the sent list. */
  const click = async (name: string) => (await waitFor(name)).click();

  return {
    waitFor,
    textOf,
    waitForText,
    valueOf,
    click,
    /** The SMS button's host, once it shows. */
    waitForButton: () => page().waitForSelector('crm-sms-button', { visible: true }),
    /** How many SMS buttons the page has. */
    buttonCount: () => page().$$eval('crm-sms-button', (hosts) => hosts.length),

    /** Opens the dialog from the one SMS button; the contact's name and number as the dialog shows them. */
    async openDialog(): Promise<{ name: string; phone: string }> {
      await page().click('crm-sms-button');
      const name = await textOf('contact-name');
      await waitFor('phone');
      return { name, phone: await valueOf('phone') };
    },

    /** Types into the message text as a user does: a click into the field, then the keys. */
    async typeMessage(text: string): Promise<void> {
      const field = await waitFor('text');
      await field.click();
      await field.type(text);
    },

    /**
     * «Отправить»: the dialog says «Сообщение отправлено», and SMS.ru got exactly one request, for this
     * number (as SMS.ru takes it: digits only) and text. Closes the notice, and with it the dialog.
     */
    async send(fake: FakeSmsRu, expected: { to: string; text: string }): Promise<void> {
      const sendsBefore = fake.calls('sms/send').length;
      await click('send');
      expect(await textOf('notice')).toContain('Сообщение отправлено');
      const sends = fake.calls('sms/send').slice(sendsBefore);
      expect(sends).toHaveLength(1);
      expect(sends[0]!.form.get('to')).toBe(expected.to);
      expect(sends[0]!.form.get('msg')).toBe(expected.text);
      await click('notice-close');
      await page().waitForSelector('crm-sms-dialog', { hidden: true });
    },

    /** Closes the dialog with its ×, as a user does. */
    async closeDialog(): Promise<void> {
      const frame = await frameWith(page(), 'dialog');
      await (await frame.waitForSelector('.crm-sms-dialog-head button', { visible: true }))!.click();
      await page().waitForSelector('crm-sms-dialog', { hidden: true });
    },

    /** The cells of the sent list's first row, once it shows. */
    async sentRow(): Promise<(string | null)[]> {
      const row = await waitFor('sent-row');
      return row.evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    },
  };
}

type DomNode = { nodeType?: number; nodeValue?: string; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };

/**
 * Our element `name` inside a closed shadow root, as DevTools sees it (Chromium only): its attributes and
 * its text, or null when the page has none. The page's own scripts cannot see it; DevTools, like the user, can.
 */
export async function closedShadowElement(page: Page, name: string): Promise<{ attributes: Map<string, string>; text: string } | null> {
  const session = await page.createCDPSession();
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const textOf = (node: DomNode): string => (node.nodeType === 3 ? (node.nodeValue ?? '') : (node.children ?? []).map(textOf).join(''));
    const walk = (node: DomNode): { attributes: Map<string, string>; text: string } | null => {
      const attrs = node.attributes ?? [];
      const pairs = new Map(attrs.flatMap((value, i) => (i % 2 === 0 ? [[value, attrs[i + 1]!] as const] : [])));
      if (pairs.get('data-crm-sms') === name) return { attributes: pairs, text: textOf(node) };
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
        const found = walk(child);
        if (found) return found;
      }
      return null;
    };
    return walk(root);
  } finally {
    await session.detach();
  }
}

/** An attribute of our element `name` inside a closed shadow root (Chromium only; null when it has none). */
export const closedShadowAttribute = async (page: Page, name: string, attribute: string): Promise<string | null> =>
  (await closedShadowElement(page, name))?.attributes.get(attribute) ?? null;
