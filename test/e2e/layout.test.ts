import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { clickWhenStill, frameWith, sel } from './support/card-ui';
import { configureExtension, E2E_BROWSER, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

/**
 * The mailings page fits the screen from 320 px on: opened as a narrow tab, and in the drawer of a CRM page
 * on a small screen. Nothing may overflow sideways: no element shows more content than its box (scrollWidth
 * over clientWidth) and none reaches past the page's right edge. Each state is also kept as a screenshot in
 * .output/layout-screenshots/ for a person to look at.
 */
const WIDTHS = [320, 400, 1280];
const SCREENSHOTS = fileURLToPath(new URL('../../.output/layout-screenshots/', import.meta.url));

let relay: TestRelay;
let ext: ExtensionBrowser;
const ids = { draft: '', finished: '', dynamicGroup: '', staticGroup: '' };

const host = () => new URL(relay.url).host;
const LONG_NAME = 'Константин Константинопольский-Переяславский';
const LONG_ACCOUNT = 'ООО «Межрегиональная транспортно-экспедиционная компания „Северо-Западный логистический альянс“»';

async function seed(): Promise<void> {
  const contacts = [
    {
      crmId: `demo:${host()}:901`,
      name: LONG_NAME,
      firstName: 'Константин',
      account: LONG_ACCOUNT,
      city: 'Санкт-Петербург',
      phones: [{ number: '+7 912 345-67-01', type: 'mobile' }],
    },
    { crmId: `demo:${host()}:902`, name: 'Анна Ромашкина', firstName: 'Анна', account: 'Ромашка', phones: [{ number: '+7 912 345-67-02', type: 'mobile' }] },
    // A nameless contact shows as its record id: one long word.
    { crmId: `demo:${host()}:9031234567890123456789`, name: '', account: LONG_ACCOUNT, phones: [{ number: '+375 29 123-45-67', type: 'mobile' }] },
    ...Array.from({ length: 6 }, (_, i) => ({
      crmId: `demo:${host()}:91${i}`,
      name: `Покупатель Номер${i} Длиннофамильный`,
      account: 'Ромашка',
      phones: [{ number: `+7 912 345-68-0${i}`, type: 'mobile' }],
    })),
  ];
  for (const { crmId, ...snapshot } of contacts) {
    const put = await relay.call('PUT', `/api/contacts/${encodeURIComponent(crmId)}`, { role: 'marketer', body: snapshot });
    expect(put.status, put.text).toBeLessThan(300);
  }
  const dynamic = await relay.call('POST', '/api/groups', {
    role: 'marketer',
    body: {
      name: 'Постоянные клиенты Ромашки и партнёров из Северо-Западного федерального округа',
      kind: 'dynamic',
      filter: {
        combinator: 'and',
        rules: [
          { field: 'account', op: 'contains', value: 'Ромашка' },
          { field: 'fields.Город доставки заказа', op: 'not_contains', value: 'Петропавловск-Камчатский' },
          {
            combinator: 'or',
            rules: [
              { field: 'hasMobile', op: 'is_true' },
              { field: 'city', op: 'starts_with', value: 'Санкт' },
              { combinator: 'and', rules: [{ field: 'email', op: 'not_empty' }] },
            ],
          },
        ],
      },
    },
  });
  expect(dynamic.status, dynamic.text).toBe(201);
  ids.dynamicGroup = dynamic.body.id;
  const members = contacts.slice(0, 6).map((c) => c.crmId);
  const fixed = await relay.call('POST', '/api/groups', {
    role: 'marketer',
    body: { name: 'Участники выставки «Транспорт и логистика — 2026»', kind: 'static', contacts: members },
  });
  expect(fixed.status, fixed.text).toBe(201);
  ids.staticGroup = fixed.body.id;

  const text = 'Здравствуйте, {{contact.firstName}}! Для вас персональная скидка 15% на всё до конца месяца: https://example.com/aktsiya-dlya-postoyannykh-klientov';
  const draft = await relay.call('POST', '/api/mailings', {
    role: 'marketer',
    body: { name: 'Осенняя_распродажа_для_постоянных_клиентов_СЗФО_2026', launchType: 'instant', text },
  });
  expect(draft.status, draft.text).toBe(201);
  ids.draft = draft.body.id;
  await relay.call('PUT', `/api/mailings/${ids.draft}/audience`, {
    role: 'marketer',
    body: { contacts: contacts.slice(0, 5).map((c) => c.crmId), groups: [ids.dynamicGroup, ids.staticGroup] },
  });

  const finished = await relay.call('POST', '/api/mailings', {
    role: 'marketer',
    body: { name: 'Напоминание о записи на техническое обслуживание автомобиля', launchType: 'instant', text },
  });
  ids.finished = finished.body.id;
  await relay.call('PUT', `/api/mailings/${ids.finished}/audience`, { role: 'marketer', body: { contacts: contacts.slice(0, 4).map((c) => c.crmId) } });
  const launched = await relay.call('POST', `/api/mailings/${ids.finished}/launch`, { role: 'marketer' });
  expect(launched.status, launched.text).toBe(200);
  await vi.waitFor(async () => expect((await relay.call('GET', `/api/mailings/${ids.finished}`, { role: 'marketer' })).body.status).toBe('finished'), {
    timeout: 10_000,
    interval: 50,
  });
  await relay.call('POST', '/api/mailings', {
    role: 'marketer',
    body: { name: 'Отложенная', launchType: 'deferred', startAt: '2030-01-15T09:00:00.000Z', text: 'Скоро' },
  });
}

beforeAll(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '0', SANDBOX_FAIL_RATE: '0' });
  await seed();
  ext = await launchWithExtension();
  expect(await configureExtension(ext, relay.url, relay.tokens.marketer)).toMatch(/Подключение установлено/);
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
});

