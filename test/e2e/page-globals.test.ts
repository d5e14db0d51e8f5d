import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { configureExtension, E2E_BROWSER, enableSite, launchWithExtension, type ExtensionBrowser } from './support/extension-browser';
import { BROWSER_NAME } from './support/find-browser';

const GUID = '5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42';
const fixture = readFileSync(new URL('../fixtures/creatio-classic-contact.html', import.meta.url), 'utf8');
/** The Creatio Classic card as its page scripts leave it: the signed-in user only in Terrasoft.SysValue. */
const PAGE_SCRIPT = `<script>window.Terrasoft = { SysValue: { CURRENT_USER_CONTACT: { value: 'a1', displayValue: 'Смирнова Анна (page global)' } } };</script>`;

let fake: FakeSmsRu;
let relay: TestRelay;
let crmSite: Server;
let crmUrl = '';
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  fake = await startFakeSmsRu();
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url });
  crmSite = createServer((_, response) =>
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture.replace('</head>', `${PAGE_SCRIPT}</head>`)),
  );
  await new Promise<void>((resolve) => crmSite.listen(0, '127.0.0.1', resolve));
  crmUrl = `http://127.0.0.1:${(crmSite.address() as AddressInfo).port}`;
  ext = await launchWithExtension();
  await configureExtension(ext, relay.url, relay.tokens.agent);
  // The CRM is on another port than the relay: the user adds its exact address.
  await enableSite(ext, crmUrl);
  page = await ext.browser.newPage();
});

afterAll(async () => {
  await ext?.close();
  await relay?.dispose();
  await fake?.close();
  await new Promise((resolve) => crmSite?.close(resolve));
});

describe(`page-script globals through the main-world script (${BROWSER_NAME[E2E_BROWSER]})`, () => {
  it("Creatio's signed-in user, known only to page scripts, reaches the contact directory", async () => {
    await page.goto(`${crmUrl}/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/${GUID}`);
    await page.waitForSelector('crm-sms-button', { visible: true });
    const crmId = encodeURIComponent(`creatio:${new URL(crmUrl).host}:${GUID}`);
    const contact = await vi.waitFor(
      async () => {
        const { body } = await relay.call('GET', `/api/contacts/${crmId}`);
        expect(body?.fields?.currentUser).toBeTruthy();
        return body;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(contact.fields.currentUser).toBe('Смирнова Анна (page global)');
  });

  it("the page cannot turn the helper's channel into a send: forged questions and answers send nothing", async () => {
    await page.evaluate(() => {
      const forged = JSON.stringify({ id: 'x', values: { to: '+79120000000', text: 'spam' }, send: true });
      for (let i = 0; i < 20; i++) {
        window.dispatchEvent(new CustomEvent('crm-sms:globals-answer', { detail: forged }));
        window.dispatchEvent(new CustomEvent('crm-sms:globals-question', { detail: JSON.stringify({ id: 'x', paths: ['Terrasoft.SysValue'] }) }));
      }
    });
    // Positive control and barrier, through the same channel after the forgeries: the page's user changes
    // and the card changes, and the new user reaches the directory — the channel was alive and had taken
    // every forged message before this answer.
    await page.evaluate(() => {
      (window as unknown as { Terrasoft: { SysValue: { CURRENT_USER_CONTACT: { displayValue: string } } } }).Terrasoft.SysValue.CURRENT_USER_CONTACT.displayValue =
        'Смирнова Анна (after the forgeries)';
      document.body.append(document.createElement('div'));
    });
    const crmId = encodeURIComponent(`creatio:${new URL(crmUrl).host}:${GUID}`);
    await vi.waitFor(async () => expect((await relay.call('GET', `/api/contacts/${crmId}`)).body?.fields?.currentUser).toBe('Смирнова Анна (after the forgeries)'), {
      timeout: 15_000,
      interval: 100,
    });
    expect(fake.calls('sms/send')).toHaveLength(0);
    expect(await page.$('crm-sms-dialog')).toBeNull();
  });
});
