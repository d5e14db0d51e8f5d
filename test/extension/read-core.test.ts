import { afterAll, describe, expect, it } from 'vitest';
import { contactSnapshotSchema } from '../../shared/api';
import { siteOverrideSchema, type SiteOverrideInput } from '../../shared/adapter-overrides';
import { ADAPTERS } from '../../extension/crm/adapters';
import { detectAdapter, globalMarkersOf } from '../../extension/crm/detect';
import { missingFields, missingForDialog, readContact, toSnapshot } from '../../extension/crm/read-contact';
import type { AdapterServices, CrmAdapter } from '../../extension/crm/types';
import { closePages, loadPage, services } from './load-page';

/**
 * The reading core, on a made-up CRM whose page is written inline: these tests are about the layers, not a
 * CRM's markup. Each field is read by the first layer that finds it — site override, adapter rule, page
 * global, fallback inside the card, composed name — and says which.
 */
afterAll(closePages);

const URL_OF_CARD = 'https://crm.example.org/app/contacts/42';

const testCrm: CrmAdapter = {
  id: 'testcrm',
  name: 'Test CRM',
  url: /\/contacts\/(\d+)$/,
  ready: '.card',
  card: ['.card'],
  heading: ['.card-header .title'],
  fields: {
    name: [{ css: '.card [data-field="name"]', read: 'text', layout: 'test CRM card' }],
    firstName: [{ css: '.card [data-field="first"]', read: 'value', layout: 'test CRM card' }],
    lastName: [{ css: '.card [data-field="last"]', read: 'value', layout: 'test CRM card' }],
  },
  globals: { name: ['App.contact.name'] },
  phones: [
    { rule: { css: '.card [data-field="mobile"]', read: 'value', layout: 'test CRM card' }, type: 'mobile' },
    { rule: { css: '.card [data-field="work"]', read: 'value', layout: 'test CRM card' }, type: 'work' },
  ],
  doNotUseSms: [{ css: '.card [data-field="noSms"]', read: 'checked', layout: 'test CRM card' }],
  button: { anchor: ['.card'], append: 'last' },
};

/** The services, with page globals answered from `globals` (as the main-world helper would). */
const withGlobals = (globals: Record<string, string> = {}): AdapterServices => ({
  ...services,
  readPageGlobals: async (paths) => Object.fromEntries(paths.filter((p) => globals[p]).map((p) => [p, globals[p]!])),
});

const page = (card: string, outside = '') =>
  loadPage(
    `<!doctype html><title>Анна Смирнова | Test CRM</title><body><aside class="chat">${outside}</aside><section class="card">${card}</section></body>`,
    URL_OF_CARD,
  );

const read = (html: string, options: { outside?: string; globals?: Record<string, string>; override?: SiteOverrideInput; adapter?: CrmAdapter } = {}) => {
  const loaded = page(html, options.outside);
  const override = options.override ? siteOverrideSchema.parse(options.override) : null;
  return readContact(options.adapter ?? testCrm, loaded.document, loaded.url, withGlobals(options.globals), override);
};

const FULL_CARD = `
  <h2 class="adapter-name" data-field="name">Анна Смирнова</h2>
  <input data-field="first" value="Анна"><input data-field="last" value="Смирнова">
  <span class="team-name">Анна С. (по правилу команды)</span>
  <label for="fio">ФИО</label><input id="fio" value="Смирнова Анна (по подписи)">
  <input data-field="mobile" value="+7 912 345-67-89"><input data-field="work" value="+7 495 123-45-67">
  <input type="checkbox" data-field="noSms" checked>`;

const OVERRIDE: SiteOverrideInput = { site: 'https://crm.example.org', adapter: 'testcrm', fields: { name: [{ css: '.team-name', read: 'text' }] } };

