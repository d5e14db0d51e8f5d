import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../extension/crm/adapters';
import { amocrmAdapter } from '../../extension/crm/adapters/amocrm';
import { bitrix24Adapter } from '../../extension/crm/adapters/bitrix24';
import { creatioClassicAdapter } from '../../extension/crm/adapters/creatio-classic';
import { creatioFreedomAdapter } from '../../extension/crm/adapters/creatio-freedom';
import { demoAdapter } from '../../extension/crm/adapters/demo';
import { hubspotAdapter } from '../../extension/crm/adapters/hubspot';
import { pipedriveAdapter } from '../../extension/crm/adapters/pipedrive';
import { trytonAdapter } from '../../extension/crm/adapters/tryton';
import { globalMarkersOf } from '../../extension/crm/detect';
import { detectCard } from '../../extension/crm/detect-card';
import type { CrmAdapter } from '../../extension/crm/types';
import { GUID, PAGES, closePages, loadFixture, type LoadedPage } from './load-page';

/**
 * detectCard on the fixture pages (rebuilt from each CRM's own markup), table-driven in the style of
 * refined-github's page detectors: every CRM adapter finds a card on its own pages, with the record the
 * page names, and on no other adapter's page; pages that are not a contact card have none.
 */
afterAll(closePages);

type Page = readonly [fixture: string, url: string];

const C360_RU = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const C360_EN = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const freedom = (guid: string) => `https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/${guid}`;

/** Contact cards, by the adapter that must find them (both Creatio adapters have the id `creatio`), with the record each names. */
const CARDS = new Map<CrmAdapter, [page: Page, recordId: string][]>([
  [demoAdapter, [[PAGES.demoContact, '1']]],
  [
    creatioClassicAdapter,
    [
      [PAGES.classicContact, GUID.classic],
      [['evidence/creatio-classic-communication-restriction.html', PAGES.classicContact[1]], GUID.classic],
      [['evidence/creatio-classic-designer-checkbox.html', PAGES.classicContact[1]], GUID.classic],
    ],
  ],
  [
    creatioFreedomAdapter,
    [
      [PAGES.freedomRu, GUID.freedomRu],
      [PAGES.freedomEn, GUID.freedomEn],
      [['evidence/creatio-freedom-c360-ru.html', freedom(C360_RU)], C360_RU],
      [['evidence/creatio-freedom-c360-en.html', freedom(C360_EN)], C360_EN],
    ],
  ],
  [
    bitrix24Adapter,
    [
      [PAGES.bitrix24Contact, '12'],
      [PAGES.bitrix24SliderFrame, '15'],
      [['bitrix24-contact-new.html', PAGES.bitrix24Contact[1]], '12'],
      [['bitrix24-slider-frame-new.html', PAGES.bitrix24SliderFrame[1]], '15'],
    ],
  ],
  [
    amocrmAdapter,
    [
      [PAGES.amocrmContact, '5502134'],
      [['kommo-contact.html', 'https://acme.kommo.com/contacts/detail/77'], '77'],
    ],
  ],
  [
    hubspotAdapter,
    [
      [PAGES.hubspotContact, '90211'],
      [['hubspot-contact-classic.html', 'https://app.hubspot.com/contacts/4412345/contact/90211/'], '90211'],
    ],
  ],
  [
    pipedriveAdapter,
    [
      [PAGES.pipedrivePerson, '4242'],
      [['pipedrive-person-react.html', PAGES.pipedrivePerson[1]], '4242'],
    ],
  ],
  [trytonAdapter, [[PAGES.trytonParty, 'crm:1']]],
]);

/** Pages that are no contact card for any CRM adapter: other records, lists, look-alikes, cards not yet rendered. */
const NOT_CARDS: [what: string, page: Page][] = [
  ['a Creatio Classic account card', PAGES.classicAccount],
  ['the Creatio Classic contacts section', PAGES.classicContactList],
  ['a look-alike with one Creatio marker', PAGES.oneMarkerLookalike],
  ['the demo CRM contact list', PAGES.demoContactList],
  ['the demo CRM at a contact URL before the card rendered', [PAGES.demoContactList[0], PAGES.demoContact[1]]],
  ['the Bitrix24 contact list', PAGES.bitrix24ContactList],
  ['a Bitrix24 deal', PAGES.bitrix24Deal],
  ['a Bitrix24 deal in the side panel', ['bitrix24-slider-frame-new.html', 'https://lutik.bitrix24.com/crm/deal/details/15/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER']],
  ['an amoCRM lead', PAGES.amocrmLead],
  ['a HubSpot company', PAGES.hubspotCompany],
  ['a Pipedrive deal', PAGES.pipedriveDeal],
  ['a Pipedrive look-alike', PAGES.pipedriveLookalike],
  ['a page without any phone', PAGES.noPhone],
];

