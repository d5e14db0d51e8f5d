// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const { fakeBrowser } = await vi.hoisted(async () => (await import('./fake-extension-apis')).installFakeBrowser());
vi.stubGlobal('defineBackground', (main: () => void) => ({ main }));

const { settingsItem } = await import('../../extension/settings/settings-item');
const { DEFAULT_SETTINGS } = await import('../../extension/settings/settings');
const { BADGE_ALARM } = await import('../../extension/services/unread-badge-schedule');

/**
 * The background entrypoint on WXT's fakeBrowser: the toolbar badge follows the relay's unread count
 * (at a settings change, on its alarm, when a page says replies were read), and the relay is asked on
 * behalf of a CRM page with that page's origin as the browser reports the sender.
 */
const toolbar = { text: '', title: '' };
Object.assign(fakeBrowser.action, {
  setBadgeText: async ({ text }: { text: string }) => void (toolbar.text = text),
  setTitle: async ({ title }: { title: string }) => void (toolbar.title = title),
  setBadgeBackgroundColor: async () => undefined,
});

let unreadCount = 0;
const requests: Array<{ path: string; site: string | null }> = [];
const fetchSpy = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
  const url = new URL(String(input));
  requests.push({ path: url.pathname, site: new Headers(init.headers).get('x-crm-site') });
  const body = url.pathname === '/api/replies/unread' ? { count: unreadCount, contacts: [] } : {};
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
});

beforeAll(async () => {
  vi.stubGlobal('fetch', fetchSpy);
  const background = (await import('../../extension/entrypoints/background')).default as unknown as { main(): void };
  background.main();
  await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(BADGE_ALARM)).toBeDefined());
});
afterAll(() => vi.unstubAllGlobals());

const extensionPage = (path = '/popup.html', tab?: { id: number; url: string }) => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL(path as '/popup.html'),
  tab,
});
const contentScript = (url: string) => ({ id: fakeBrowser.runtime.id, url, tab: { id: 7, url }, frameId: 0 });

async function ask(message: unknown, sender: object): Promise<unknown> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender);
  return answers.find((answer) => answer !== undefined);
}

describe('the toolbar badge in the background', () => {
  it('no relay set up: no badge, and the relay is not even asked', () => {
    expect(toolbar.text).toBe('');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('follows the settings: a token saved brings the count, in the chosen language', async () => {
    unreadCount = 3;
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, relayUrl: 'http://relay.test', token: 'crmsms_t', language: 'en' });
    await vi.waitFor(() => expect(toolbar).toEqual({ text: '3', title: 'CRM SMS — unread replies: 3' }));
    expect(requests.at(-1)).toEqual({ path: '/api/replies/unread', site: null });
  });

  it('its alarm rings about once a minute and brings a new count', async () => {
    expect(await fakeBrowser.alarms.get(BADGE_ALARM)).toMatchObject({ periodInMinutes: 1 });
    unreadCount = 250;
    await fakeBrowser.alarms.onAlarm.trigger({ name: BADGE_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(() => expect(toolbar.text).toBe('99+'));
  });

  it('a page that read a conversation says repliesChanged: counted again before the answer', async () => {
    unreadCount = 0;
    expect(await ask({ crmSms: 'repliesChanged', payload: {} }, extensionPage('/in-page.html', { id: 7, url: 'http://127.0.0.1:8787/demo/' }))).toEqual({
      ok: true,
      value: null,
    });
    expect(toolbar).toEqual({ text: '', title: 'CRM SMS' });
  });

  it("a content script may not ask it (it is no page of the extension's); the same from an extension page does", async () => {
    unreadCount = 1;
    const before = requests.length;
    expect(await ask({ crmSms: 'repliesChanged', payload: {} }, contentScript('http://127.0.0.1:8787/demo/'))).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
    expect(requests.length).toBe(before);
    expect(toolbar.text).toBe('');
    await ask({ crmSms: 'repliesChanged', payload: {} }, extensionPage());
    expect(toolbar.text).toBe('1');
  });
});

describe('X-CRM-Site, as the browser reports the sender', () => {
  const stop = { crmSms: 'relayCall', payload: { path: ['stop-list'], method: 'post', args: { json: { phone: '+79123456789' } } } };

  it("an in-page frame's call names its tab's page; the popup's names none", async () => {
    await ask(stop, extensionPage('/in-page.html', { id: 7, url: 'https://crm.example.test/contacts/5' }));
    expect(requests.at(-1)).toEqual({ path: '/api/stop-list', site: 'https://crm.example.test' });
    await ask(stop, extensionPage('/popup.html'));
    expect(requests.at(-1)).toEqual({ path: '/api/stop-list', site: null });
  });
});
