// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { fakeBrowser, scripting, permissions } = await vi.hoisted(async () => (await import('./fake-extension-apis')).installFakeBrowser());

const { syncContentScripts } = await import('../../extension/services/content-script-registration');
const { DEFAULT_SETTINGS } = await import('../../extension/settings/settings');

/**
 * Content-script registration below e2e, on WXT's fakeBrowser: the CRM script and its main-world helper
 * are registered for exactly the enabled sites the user granted, and left alone when nothing changed.
 */
const RELAY = 'http://127.0.0.1:8787/*';
const CRM = 'https://crm.example.com/*';
const settings = (sites: string[] = []) => ({ ...DEFAULT_SETTINGS, sites: sites.map((origin) => ({ origin, generic: false })) });
const matchesOf = async () => Object.fromEntries((await fakeBrowser.scripting.getRegisteredContentScripts()).map((s) => [s.id, s.matches]));

beforeEach(() => {
  fakeBrowser.reset();
  scripting.reset();
  permissions.granted.clear();
});

describe('content-script registration (fakeBrowser)', () => {
  it('registers the CRM script in every frame and the globals helper in the main world, for the relay and the granted sites', async () => {
    permissions.granted.add(RELAY).add(CRM);
    expect(await syncContentScripts(settings(['https://crm.example.com']))).toEqual([RELAY, CRM]);
    const scripts = await fakeBrowser.scripting.getRegisteredContentScripts();
    expect(scripts).toEqual([
      { id: 'crm-sms-crm', js: ['content-scripts/crm.js'], matches: [RELAY, CRM], runAt: 'document_idle', allFrames: true, persistAcrossSessions: true },
      {
        id: 'crm-sms-page-globals',
        js: ['content-scripts/page-globals.js'],
        matches: [RELAY, CRM],
        runAt: 'document_idle',
        allFrames: true,
        persistAcrossSessions: true,
        world: 'MAIN',
      },
    ]);
  });

  it('leaves out a site whose permission was not granted (or was withdrawn)', async () => {
    permissions.granted.add(RELAY);
    expect(await syncContentScripts(settings(['https://crm.example.com']))).toEqual([RELAY]);
    expect(await matchesOf()).toEqual({ 'crm-sms-crm': [RELAY], 'crm-sms-page-globals': [RELAY] });
  });

  it('registers nothing again when the registration is up to date', async () => {
    permissions.granted.add(RELAY);
    await syncContentScripts(settings());
    await syncContentScripts(settings());
    expect(scripting.calls).toEqual({ register: 1, unregister: 0 });
  });

  it('replaces the registration when the sites change, and removes it when none is left', async () => {
    permissions.granted.add(RELAY).add(CRM);
    await syncContentScripts(settings());
    await syncContentScripts(settings(['https://crm.example.com']));
    expect(await matchesOf()).toEqual({ 'crm-sms-crm': [RELAY, CRM], 'crm-sms-page-globals': [RELAY, CRM] });
    permissions.granted.clear();
    expect(await syncContentScripts(settings(['https://crm.example.com']))).toEqual([]);
    expect(await fakeBrowser.scripting.getRegisteredContentScripts()).toEqual([]);
    expect(scripting.calls).toEqual({ register: 2, unregister: 2 });
  });

  it('repairs a half-done registration (only one of the two scripts registered)', async () => {
    permissions.granted.add(RELAY);
    await fakeBrowser.scripting.registerContentScripts([{ id: 'crm-sms-crm', js: ['content-scripts/crm.js'], matches: [RELAY] }]);
    await syncContentScripts(settings());
    expect(await matchesOf()).toEqual({ 'crm-sms-crm': [RELAY], 'crm-sms-page-globals': [RELAY] });
  });
});