describe('layers: each field from the first layer that reads it', () => {
  it('a site override comes first, then the adapter, then page globals, then the fallback, then the composed name', async () => {
    const byOverride = (await read(FULL_CARD, { override: OVERRIDE, globals: { 'App.contact.name': 'из глобала' } }))!;
    expect(byOverride.fields.name).toBe('Анна С. (по правилу команды)');
    expect(byOverride.layers.name).toBe('override');
    expect(byOverride.provenance.name).toMatch(/^site override for https:\/\/crm\.example\.org: \.team-name \(text\)$/);

    const byAdapter = (await read(FULL_CARD, { globals: { 'App.contact.name': 'из глобала' } }))!;
    expect(byAdapter.fields.name).toBe('Анна Смирнова');
    expect(byAdapter.layers.name).toBe('adapter');
    expect(byAdapter.provenance.name).toBe('test CRM card: .card [data-field="name"] (text)');

    const noAdapterRule = FULL_CARD.replace('data-field="name"', '');
    const byGlobal = (await read(noAdapterRule, { globals: { 'App.contact.name': 'Анна из глобала' } }))!;
    expect(byGlobal.fields.name).toBe('Анна из глобала');
    expect(byGlobal.layers.name).toBe('page-global');
    expect(byGlobal.provenance.name).toBe('page global App.contact.name');

    const byFallback = (await read(noAdapterRule))!;
    expect(byFallback.fields.name).toBe('Смирнова Анна (по подписи)');
    expect(byFallback.layers.name).toBe('fallback');
    expect(byFallback.provenance.name).toMatch(/^fallback: field labelled «ФИО» \(label\[for\]\) in card \.card$/);

    const noLabel = noAdapterRule.replace('<label for="fio">ФИО</label>', '');
    const composed = (await read(noLabel))!;
    expect(composed.fields.name).toBe('Анна Смирнова');
    expect(composed.layers.name).toBe('composed');
    expect(composed.provenance.name).toBe('composed from firstName and lastName');
  });

  it('the heading comes before the composed name; the document title only after it, as the last resort', async () => {
    const withHeading = `<div class="card-header"><span class="title">Анна Смирнова</span></div><input data-field="first" value="Анна">`;
    const heading = (await read(withHeading))!;
    expect(heading.fields.name).toBe('Анна Смирнова');
    expect(heading.provenance.name).toBe('fallback: page heading .card-header .title');

    const h1 = (await read('<h1>Смирнова Анна Петровна</h1>'))!;
    expect(h1.provenance.name).toBe('fallback: h1 in card .card');

    const composed = (await read('<input data-field="first" value="Анна">'))!;
    expect(composed).toMatchObject({ fields: { name: 'Анна', firstName: 'Анна' }, layers: { name: 'composed' } });

    // Nothing on the card: the tab title, without " | Test CRM".
    const title = (await read('<p>Карточка</p>'))!;
    expect(title.fields.name).toBe('Анна Смирнова');
    expect(title.layers.name).toBe('fallback');
    expect(title.provenance.name).toBe("fallback: document title without the site's name");
  });

  it("a title that is only the CRM's name (or a section) is no name", async () => {
    for (const text of ['Test CRM', 'Контакты | Test CRM', 'Contacts — Test CRM']) {
      const loaded = loadPage(`<!doctype html><title>${text}</title><body><section class="card"><p>…</p></section></body>`, URL_OF_CARD);
      const contact = (await readContact(testCrm, loaded.document, loaded.url, services))!;
      expect(contact.fields.name, text).toBeUndefined();
    }
  });

  it("phones: an override's number replaces the adapter's of the same type, the other types stay", async () => {
    const card = `${FULL_CARD}<span class="mobile-fixed">+7 900 000-00-01</span>`;
    const contact = (await read(card, { override: { ...OVERRIDE, phones: [{ rule: { css: '.mobile-fixed', read: 'text' }, type: 'mobile' }] } }))!;
    expect(contact.phones.map(({ number, type }) => ({ number, type }))).toEqual([
      { number: '+7 900 000-00-01', type: 'mobile' },
      { number: '+7 495 123-45-67', type: 'work' },
    ]);
    expect(contact.layers.phones).toBe('override');
    expect(contact.phones[0]!.source).toMatch(/^site override for /);
    expect(contact.phones[1]!.source).toBe('test CRM card: .card [data-field="work"] (value)');
  });

  it('"do not SMS": override, then adapter, then the fallback by its label', async () => {
    const flagged = (await read(FULL_CARD))!;
    expect(flagged).toMatchObject({ doNotUseSms: true, layers: { doNotUseSms: 'adapter' } });
    const overridden = (await read(FULL_CARD, {
      override: { ...OVERRIDE, doNotUseSms: [{ css: '.card [data-field="noSms"]', read: 'checked', layout: 'Classic checkbox input' }] },
    }))!;
    expect(overridden.layers.doNotUseSms).toBe('override');
    expect(overridden.provenance.doNotUseSms).toBe('site override for https://crm.example.org, Classic checkbox input: .card [data-field="noSms"] (checked)');
    const byLabel = (await read('<label><input type="checkbox"> Не использовать SMS</label>'))!;
    expect(byLabel).toMatchObject({ doNotUseSms: false, layers: { doNotUseSms: 'fallback' } });
    expect(byLabel.provenance.doNotUseSms).toMatch(/^fallback: checkbox labelled «Не использовать SMS» \(label around\)/);
  });

  it("an override's extra field is read into `extra` and kept in the snapshot's fields", async () => {
    const card = `${FULL_CARD}<div class="delivery"><span>Город доставки</span><b>Казань, ул. Баумана 1</b></div>`;
    const contact = (await read(card, { override: { ...OVERRIDE, extraFields: [{ label: 'Город доставки', rules: [{ css: '.delivery b', read: 'text' }] }] } }))!;
    expect(contact.extra).toEqual({ 'Город доставки': 'Казань, ул. Баумана 1' });
    const snapshot = toSnapshot(contact, new URL(URL_OF_CARD));
    expect(snapshot.fields).toEqual({ 'Город доставки': 'Казань, ул. Баумана 1' });
    expect(contactSnapshotSchema.safeParse(snapshot).error).toBeUndefined();
  });

  it("the adapter's `emptyValues` are no value: the next rule's real value counts, else the field is left to the fallback", async () => {
    const placeholders: CrmAdapter = {
      ...testCrm,
      emptyValues: ['n/d', '(пусто)'],
      fields: {
        ...testCrm.fields,
        firstName: [...testCrm.fields.firstName!, { css: '.card [data-field="first-old"]', read: 'value', layout: 'test CRM earlier card' }],
      },
    };
    const card =
      '<input data-field="first" value="n/d"><input data-field="first-old" value="Анна"><input data-field="last" value="(пусто)"><label for="l">Фамилия</label><input id="l" value="Смирнова">';
    const contact = (await read(card, { adapter: placeholders }))!;
    expect(contact.fields.firstName).toBe('Анна');
    expect(contact).toMatchObject({ layers: { firstName: 'adapter', lastName: 'fallback' } });
    expect(contact.provenance.firstName).toBe('test CRM earlier card: .card [data-field="first-old"] (value)');
    expect(contact.fields.lastName).toBe('Смирнова');
    // The fallback takes them for no value too; positive control: without emptyValues the placeholder is read.
    expect((await read('<dl><dt>Фамилия</dt><dd>(пусто)</dd></dl>', { adapter: placeholders }))!.fields.lastName).toBeUndefined();
    expect((await read(card))!.fields.firstName).toBe('n/d');
  });

  it('a layer that fails (the page-globals helper gone, a hook that throws) does not stop the read', async () => {
    const loaded = page(FULL_CARD.replace('data-field="name"', ''));
    const broken: AdapterServices = {
      findPhonesInText: async () => Promise.reject(new Error('background gone')),
      readPageGlobals: async () => Promise.reject(new Error('no main-world helper')),
    };
    const throwing: CrmAdapter = { ...testCrm, enrich: async () => Promise.reject(new Error('unexpected page')) };
    const contact = (await readContact(throwing, loaded.document, loaded.url, broken))!;
    expect(contact.fields.name).toBe('Смирнова Анна (по подписи)');
    expect(contact.phones).toHaveLength(2);
  });
});

