// @vitest-environment node
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SiteOverrideInput } from '../../shared/adapter-overrides';
import { createRelayClient } from '../../extension/services/relay-client';
import { createSiteOverrides, type KeyValueStore } from '../../extension/services/site-overrides';
import { mergeOverrides, OVERRIDES_STORAGE_PREFIX } from '../../extension/services/site-override-rules';
import { closedPortUrl } from '../support/closed-port';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

/**
 * The background's site overrides against a real relay on 127.0.0.1: the team's from GET /api/adapters
 * (revalidated by ETag, cached), this browser's own, and what applies when the relay is away.
 */
const SITE = 'https://acme.creatio.com';
const DELIVERY_CITY: SiteOverrideInput = {
  site: SITE,
  adapter: 'creatio',
  fields: { city: [{ css: '[data-item-marker="UsrCity"] input', read: 'value' }] },
  extraFields: [{ label: 'Город доставки', rules: [{ css: '[data-item-marker="UsrDeliveryCity"] input', read: 'value' }] }],
};

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(() => relay?.dispose());
beforeEach(async () => {
  for (const { site, adapter } of (await relay.call('GET', '/api/adapters')).body.overrides) {
    await relay.call('DELETE', `/api/adapters?site=${encodeURIComponent(site)}&adapter=${adapter}`, { role: 'admin' });
  }
});

/** Extension storage in memory, with every write seen (a write is what makes a page read again). */
function memoryStore() {
  const values = new Map<string, unknown>();
  const writes: string[] = [];
  const store: KeyValueStore = {
    get: async (key) => structuredClone(values.get(key)),
    set: async (key, value) => {
      writes.push(key);
      values.set(key, structuredClone(value));
    },
  };
  return { store, values, writes };
}

const clientFor = (url: string, token = relay.tokens.agent) => createRelayClient(async () => ({ relayUrl: url, token }));

describe("the team's overrides, from the relay", () => {
  it('applies what the relay serves, without a rebuild; nothing for a site the relay has none for', async () => {
    const { store } = memoryStore();
    const overrides = createSiteOverrides({ relay: clientFor(relay.url), store });
    expect(await overrides.forSite(SITE)).toEqual([]);
    expect((await relay.call('PUT', '/api/adapters', { role: 'admin', body: DELIVERY_CITY })).status).toBe(201);
    const [served] = await overrides.forSite(SITE);
    expect(served).toMatchObject({ site: SITE, adapter: 'creatio', extraFields: [{ label: 'Город доставки' }] });
    expect(served!.fields.city).toEqual([{ css: '[data-item-marker="UsrCity"] input', read: 'value', layout: 'site override' }]);
    expect(await overrides.forSite('https://other.creatio.com')).toEqual([]);
  });

  it('revalidates by ETag: an unchanged override is not written again (no page reads again for nothing)', async () => {
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: DELIVERY_CITY });
    const seen: (string | undefined)[] = [];
    const relayClient = clientFor(relay.url);
    const watched = {
      ...relayClient,
      siteOverrides: (site: string, etag: string | null, o?: object) => (seen.push(etag ?? undefined), relayClient.siteOverrides(site, etag, o)),
    };
    const { store, writes } = memoryStore();
    const overrides = createSiteOverrides({ relay: watched, store });
    await overrides.forSite(SITE);
    await overrides.forSite(SITE);
    expect(seen[0]).toBeUndefined();
    expect(seen[1]).toMatch(/^"/);
    expect(writes).toEqual([`${OVERRIDES_STORAGE_PREFIX}team:${SITE}`]);
    // Changed on the relay: the next look sees it and writes it.
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: { ...DELIVERY_CITY, note: 'УсрГород переименован' } });
    expect((await overrides.forSite(SITE))[0]!.note).toBe('УсрГород переименован');
    expect(writes).toHaveLength(2);
  });

  it('the frames of one page load asking at once share one request; the next page load asks again', async () => {
    let asked = 0;
    const relayClient = clientFor(relay.url);
    const counted = { ...relayClient, siteOverrides: (...args: Parameters<typeof relayClient.siteOverrides>) => (asked++, relayClient.siteOverrides(...args)) };
    const overrides = createSiteOverrides({ relay: counted, store: memoryStore().store });
    await Promise.all([overrides.forSite(SITE), overrides.forSite(SITE), overrides.forSite(SITE)]);
    expect(asked).toBe(1);
    await overrides.forSite(SITE);
    expect(asked).toBe(2);
  });
});

