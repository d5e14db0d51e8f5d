// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HealthReport, SiteOverride } from '../../shared/adapter-overrides';
import { demoAdapter } from '../../extension/crm/adapters/demo';
import type { ContactRead } from '../../extension/crm/types';
import type { Result } from '../../extension/messaging/protocol';
import type { Sender } from '../../extension/services/background-handlers';
import { cardOutcome, createReadHealth, type CardOutcome, type PendingStore } from '../../extension/services/read-health';
import { createReadingHandlers } from '../../extension/services/reading-handlers';
import { createRelayClient, type RelayClient } from '../../extension/services/relay-client';
import { DEFAULT_SETTINGS } from '../../extension/settings/settings';
import { closedPortUrl } from '../support/closed-port';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

const SITE = 'http://127.0.0.1:8787';

const read: ContactRead = {
  adapter: 'demo',
  recordId: '1',
  fields: { name: 'Иван Петров', firstName: 'Иван', city: 'Казань' },
  phones: [{ number: '+7 912 345-67-89', type: 'mobile', source: 'demo CRM card: input[data-field="mobilePhone"] (value)' }],
  doNotUseSms: false,
  provenance: {
    name: 'demo CRM card: [data-field="name"] (text)',
    firstName: 'demo CRM card: input[data-field="firstName"] (value)',
    lastName: null,
    account: null,
    owner: null,
    currentUser: null,
    email: null,
    city: 'site override: [data-field="town"] (value)',
    phones: 'demo CRM card: input[data-field="mobilePhone"] (value)',
    doNotUseSms: 'demo CRM communication options: input[data-field="doNotUseSms"] (checked)',
  },
  layers: { name: 'adapter', firstName: 'adapter', city: 'override', phones: 'adapter', doNotUseSms: 'adapter' },
  extra: { 'Город доставки': 'Самара' },
};
const override: SiteOverride = {
  site: SITE,
  adapter: 'demo',
  fields: { city: [{ css: '[data-field="town"]', read: 'value', layout: 'site override' }] },
  phones: [],
  doNotUseSms: [],
  extraFields: [
    { label: 'Город доставки', rules: [{ css: '#delivery', read: 'value', layout: 'site override' }] },
    { label: 'ИНН', rules: [{ css: '#inn', read: 'value', layout: 'site override' }] },
    { label: 'Тел. 8 800 555 35 35', rules: [{ css: '#hotline', read: 'value', layout: 'site override' }] },
  ],
};

describe('what one card read says about the rules', () => {
  it('per field, the layer that read it or null; extra fields by label; never a value', () => {
    const outcome = cardOutcome(read, demoAdapter, override);
    expect(outcome).toEqual({
      name: 'adapter',
      firstName: 'adapter',
      lastName: null,
      account: null,
      owner: null,
      currentUser: null,
      email: null,
      city: 'override',
      phones: 'adapter',
      doNotUseSms: 'adapter',
      'Город доставки': 'override',
      ИНН: null,
    });
    const text = JSON.stringify(outcome);
    for (const value of ['Иван', 'Казань', '912', 'Самара', '8 800']) expect(text).not.toContain(value);
  });

  it('a field neither the adapter nor the override has a rule for is not counted as missing', () => {
    const bare = { ...demoAdapter, fields: { name: demoAdapter.fields.name }, doNotUseSms: undefined };
    expect(Object.keys(cardOutcome({ ...read, layers: { name: 'adapter' } }, bare, null)).sort()).toEqual(['name', 'phones']);
  });
});

/** The background's batching over a fake relay that records what it is sent (or refuses). */
function batching(answer: () => Result<null> = () => ({ ok: true, value: null })) {
  const sent: HealthReport[] = [];
  let pending: unknown;
  const store: PendingStore = { load: async () => structuredClone(pending), save: async (p) => void (pending = structuredClone(p)) };
  const health = createReadHealth({ send: async (report) => (sent.push(structuredClone(report)), answer()), store });
  return { health, sent, store, pending: () => pending };
}
const card: CardOutcome = { name: 'adapter', phones: null, city: 'override' };