/**
 * In the page: what shows more than its box sideways (scrollWidth over clientWidth; the innermost such box
 * is named), and what reaches past the page's right edge (the outermost such element is named). Form
 * fields scroll their own text, and a box that clips on purpose (an ellipsis) is left alone — but what it
 * clips must still lie within the page.
 */
function overflowsIn(): string[] {
  const name = (el: Element) => {
    const crm = el.getAttribute('data-crm-sms');
    const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${crm ? `[data-crm-sms="${crm}"]` : ''}${classes}`;
  };
  const path = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.documentElement && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
    return parts.join(' > ');
  };
  const page = document.documentElement.clientWidth;
  const wider = new Map<Element, string>();
  const past = new Map<Element, string>();
  for (const el of [document.documentElement, ...document.body.querySelectorAll('*')]) {
    if (['INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(el.tagName) || el instanceof SVGElement) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none') continue;
    const clips = style.overflowX === 'hidden' || style.overflowX === 'clip';
    // An inline element has no box of its own to overflow (clientWidth 0; Firefox still gives it a scrollWidth).
    const boxed = style.display !== 'inline' && style.display !== 'contents';
    if (boxed && !clips && el.scrollWidth > el.clientWidth + 1) wider.set(el, `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > page + 1) past.set(el, `right edge at ${Math.round(box.right)}, past the page's ${page}`);
  }
  return [
    ...[...wider].filter(([el]) => ![...wider.keys()].some((other) => other !== el && el.contains(other))),
    ...[...past].filter(([el]) => !el.parentElement || !past.has(el.parentElement)),
  ].map(([el, what]) => `${el === document.documentElement ? 'the page' : path(el)}: ${what}`);
}

type Surface = Page | Frame;

const until = async (surface: Surface, what: string, predicate: string) => {
  try {
    await waitInPage(surface, predicate, { polling: 50, timeout: 15_000 });
  } catch (error) {
    const shown = await surface.evaluate(() => document.querySelector('main')?.innerText).catch(() => '?');
    throw new Error(`never: ${what} (${predicate}); the page shows: ${shown}`, { cause: error });
  }
};

/** A predicate: the picker's list shows results, each of them matching `text`. */
const matchesOnly = (name: string, text: string) =>
  `(() => { const found = [...document.querySelectorAll('${sel(name)}')]; return found.length > 0 && found.every((b) => b.textContent.includes('${text}')); })()`;

/** Goes to a place of the mailings page by its address (the page routes by the hash). */
const go = (surface: Surface, hash: string) => surface.evaluate((h) => void (location.hash = h), hash);