describe('when the relay cannot be reached', () => {
  it('the override last served still applies; with none ever served, only the bundled rules do', async () => {
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: DELIVERY_CITY });
    const { store } = memoryStore();
    expect(await createSiteOverrides({ relay: clientFor(relay.url), store }).forSite(SITE)).toHaveLength(1);

    const down = clientFor(await closedPortUrl());
    expect((await down.siteOverrides(SITE, null)).ok).toBe(false);
    const cached = await createSiteOverrides({ relay: down, store }).forSite(SITE);
    expect(cached).toHaveLength(1);
    expect(cached[0]!.extraFields[0]!.label).toBe('Город доставки');
    // Positive control above; here the same relay-less background with an empty cache.
    expect(await createSiteOverrides({ relay: down, store: memoryStore().store }).forSite(SITE)).toEqual([]);
  });

  it('a token the relay refuses also keeps the cached override (reading the page never depends on it)', async () => {
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: DELIVERY_CITY });
    const { store } = memoryStore();
    await createSiteOverrides({ relay: clientFor(relay.url), store }).forSite(SITE);
    expect(await createSiteOverrides({ relay: clientFor(relay.url, 'crmsms_revoked'), store }).forSite(SITE)).toHaveLength(1);
  });

  it('a relay that does not answer does not hold the card up: the cache is answered in time', async () => {
    const { store } = memoryStore();
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: DELIVERY_CITY });
    await createSiteOverrides({ relay: clientFor(relay.url), store }).forSite(SITE);
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const started = Date.now();
      const answer = await createSiteOverrides({ relay: clientFor(url), store, answerWithinMs: 200, timeoutMs: 5_000 }).forSite(SITE);
      expect(answer).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('what the cache holds is checked like a relay answer: a tampered entry is left out', async () => {
    const { store, values } = memoryStore();
    values.set(`${OVERRIDES_STORAGE_PREFIX}team:${SITE}`, {
      etag: null,
      overrides: [{ site: SITE, adapter: 'creatio', fields: { city: [{ css: '', read: 'value' }] } }, DELIVERY_CITY],
    });
    const answer = await createSiteOverrides({ relay: clientFor(await closedPortUrl()), store }).forSite(SITE);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.extraFields).toHaveLength(1);
  });
});