describe('health counts are sent in batches', () => {
  afterEach(() => vi.useRealTimers());

  it('every 20 cards of a site and adapter: one report with the counts', async () => {
    const { health, sent } = batching();
    for (let i = 0; i < 19; i++) await health.record(SITE, 'demo', card);
    expect(sent).toEqual([]);
    await health.record(SITE, 'demo', { ...card, phones: 'fallback' });
    expect(sent).toEqual([
      {
        site: SITE,
        adapter: 'demo',
        cards: 20,
        fields: { name: { read: { adapter: 20 }, missing: 0 }, phones: { read: { fallback: 1 }, missing: 19 }, city: { read: { override: 20 }, missing: 0 } },
      },
    ]);
    await health.record(SITE, 'demo', card);
    expect(sent).toHaveLength(1);
  });

  it('or a minute after the first card not yet sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { health, sent } = batching();
    await health.record(SITE, 'demo', card);
    await health.record('https://acme.creatio.com', 'creatio', card);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(sent.map((r) => [r.site, r.cards])).toEqual([
      [SITE, 1],
      ['https://acme.creatio.com', 1],
    ]);
  });

  it('counts the relay could not take are kept, added to, and sent later; a refusal drops them', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let down = true;
    const refusedOnce = { code: 'relay_unreachable', message: 'down', messageRu: 'недоступен' };
    const { health, sent } = batching(() => (down ? { ok: false, error: refusedOnce } : { ok: true, value: null }));
    for (let i = 0; i < 20; i++) await health.record(SITE, 'demo', card);
    expect(sent).toHaveLength(1);
    // Not sent again on every card while the relay is away…
    for (let i = 0; i < 5; i++) await health.record(SITE, 'demo', card);
    expect(sent).toHaveLength(1);
    down = false;
    await vi.advanceTimersByTimeAsync(61_000);
    expect(sent.at(-1)).toMatchObject({ cards: 25, fields: { name: { read: { adapter: 25 } } } });

    const { health: refusing, sent: refusedReports, pending } = batching(() => ({ ok: false, error: { code: 'invalid_request', message: 'no', messageRu: 'нет' } }));
    await refusing.flush();
    for (let i = 0; i < 20; i++) await refusing.record(SITE, 'demo', card);
    expect(refusedReports).toHaveLength(1);
    expect(pending()).toEqual([]);
  });

  it('a background that restarts sends what it had counted (they wait in storage)', async () => {
    const first = batching();
    await first.health.record(SITE, 'demo', card);
    await first.health.record(SITE, 'demo', card);
    const sent: HealthReport[] = [];
    const again = createReadHealth({ send: async (r) => (sent.push(r), { ok: true, value: null }), store: first.store });
    await again.flush();
    expect(sent).toMatchObject([{ site: SITE, cards: 2 }]);
    expect(first.sent).toEqual([]);
  });
});

describe('health counts reach a real relay', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(() => relay?.dispose());

  it("an agent's counts are added up; the admin sees cards and per-field layers", async () => {
    const client = createRelayClient(async () => ({ relayUrl: relay.url, token: relay.tokens.agent }));
    const health = createReadHealth({ send: (r) => client.reportHealth(r), store: batching().store });
    await health.record(SITE, 'demo', cardOutcome(read, demoAdapter, override));
    await health.flush();
    const { body } = await relay.call('GET', '/api/adapters/health', { role: 'admin' });
    expect(body.sites).toEqual([
      expect.objectContaining({
        site: SITE,
        adapter: 'demo',
        cards: 1,
        fields: expect.objectContaining({
          city: { read: { override: 1 }, missing: 0 },
          lastName: { read: {}, missing: 1 },
          'Город доставки': { read: { override: 1 }, missing: 0 },
        }),
      }),
    ]);
    expect(JSON.stringify(body)).not.toMatch(/Иван|Казань|Самара/);
    // The options page asks through the background: an agent's token is refused in words.
    expect(await client.adapterHealth()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('who may report health', () => {
  const EXT = 'chrome-extension://abcdefghijklmnop';
  const page = (url = `${SITE}/demo/#/contacts/1`): Sender => ({ url, tab: { id: 1, url }, frameId: 0 });
  function handlers() {
    const recorded: [string, string, CardOutcome][] = [];
    const h = createReadingHandlers({
      relay: {} as RelayClient,
      settings: async () => DEFAULT_SETTINGS,
      health: { record: async (site, adapter, outcome) => void recorded.push([site, adapter, outcome]), flush: async () => undefined },
    });
    return { h, recorded };
  }

  it("a CRM page's content script, for its own site (the sender's, not one it names)", async () => {
    const { h, recorded } = handlers();
    expect(await h.reportReadHealth({ adapter: 'demo', fields: { name: 'adapter', phones: null } }, page())).toEqual({ ok: true, value: null });
    expect(recorded).toEqual([[SITE, 'demo', { name: 'adapter', phones: null }]]);
    expect(await h.reportReadHealth({ adapter: 'demo', site: 'https://acme.creatio.com', fields: {} } as never, page())).toMatchObject({ ok: false });
    expect(recorded).toHaveLength(1);
  });

  it('not values dressed as counts, not from a site that is not enabled, not from an extension page', async () => {
    const { h, recorded } = handlers();
    expect(await h.reportReadHealth({ adapter: 'demo', fields: { name: 'Иван Петров' } } as never, page())).toMatchObject({ ok: false });
    expect(await h.reportReadHealth({ adapter: 'demo', fields: { name: 'adapter' } }, page('http://127.0.0.1:9999/demo/'))).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
    expect(await h.reportReadHealth({ adapter: 'demo', fields: { name: 'adapter' } }, { url: `${EXT}/options.html` })).toMatchObject({ ok: false });
    const many = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`f${i}`, null]));
    expect(await h.reportReadHealth({ adapter: 'demo', fields: many }, page())).toMatchObject({ ok: false });
    expect(recorded).toEqual([]);
  });

  it('the relay away: counting goes on without an error for the page', async () => {
    const url = await closedPortUrl();
    const h = createReadingHandlers({ relay: createRelayClient(async () => ({ relayUrl: url, token: 't' })), settings: async () => DEFAULT_SETTINGS });
    for (let i = 0; i < 20; i++) expect(await h.reportReadHealth({ adapter: 'demo', fields: { name: 'adapter' } }, page())).toEqual({ ok: true, value: null });
  });
});