/** Pages only the generic (opt-in) adapter may take, and only where it is enabled. */
const GENERIC_PAGES: Page[] = [PAGES.telLinks, PAGES.microdata, PAGES.jsonLd, PAGES.hCard, PAGES.plainText, PAGES.noPhone];

const CRM_ADAPTERS = ADAPTERS.filter((adapter) => !adapter.optIn);
const generic = ADAPTERS.find((adapter) => adapter.optIn)!;

const loaded = ([fixture, url]: Page): LoadedPage => loadFixture(fixture, url);
const detect = (page: LoadedPage, adapters: readonly CrmAdapter[], options = { generic: false }) =>
  detectCard(page.url, page.document, adapters, { ...options, globals: new Set(globalMarkersOf(adapters).filter((name) => name in page.window)) });

describe('detectCard: each CRM adapter finds a card on its own pages and on no other', () => {
  it('every CRM adapter has pages in the table (a new adapter needs its fixtures here)', () => {
    expect(new Set(CARDS.keys())).toEqual(new Set(CRM_ADAPTERS));
  });

  const rows = [...CARDS].flatMap(([owner, pages]) => pages.map(([page, recordId]) => ({ owner, name: owner.name, page, recordId })));
  it.each(rows)('$name: $page.0 at $page.1', ({ owner, page, recordId }) => {
    const card = loaded(page);
    const found = detect(card, ADAPTERS);
    expect(found?.adapter).toBe(owner);
    expect(found).toMatchObject({ recordId, key: `${owner.id}:${card.url.host}:${recordId}` });
    // The button's anchor is an element of this page (where the SMS button goes).
    expect(found!.anchor.ownerDocument).toBe(card.document);
    for (const other of CRM_ADAPTERS.filter((adapter) => adapter !== owner)) {
      expect(detect(card, [other]), `${other.name} must not find a card on ${owner.name}'s page`).toBeNull();
    }
  });
});

describe('detectCard: pages that are not a contact card', () => {
  it.each(NOT_CARDS)('%s: no card, for any CRM adapter, generic mode on or off', (_, page) => {
    const card = loaded(page);
    expect(detect(card, ADAPTERS)).toBeNull();
    for (const adapter of CRM_ADAPTERS) expect(detect(card, [adapter], { generic: true }), adapter.id).toBeNull();
  });
});

describe('detectCard: the generic adapter', () => {
  it.each(GENERIC_PAGES)('%s: no CRM adapter takes it, and the generic one only where it is enabled', (...page) => {
    const card = loaded(page);
    for (const adapter of CRM_ADAPTERS) expect(detect(card, [adapter], { generic: true }), adapter.id).toBeNull();
    expect(detect(card, ADAPTERS)).toBeNull();
    expect(detect(card, ADAPTERS, { generic: true })?.adapter).toBe(generic);
  });

  it("never takes a CRM adapter's page from it, even when enabled (the CRM adapters come first)", () => {
    for (const [owner, pages] of CARDS) {
      for (const [page] of pages) expect(detect(loaded(page), ADAPTERS, { generic: true })?.adapter).toBe(owner);
    }
  });
});

describe('detectCard follows the page', () => {
  it('the same card keeps its key across a re-render; another record gets another key', () => {
    const page = loaded(PAGES.demoContact);
    const before = detect(page, ADAPTERS)!;
    page.document.body.innerHTML = page.document.body.innerHTML;
    const after = detect(page, ADAPTERS)!;
    expect(after.key).toBe(before.key);
    expect(after.anchor).not.toBe(before.anchor);
    page.window.location.hash = '#/contacts/2';
    expect(detect(page, ADAPTERS)!.key).toBe(`demo:${page.url.host}:2`);
  });

  it("no card once the button's anchor is gone (the card is still rendering)", () => {
    const page = loaded(PAGES.demoContact);
    const found = detect(page, ADAPTERS)!;
    found.anchor.remove();
    expect(detect(page, ADAPTERS)).toBeNull();
  });
});