describe('fallbacks stay inside the recognised card', () => {
  it('a tel: link outside the card is not read; the same link inside is', async () => {
    const link = '<a href="tel:+79001112233">+7 900 111-22-33</a>';
    const outside = (await read('<h1>Анна</h1>', { outside: link }))!;
    expect(outside.phones).toEqual([]);
    const inside = (await read(`<h1>Анна</h1>${link}`))!;
    expect(inside.phones.map((p) => p.number)).toEqual(['+79001112233']);
    expect(inside.layers.phones).toBe('fallback');
    expect(inside.provenance.phones).toBe('fallback: tel:/sms:/callto: link in card .card');
  });

  it('phone-shaped text outside the card is not read; the same text inside is', async () => {
    const text = '<p>Звоните: 8 (912) 765-43-21</p>';
    expect((await read('<h1>Анна</h1>', { outside: text }))!.phones).toEqual([]);
    const inside = (await read(`<h1>Анна</h1>${text}`))!;
    expect(inside.phones.map((p) => p.number)).toEqual(['8 (912) 765-43-21']);
    expect(inside.provenance.phones).toBe('fallback: phone-shaped text in card .card');
  });

  it('a labelled field outside the card is not read; inside it is', async () => {
    const field = '<label for="c">Город</label><input id="c" value="Самара">';
    expect((await read('<h1>Анна</h1>', { outside: field }))!.fields.city).toBeUndefined();
    expect((await read(`<h1>Анна</h1>${field}`))!.fields.city).toBe('Самара');
  });

  it('without `card`, the card is the form / main region around `ready`, else the body', async () => {
    const noCard: CrmAdapter = { ...testCrm, card: undefined, ready: '.ready' };
    const html =
      '<!doctype html><body><aside><a href="tel:+79001112233">x</a></aside><main><div class="ready"><h1>Анна</h1><a href="tel:+79005556677">y</a></div></main></body>';
    const loaded = loadPage(html, URL_OF_CARD);
    const contact = (await readContact(noCard, loaded.document, loaded.url, services))!;
    expect(contact.phones.map((p) => p.number)).toEqual(['+79005556677']);
    expect(contact.provenance.phones).toBe('fallback: tel:/sms:/callto: link in the main region around .ready');
  });
});

