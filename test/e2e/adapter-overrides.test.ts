import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteOverrideInput } from '../../shared/adapter-overrides';
import { bitrix24Adapter } from '../../extension/crm/adapters/bitrix24';
import { OVERRIDES_STORAGE_PREFIX } from '../../extension/services/site-override-rules';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';
import { cardUi } from './support/card-ui';
import { configureExtension, E2E_BROWSER, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';
import { waitInPage } from './support/wait-in-page';

/**
 * The relay's demo CRM as an installation that changed it, the way real ones do: its «Город» field was
 * renamed (caption and name), and the customer added a field «Город доставки». The bundled demo adapter
 * finds no city there; a site override served by the relay fixes both, without a new extension build.
 */
const DEMO = readFileSync(new URL('../../relay/demo/demo-crm.html', import.meta.url), 'utf8');
const CITY_FIELD = "${field('Город', 'city', contact.city)}";
const CHANGED = DEMO.replace(CITY_FIELD, "${field('Населённый пункт', 'settlement', contact.city)}\n        ${field('Город доставки', 'UsrDeliveryCity', 'Самара')}");

/**
 * The evidence-based Bitrix24 card (test/fixtures/bitrix24-contact-new.html) as a portal page that carries one of
 * the adapter's DOM markers only, the way the real page did; with `?bx`, the page script's `BX` global too.
 */
const BITRIX = readFileSync(new URL('../fixtures/bitrix24-contact-new.html', import.meta.url), 'utf8')
  .replace(/<html([^>]*) class="[^"]*"/, '<html$1')
  .replace(/<(link|script)[^>]*\/bitrix\/[^>]*>(<\/script>)?/g, '')
  .replace(/<body class="[^"]*"/, '<body')
  .replace('id="pagetitle"', 'id="page-title"')
  .replace('class="crm-entity-card-container"', 'class="crm-entity-card"');
const BX_SCRIPT = '<script>window.BX = function BX(node) { return node; }; BX.message = function () { return ""; };</script>';

interface CrmSite {
  origin: string;
  server: Server;
}

async function startChangedDemo(): Promise<CrmSite> {
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/demo/')) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(CHANGED);
    if (request.url?.startsWith('/crm/contact/details/12/')) {
      const page = request.url.includes('?bx') ? BITRIX.replace('</head>', `${BX_SCRIPT}</head>`) : BITRIX;
      return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
const stop = (site: CrmSite | undefined) =>
  new Promise<void>((resolve) => {
    if (!site) return resolve();
    site.server.closeAllConnections();
    site.server.close(() => resolve());
  });

let relay: TestRelay;
let crm: CrmSite;
let counted: CrmSite;
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  expect(CHANGED).not.toBe(DEMO);
  relay = await startTestRelay();
  crm = await startChangedDemo();
  counted = await startChangedDemo();
  ext = await launchWithExtension();
  // An admin's token: the options page shows the relay's health to an admin only.
  expect(await configureExtension(ext, relay.url, relay.tokens.admin)).toMatch(/Подключение установлено/);
  await enableSite(ext, crm.origin);
  await enableSite(ext, counted.origin);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await stop(crm);
  await stop(counted);
  await relay?.dispose();
});

const { openDialog, closeDialog } = cardUi(() => page);

const crmIdOf = (site: CrmSite, id: string) => encodeURIComponent(`demo:${new URL(site.origin).host}:${id}`);

/** A fresh document with the contact card (the content script comes with a document), once the SMS button shows. */
async function openCard(site: CrmSite, id: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${site.origin}/demo/#/contacts/${id}`);
  await page.waitForSelector('crm-sms-button', { visible: true });
}

/** The fields no rule found, as the button's host says once the card was read. */
async function missingOnCard(): Promise<string[]> {
  const found = await waitInPage(page, () => {
    const missing = document.querySelector('crm-sms-button')?.getAttribute('data-crm-sms-missing');
    return typeof missing === 'string' ? { missing } : null;
  });
  const { missing } = found as { missing: string };
  return missing ? missing.split(',') : [];
}

/** The contact as the relay's directory has it, once `ready` says it is as expected. */
async function contactOnRelay(site: CrmSite, id: string, ready: (contact: any) => boolean): Promise<any> {
  let last: any;
  return until(
    `contact ${id} on the relay`,
    async () => {
      last = (await relay.call('GET', `/api/contacts/${crmIdOf(site, id)}`)).body;
      return last?.crmId && ready(last) ? last : null;
    },
    15_000,
    () => JSON.stringify(last),
  );
}

describe(`site overrides served by the relay (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it('change what is read without a rebuild: a renamed field fixed, a custom field added', async () => {
    // Before any override: the bundled rules find no city, and the custom field is not read.
    await openCard(crm, '1');
    expect(await missingOnCard()).toContain('city');
    const before = await contactOnRelay(crm, '1', (c) => c.name === 'Иван Петров');
    expect(before.city ?? undefined).toBeUndefined();
    expect(before.fields['Город доставки']).toBeUndefined();

    const override: SiteOverrideInput = {
      site: crm.origin,
      adapter: 'demo',
      note: 'The city field was renamed; «Город доставки» is our own field',
      fields: { city: [{ css: 'input[data-field="settlement"]', read: 'value' }] },
      extraFields: [{ label: 'Город доставки', rules: [{ css: 'input[data-field="UsrDeliveryCity"]', read: 'value' }] }],
    };
    expect((await relay.call('PUT', '/api/adapters', { role: 'admin', body: override })).status).toBe(201);

    await openCard(crm, '1');
    expect(await missingOnCard()).not.toContain('city');
    const after = await contactOnRelay(crm, '1', (c) => c.fields['Город доставки'] === 'Самара');
    expect(after.city).toBe('Казань');
    expect(after.name).toBe('Иван Петров');
  });

  it('health counts reach the relay, once per card per page load: the admin sees cards and per-field layers', async () => {
    await expect(
      relay.call('PUT', '/api/adapters', {
        role: 'admin',
        body: {
          site: counted.origin,
          adapter: 'demo',
          extraFields: [{ label: 'Город доставки', rules: [{ css: 'input[data-field="UsrDeliveryCity"]', read: 'value' }] }],
        },
      }),
    ).resolves.toMatchObject({ status: 201 });
    // One page load, the SPA going back and forth: cards 1 and 4 read twice each (the dialog reads the card
    // again as it opens), then 5.
    await openCard(counted, '1');
    for (const [hash, name] of [
      ['', 'Иван Петров'],
      ['#/contacts/4', 'Айгуль Нурланова'],
      ['#/contacts/1', 'Иван Петров'],
      ['#/contacts/4', 'Айгуль Нурланова'],
      ['#/contacts/5', "Patrick O'Brien"],
    ] as const) {
      if (hash) await page.evaluate((h) => (location.hash = h), hash);
      await waitInPage(page, (n) => document.querySelector('.demo-card [data-field="name"]')?.textContent === n, {}, name);
      await page.waitForSelector('crm-sms-button', { visible: true });
      expect(await openDialog()).toMatchObject({ name });
      await closeDialog();
    }

    // The options page sends this browser's counts first, then shows the relay's.
    const options = await ext.openExtensionPage('options.html');
    let sites: any[] = [];
    const health = await until(
      'the health of the counted site',
      async () => {
        await options.click('[data-crm-sms="read-health-reload"]').catch(() => undefined);
        sites = (await relay.call('GET', '/api/adapters/health', { role: 'admin' })).body.sites as any[];
        return sites.find((s) => s.site === counted.origin && s.cards >= 3);
      },
      20_000,
      () => JSON.stringify(sites),
    );
    expect(health).toMatchObject({
      adapter: 'demo',
      cards: 3,
      fields: {
        name: { read: { adapter: 3 }, missing: 0 },
        phones: { read: { adapter: 3 }, missing: 0 },
        city: { read: {}, missing: 3 },
        'Город доставки': { read: { override: 3 }, missing: 0 },
      },
    });
    expect(JSON.stringify(health)).not.toMatch(/Иван|Казань|Самара|912/);

    const line = await until(
      'the line on the options page',
      () => options.$eval(`[data-crm-sms="read-health"] [data-site="${counted.origin}"] li[data-field="city"]`, (li) => li.textContent).catch(() => null),
      10_000,
    );
    expect(line).toMatch(/^Demo CRM · город: не найдено на 3 из 3 карточек с \d\d\.\d\d$/);
    await options.close();
  });

  it('page-script globals count as markers: a Bitrix24 card with one DOM marker is recognised by its `BX`', async () => {
    const markersOnPage = () => page.evaluate((selectors) => selectors.filter((s) => document.querySelector(s)).length, bitrix24Adapter.markers!.selectors);
    await page.goto('about:blank');
    await page.goto(`${counted.origin}/crm/contact/details/12/`);
    await page.waitForSelector('.ui-entity-editor-content-block[data-cid]');
    expect(await markersOnPage()).toBe(1);
    expect(
      await page.waitForSelector('crm-sms-button', { timeout: 3_000 }).then(
        () => true,
        () => false,
      ),
    ).toBe(false);

    await page.goto('about:blank');
    await page.goto(`${counted.origin}/crm/contact/details/12/?bx`);
    await page.waitForSelector('crm-sms-button', { visible: true });
    expect(await markersOnPage()).toBe(1);
    const adapter = await waitInPage(page, () => document.querySelector('crm-sms-button')?.getAttribute('data-crm-sms-adapter'));
    expect(adapter).toBe('bitrix24');
  });

  it('with the relay away, the override last served still applies; with none cached, the bundled rules do', async () => {
    await relay.close();
    await openCard(crm, '1');
    expect(await missingOnCard()).not.toContain('city');

    // The same browser without the cached override (the relay still away): the demo adapter's rules only.
    const options = await ext.openExtensionPage('options.html');
    await options.evaluate(async (prefix) => {
      type Local = { storage: { local: { get(k: null): Promise<Record<string, unknown>>; remove(k: string[]): Promise<void> } } };
      const api = ((globalThis as { browser?: Local }).browser ?? (globalThis as unknown as { chrome: Local }).chrome).storage.local;
      await api.remove(Object.keys(await api.get(null)).filter((key) => key.startsWith(prefix)));
    }, OVERRIDES_STORAGE_PREFIX);
    await options.close();
    await openCard(crm, '1');
    expect(await missingOnCard()).toContain('city');
  });
});