/** The states of the mailings page that hold the audience list, the group editor and the registry; `check` runs in each. */
async function walk(surface: Surface, check: (state: string) => Promise<void>): Promise<void> {
  await go(surface, '#/mailings');
  await until(surface, 'the registry lists the mailings', `document.querySelectorAll('${sel('mailing-row')}').length >= 3`);
  await surface.click(sel('check-connection'));
  await until(surface, 'the connection is checked', `document.querySelector('${sel('connection-result')}')?.textContent.length > 0`);
  await check('registry');

  await go(surface, `#/mailings/${encodeURIComponent(ids.draft)}`);
  await until(surface, 'the audience lists its contacts', `document.querySelectorAll('${sel('audience-contact')}').length >= 5`);
  await until(surface, 'the audience lists its groups', `document.querySelectorAll('${sel('group-row')}').length >= 2`);
  await surface.type(`${sel('audience-picker-search')}`, 'Покупатель');
  // The list shows every contact until the debounced search answers: wait for the matches, or the rows below move under a click.
  await until(surface, 'the contact picker shows the matches', matchesOnly('audience-picker-result', 'Покупатель'));
  await check('audience');

  await clickWhenStill(surface, `${sel('group-row')}[data-id="${ids.dynamicGroup}"] button.link`);
  await until(surface, 'the group editor shows the rules', `document.querySelectorAll('${sel('filter-rule')}').length >= 4`);
  await until(surface, 'the live count answers', `document.querySelector('${sel('group-count')}')?.textContent.trim().length > 0`);
  await check('group-editor-dynamic');

  await clickWhenStill(surface, `${sel('group-row')}[data-id="${ids.staticGroup}"] button.link`);
  await until(surface, 'the static group lists its members', `document.querySelectorAll('${sel('group-member')}').length >= 6`);
  await surface.type(`${sel('member-picker-search')}`, 'Покупатель');
  await until(surface, 'the member picker shows the matches', matchesOnly('member-picker-result', 'Покупатель'));
  await check('group-editor-static');

  await go(surface, `#/mailings/${encodeURIComponent(ids.finished)}`);
  await until(surface, 'the analytics show', `document.querySelector('${sel('analytics')}')?.offsetWidth > 0`);
  await check('analytics');
}

describe(`the mailings page fits narrow screens (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  for (const width of WIDTHS) {
    it(`opened as a tab ${width} px wide, nothing overflows sideways`, async () => {
      const page = await ext.openExtensionPage('popup.html');
      await page.setViewport({ width, height: 900 });
      await waitInPage(page, () => document.body.classList.contains('in-tab'), { polling: 50 });
      const found: string[] = [];
      await walk(page, async (state) => {
        found.push(...(await page.evaluate(overflowsIn)).map((line) => `${state}: ${line}`));
        // Not captureBeyondViewport (the default): in Chromium it leaves the page scrolled elsewhere, and later clicks miss.
        await page.screenshot({ path: `${SCREENSHOTS}${E2E_BROWSER}-tab-${width}-${state}.png`, fullPage: true, captureBeyondViewport: false });
      });
      await page.close();
      expect(found.join('\n')).toBe('');
    });
  }

  for (const width of WIDTHS) {
    it(`in the drawer of a CRM page ${width} px wide, nothing overflows sideways`, async () => {
      const crm = await ext.browser.newPage();
      await crm.setViewport({ width, height: 900 });
      await crm.goto(`${relay.url}/demo/#/contacts`);
      await crm.waitForSelector('crm-sms-mailings', { visible: true });
      await crm.click('crm-sms-mailings');
      const drawer = await frameWith(crm, 'mailings');
      const found: string[] = [];
      await walk(drawer, async (state) => {
        found.push(...(await drawer.evaluate(overflowsIn)).map((line) => `${state}: ${line}`));
        await crm.screenshot({ path: `${SCREENSHOTS}${E2E_BROWSER}-drawer-${width}-${state}.png` });
      });
      // The drawer itself is no wider than the CRM page.
      expect(await drawer.evaluate(() => window.innerWidth)).toBeLessThanOrEqual(width);
      await crm.close();
      expect(found.join('\n')).toBe('');
    });
  }
});

describe(`the send dialog over a CRM card (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  for (const width of [320, 1280]) {
    it(`${width} px wide: its backdrop covers the «СМС рассылки» launcher, and nothing in it overflows sideways`, async () => {
      const crm = await ext.browser.newPage();
      await crm.setViewport({ width, height: 800 });
      await crm.goto(`${relay.url}/demo/#/contacts/1`);
      await crm.waitForSelector('crm-sms-mailings', { visible: true });
      const launcher = await crm.$eval('crm-sms-mailings', (el) => {
        const box = el.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      });
      const topmostAtLauncher = () => crm.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName.toLowerCase() ?? null, launcher);
      // Positive control: before the dialog, the launcher is what a click there reaches.
      expect(await topmostAtLauncher()).toBe('crm-sms-mailings');

      await crm.click('crm-sms-button');
      const dialog = await frameWith(crm, 'text');
      await dialog.waitForSelector(sel('text'), { visible: true });
      expect(await topmostAtLauncher()).toBe('crm-sms-dialog');
      const found = await dialog.evaluate(overflowsIn);
      await crm.screenshot({ path: `${SCREENSHOTS}${E2E_BROWSER}-dialog-${width}.png` });
      await crm.close();
      expect(found.join('\n')).toBe('');
    });
  }
});