describe("this browser's overrides", () => {
  it("are tried before the team's, for the same adapter", async () => {
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: DELIVERY_CITY });
    const overrides = createSiteOverrides({ relay: clientFor(relay.url), store: memoryStore().store });
    const mine = { site: SITE, adapter: 'creatio', fields: { city: [{ css: '#my-city', read: 'text' as const }] } };
    expect(await overrides.save('browser', mine)).toMatchObject({ ok: true });
    const [merged] = await overrides.forSite(SITE);
    expect(merged!.fields.city!.map((r) => ('css' in r ? r.css : r.field))).toEqual(['#my-city', '[data-item-marker="UsrCity"] input']);
    expect(merged!.extraFields).toHaveLength(1);
  });

  it('a bad override is refused in words naming the field, and nothing is kept', async () => {
    const { store, writes } = memoryStore();
    const overrides = createSiteOverrides({ relay: clientFor(relay.url), store });
    const bad = await overrides.save('browser', { site: SITE, adapter: 'creatio', fields: { city: [{ css: ' ', read: 'value' }] } });
    expect(bad).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'invalid_override', message: 'Field "fields.city.0.css": must not be empty', field: 'fields.city.0.css' }),
    });
    const unknown = await overrides.save('browser', { site: SITE, adapter: 'creatio', fields: { colour: [] } } as unknown as SiteOverrideInput);
    expect(unknown.ok).toBe(false);
    expect(writes).toEqual([]);
  });

  it("one per site and adapter: saving again replaces it; removing it leaves the team's", async () => {
    await relay.call('PUT', '/api/adapters', { role: 'admin', body: DELIVERY_CITY });
    const overrides = createSiteOverrides({ relay: clientFor(relay.url), store: memoryStore().store });
    await overrides.save('browser', { site: SITE, adapter: 'creatio', fields: { city: [{ css: '#a', read: 'text' }] } });
    await overrides.save('browser', { site: SITE, adapter: 'creatio', fields: { city: [{ css: '#b', read: 'text' }] } });
    expect((await overrides.forSite(SITE))[0]!.fields.city).toHaveLength(2);
    expect(await overrides.remove('browser', SITE, 'creatio')).toEqual({ ok: true, value: null });
    expect((await overrides.forSite(SITE))[0]!.fields.city).toHaveLength(1);
    expect((await overrides.remove('browser', SITE, 'creatio')).ok).toBe(false);
  });
});

describe("the team's overrides, saved from the extension", () => {
  it('goes to the relay with an admin token, and applies at once', async () => {
    const overrides = createSiteOverrides({ relay: clientFor(relay.url, relay.tokens.admin), store: memoryStore().store });
    expect(await overrides.save('team', DELIVERY_CITY)).toMatchObject({ ok: true, value: { site: SITE, adapter: 'creatio' } });
    expect((await relay.call('GET', `/api/adapters?site=${encodeURIComponent(SITE)}`)).body.overrides).toHaveLength(1);
    expect(await overrides.forSite(SITE)).toHaveLength(1);
    expect(await overrides.remove('team', SITE, 'creatio')).toEqual({ ok: true, value: null });
    expect(await overrides.forSite(SITE)).toEqual([]);
  });

  it("an agent's token is refused with the relay's words (403), and nothing is saved", async () => {
    const overrides = createSiteOverrides({ relay: clientFor(relay.url, relay.tokens.agent), store: memoryStore().store });
    const refused = await overrides.save('team', DELIVERY_CITY);
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'forbidden', message: expect.stringMatching(/needs the role "admin"/), messageRu: 'Недостаточно прав для этого действия' }),
    });
    expect((await relay.call('GET', '/api/adapters')).body.overrides).toEqual([]);
  });

  it('a bad override is refused by the relay in its words', async () => {
    const overrides = createSiteOverrides({ relay: clientFor(relay.url, relay.tokens.admin), store: memoryStore().store });
    const refused = await overrides.save('team', { ...DELIVERY_CITY, site: 'acme.creatio.com' });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_request', field: 'site' }) });
  });
});

describe('merging', () => {
  it("one override per adapter, this browser's adapters first, extra fields by label", () => {
    const base = { site: SITE, fields: {}, phones: [], doNotUseSms: [] };
    const rule = (css: string) => ({ css, read: 'text' as const, layout: 'site override' });
    const merged = mergeOverrides(
      [{ ...base, adapter: 'generic', extraFields: [{ label: 'Город доставки', rules: [rule('#mine')] }] }],
      [
        { ...base, adapter: 'creatio', extraFields: [] },
        {
          ...base,
          adapter: 'generic',
          extraFields: [
            { label: 'Город доставки', rules: [rule('#team')] },
            { label: 'ИНН', rules: [rule('#inn')] },
          ],
        },
      ],
    );
    expect(merged.map((o) => o.adapter)).toEqual(['generic', 'creatio']);
    expect(merged[0]!.extraFields).toEqual([
      { label: 'Город доставки', rules: [rule('#mine'), rule('#team')] },
      { label: 'ИНН', rules: [rule('#inn')] },
    ]);
  });
});
