// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import type { SiteOverrideInput } from '../../shared/adapter-overrides';
import type { Sender } from '../../extension/services/background-handlers';
import { createReadingHandlers } from '../../extension/services/reading-handlers';
import type { RelayClient } from '../../extension/services/relay-client';
import { createSiteOverrides, type KeyValueStore } from '../../extension/services/site-overrides';
import { mayAsk } from '../../extension/services/sender-policy';
import { DEFAULT_SETTINGS, type Settings } from '../../extension/settings/settings';

/**
 * Who may read and change a site's reading rules through the background: a CRM page's content script
 * only its own enabled site's, whatever it names; the extension's own pages any site they name. A page's
 * own scripts cannot message the extension at all (no externally_connectable): they are not senders here.
 */
const EXT = 'chrome-extension://abcdefghijklmnop';
const CRM = 'http://127.0.0.1:8787';
const OTHER = 'https://acme.creatio.com';
const settings: Settings = { ...DEFAULT_SETTINGS, sites: [{ origin: OTHER, generic: false }] };

const contentScript = (url = `${CRM}/demo/#/contacts/1`): Sender => ({ url, tab: { id: 7, url }, frameId: 0 });
const extensionPage = (tabUrl?: string): Sender => ({ url: `${EXT}/in-page.html`, tab: { id: 7, url: tabUrl }, frameId: 3 });

const override = (site: string): SiteOverrideInput => ({ site, adapter: 'demo', fields: { city: [{ css: '#town', read: 'text' }] } });

let teamPuts: unknown[];
let store: KeyValueStore;
function handlers() {
  const relay = {
    siteOverrides: async () => ({ ok: true, value: { unchanged: false, value: { overrides: [] }, etag: null } }),
    saveSiteOverride: async (input: SiteOverrideInput) => (
      teamPuts.push(input),
      { ok: true, value: { ...input, fields: input.fields ?? {}, phones: [], doNotUseSms: [], extraFields: [], updatedAt: '', updatedBy: 'admin' } }
    ),
    removeSiteOverride: async () => ({ ok: true, value: null }),
  } as unknown as RelayClient;
  return createReadingHandlers({ relay, settings: async () => settings, overrides: createSiteOverrides({ relay, store }) });
}

beforeEach(() => {
  teamPuts = [];
  const values = new Map<string, unknown>();
  store = { get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v) };
});

describe('a content script and the reading rules', () => {
  it('saves an override for its own site, and then reads it back', async () => {
    const h = handlers();
    expect(await h.saveSiteOverride({ scope: 'browser', override: override(CRM) }, contentScript())).toMatchObject({ ok: true });
    expect(await h.siteOverride({}, contentScript())).toMatchObject({ ok: true, value: { site: CRM, adapter: 'demo' } });
    expect(await h.siteOverrides({}, contentScript())).toMatchObject({ ok: true, value: [{ site: CRM }] });
  });

  it('cannot save or remove an override for another site, for this browser or the team', async () => {
    const h = handlers();
    for (const scope of ['browser', 'team'] as const) {
      expect(await h.saveSiteOverride({ scope, override: override(OTHER) }, contentScript()), scope).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
      expect(await h.removeSiteOverride({ scope, site: OTHER, adapter: 'demo' }, contentScript()), scope).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    }
    expect(teamPuts).toEqual([]);
    // Positive control: the same override from the extension's own page is saved.
    expect(await h.saveSiteOverride({ scope: 'team', override: override(OTHER) }, extensionPage())).toMatchObject({ ok: true });
    expect(teamPuts).toHaveLength(1);
  });

  it("reads only its own site's overrides, whatever site it names", async () => {
    const h = handlers();
    await h.saveSiteOverride({ scope: 'browser', override: override(OTHER) }, extensionPage());
    expect(await h.siteOverride({ site: OTHER }, contentScript())).toEqual({ ok: true, value: null });
    expect(await h.siteOverride({ site: OTHER }, extensionPage())).toMatchObject({ ok: true, value: { site: OTHER } });
    // An extension page in a CRM tab (the in-page frame) without a site named: its tab's.
    expect(await h.siteOverride({}, extensionPage(`${OTHER}/0/Shell/#Card/Contact_FormPage/edit/1`))).toMatchObject({ ok: true, value: { site: OTHER } });
  });

  it('on a site that is not enabled, gets nothing and saves nothing', async () => {
    const h = handlers();
    const stranger = contentScript('http://127.0.0.1:9999/demo/');
    expect(await h.saveSiteOverride({ scope: 'browser', override: override('http://127.0.0.1:9999') }, stranger)).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
    expect(await h.siteOverrides({}, stranger)).toEqual({ ok: true, value: [] });
  });

  it('a made-up scope is refused', async () => {
    const h = handlers();
    expect(await h.saveSiteOverride({ scope: 'everyone' as never, override: override(CRM) }, contentScript())).toMatchObject({ ok: false });
    expect(await h.removeSiteOverride({ scope: 'browser', site: CRM, adapter: 5 as never }, contentScript())).toMatchObject({ ok: false });
  });

  it("may ask for the rules and report health; the relay's health view is for the extension's pages only", () => {
    for (const type of ['siteOverride', 'siteOverrides', 'saveSiteOverride', 'removeSiteOverride', 'reportReadHealth'] as const) {
      expect(mayAsk(type, `${CRM}/demo/`, `${EXT}/`), type).toBe(true);
    }
    expect(mayAsk('adapterHealth', `${CRM}/demo/`, `${EXT}/`)).toBe(false);
    expect(mayAsk('adapterHealth', `${EXT}/options.html`, `${EXT}/`)).toBe(true);
  });
});