describe('never a dead button: a recognised card is always a contact', () => {
  it('no name and no phone: a read all the same, with what is missing', async () => {
    const loaded = loadPage('<!doctype html><title>Test CRM</title><body><section class="card"><p>Пусто</p></section></body>', URL_OF_CARD);
    const contact = await readContact(testCrm, loaded.document, loaded.url, services);
    expect(contact).not.toBeNull();
    expect(contact!.recordId).toBe('42');
    expect(missingFields(contact!)).toEqual(['name', 'firstName', 'lastName', 'account', 'owner', 'currentUser', 'email', 'city', 'phones', 'doNotUseSms']);
    expect(missingForDialog(contact!)).toEqual(['name', 'phones', 'doNotUseSms']);
    const snapshot = toSnapshot(contact!, loaded.url);
    expect(snapshot.name).toBe('');
    expect(contactSnapshotSchema.safeParse(snapshot).success).toBe(true);
  });

  it('a read without a name keeps its phones (positive control for the dialog)', async () => {
    const loaded = loadPage('<!doctype html><body><section class="card"><input data-field="mobile" value="+7 912 345-67-89"></section></body>', URL_OF_CARD);
    const contact = (await readContact(testCrm, loaded.document, loaded.url, services))!;
    expect(contact.fields.name).toBeUndefined();
    expect(missingForDialog(contact)).toEqual(['name', 'doNotUseSms']);
  });

  it('still no read where there is no card: the record id unknown, or `ready` not in the page', async () => {
    const loaded = loadPage('<!doctype html><body><section class="card">…</section></body>', 'https://crm.example.org/app/contacts/');
    expect(await readContact(testCrm, loaded.document, loaded.url, services)).toBeNull();
    const notReady = loadPage('<!doctype html><body><div class="loading"></div></body>', URL_OF_CARD);
    expect(await readContact(testCrm, notReady.document, notReady.url, services)).toBeNull();
  });
});

describe('detection: page-script globals count as a marker', () => {
  const twoMarkers: CrmAdapter = { ...testCrm, markers: { selectors: ['#app-shell', 'script[src*="testcrm"]'], min: 2 }, globalMarkers: ['TestCrm', 'TC'] };
  const shell = loadPage('<!doctype html><body><div id="app-shell"></div><section class="card"></section></body>', URL_OF_CARD);

  it("one DOM marker is not enough; with one of the adapter's globals present it is", () => {
    expect(detectAdapter([twoMarkers], shell.url, shell.document, { generic: false })).toBeNull();
    expect(detectAdapter([twoMarkers], shell.url, shell.document, { generic: false, globals: new Set(['Other']) })).toBeNull();
    expect(detectAdapter([twoMarkers], shell.url, shell.document, { generic: false, globals: new Set(['TC']) })).toBe(twoMarkers);
  });

  it('several globals of one adapter still count once', () => {
    const bare = loadPage('<!doctype html><body><section class="card"></section></body>', URL_OF_CARD);
    expect(detectAdapter([twoMarkers], bare.url, bare.document, { generic: false, globals: new Set(['TestCrm', 'TC']) })).toBeNull();
  });

  it("globalMarkersOf lists every adapter's globals once, for one question to the page", () => {
    const other: CrmAdapter = { ...testCrm, id: 'other', globalMarkers: ['TC', 'Other'] };
    expect(globalMarkersOf([twoMarkers, other, testCrm])).toEqual(['TestCrm', 'TC', 'Other']);
    expect(globalMarkersOf(ADAPTERS)).toEqual([...new Set(ADAPTERS.flatMap((a) => a.globalMarkers ?? []))]);
  });
});
