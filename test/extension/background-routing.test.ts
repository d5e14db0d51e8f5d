// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const { fakeBrowser, scripting, permissions } = await vi.hoisted(async () => (await import('./fake-extension-apis')).installFakeBrowser());
// `defineBackground` is one of WXT's auto-imports (a global in the build): it returns the entrypoint's definition.
vi.stubGlobal('defineBackground', (main: () => void) => ({ main }));

const { settingsItem } = await import('../../extension/settings/settings-item');

/**
 * The background entrypoint on WXT's fakeBrowser, below e2e: how runtime messages are routed to the
 * handlers (who may ask what, which origin a content script is judged by), and that the CRM script's
 * registration follows the settings and the permissions.
 */
const RELAY_PATTERN = 'http://127.0.0.1:8787/*';
const fetchSpy = vi.fn(async () => new Response('{}', { status: 500 }));

beforeAll(async () => {
  vi.stubGlobal('fetch', fetchSpy);
  permissions.granted.add(RELAY_PATTERN);
  const background = (await import('../../extension/entrypoints/background')).default as unknown as { main(): void };
  background.main();
  // Started: the CRM script registered for the relay's own origin (its demo CRM), enabled by default.
  await vi.waitFor(async () => expect(await fakeBrowser.scripting.getRegisteredContentScripts()).toHaveLength(2));
});
afterAll(() => vi.unstubAllGlobals());

const extensionPage = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html'), tab: { id: 3 } });
const contentScript = (url: string) => ({ id: fakeBrowser.runtime.id, url, tab: { id: 7, url }, frameId: 0 });

/** What the background answers a message from this sender (undefined: it does not answer). */
async function ask(message: unknown, sender: object): Promise<unknown> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender);
  return answers.find((answer) => answer !== undefined);
}

describe('background message routing (fakeBrowser)', () => {
  it("a content script on the relay's origin is told its site is enabled, in the browser's language", async () => {
    expect(await ask({ crmSms: 'siteConfig', payload: {} }, contentScript('http://127.0.0.1:8787/demo/#/contacts/1'))).toEqual({
      ok: true,
      value: { enabled: true, generic: false, language: 'ru', defaultCountry: 'RU' },
    });
  });

  it('a content script is judged by its own exact origin: another port of the same host is not enabled', async () => {
    const answer = await ask({ crmSms: 'siteConfig', payload: {} }, contentScript('http://127.0.0.1:9999/crm'));
    expect(answer).toMatchObject({ ok: true, value: { enabled: false } });
  });

  it('a content script may find phones in text (it is on its list)', async () => {
    const answer = await ask({ crmSms: 'findPhonesInText', payload: { text: 'Тел.: 8 (912) 345-67-89' } }, contentScript('http://127.0.0.1:8787/demo/'));
    expect(answer).toEqual({ ok: true, value: ['8 (912) 345-67-89'] });
  });

  it("a content script may not send, nor read the relay's data: refused before the relay is asked", async () => {
    for (const [type, payload] of [
      ['sendMessage', { to: '+79123456789', text: 'Hi' }],
      ['listMessages', { crmId: 'demo:h:1' }],
      ['balance', {}],
      ['checkPhone', { input: '89123456789' }],
    ] as const) {
      expect(await ask({ crmSms: type, payload }, contentScript('http://127.0.0.1:8787/demo/'))).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("the extension's own pages may ask what content scripts may not", async () => {
    expect(await ask({ crmSms: 'checkPhone', payload: { input: '8 912 345-67-89' } }, extensionPage())).toMatchObject({
      ok: true,
      value: { ok: true, digits: '79123456789' },
    });
  });

  it('does not answer other extensions, messages that are no request, or requests it does not know', async () => {
    expect(await ask({ crmSms: 'siteConfig', payload: {} }, { ...extensionPage(), id: 'another-extension' })).toBeUndefined();
    expect(await ask({ hello: 'world' }, extensionPage())).toBeUndefined();
    expect(await ask({ crmSms: 'noSuchRequest', payload: {} }, extensionPage())).toBeUndefined();
  });
});

describe('the background keeps the CRM script registered (fakeBrowser)', () => {
  it('a site added in the settings is registered once its permission is granted, and dropped when it is withdrawn', async () => {
    const site = 'https://crm.example.com/*';
    const matches = async () => (await fakeBrowser.scripting.getRegisteredContentScripts({ ids: ['crm-sms-crm'] }))[0]?.matches;
    await settingsItem.setValue({ ...(await settingsItem.getValue()), sites: [{ origin: 'https://crm.example.com', generic: false }] });
    // Positive control for the waits below: the settings change alone re-syncs, and without the permission the site stays out.
    await vi.waitFor(() => expect(scripting.calls.register).toBeGreaterThanOrEqual(1));
    expect(await matches()).toEqual([RELAY_PATTERN]);
    await permissions.grant(site);
    await vi.waitFor(async () => expect(await matches()).toEqual([RELAY_PATTERN, site]));
    await permissions.revoke(site);
    await vi.waitFor(async () => expect(await matches()).toEqual([RELAY_PATTERN]));
  });
});
