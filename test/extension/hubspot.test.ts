import { afterAll, describe, expect, it } from 'vitest';
import { hubspotAdapter } from '../../extension/crm/adapters/hubspot';
import { ADAPTERS } from '../../extension/crm/adapters';
import { detectAdapter, findAnchor, globalMarkersOf } from '../../extension/crm/detect';
import { readGlobalPaths } from '../../extension/content/page-globals-protocol';
import { crmIdOf, missingFields } from '../../extension/crm/read-contact';
import { closePages, expectSource, load, loadFixture } from './load-page';

const LAYOUT = 'HubSpot contact record';
const CLASSIC_URL = 'https://app.hubspot.com/contacts/4412345/contact/90211/';
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));
const classic = () => loadFixture('hubspot-contact-classic.html', CLASSIC_URL);
/** The display text of one property row of the current record page. */
const propertyText = (doc: Document, name: string) => doc.querySelector(`[data-selenium-test="property-input-${name}"]`)!;

afterAll(closePages);

describe('HubSpot contact record (the current record page)', () => {
  it('is recognised as HubSpot, with or without the generic adapter enabled', () => {
    const page = load('hubspotContact');
    expect(page.detect({ generic: false })).toBe(hubspotAdapter);
    expect(page.detect({ generic: true })).toBe(hubspotAdapter);
  });

  it('reads the contact: highlight title, first / last name, company, owner, e-mail, city', async () => {
    const page = load('hubspotContact');
    const read = (await page.read())!;
    expect(read).toMatchObject({ adapter: 'hubspot', recordId: '90211' });
    expect(crmIdOf(read, page.url)).toBe('hubspot:app.hubspot.com:90211');
    expect(read.fields).toEqual({
      name: "Patrick O'Brien",
      firstName: 'Patrick',
      lastName: "O'Brien",
      account: "O'Brien & Co",
      owner: 'Anna Smith',
      email: 'patrick@obrien.example',
      city: 'Boston',
    });
  });

  it('reads the mobile number from the custom card, then the untyped "Phone number"; not the company\'s phone, nor the timeline note', async () => {
    const read = (await load('hubspotContact').read())!;
    expect(plain(read.phones)).toEqual([
      { number: '+1 617-555-0142', type: 'mobile' },
      { number: '+1 617-555-0100', type: 'other' },
    ]);
  });

  it('names the card behind every field; "do not SMS" and the current user are unknown (not on the record page)', async () => {
    const read = (await load('hubspotContact').read())!;
    expectSource(read.provenance.name, `${LAYOUT}, highlight card`, 'OBJECT_HIGHLIGHT', 'highlightTitle');
    expectSource(read.provenance.city, `${LAYOUT}, properties card`, 'left-sidebar', 'PROPERTIES_V3', 'property-input-city', '(text)');
    expectSource(read.provenance.owner, `${LAYOUT}, properties card`, 'span[data-test-id="hubspot_owner_id"]');
    expectSource(read.phones[0]!.source, `${LAYOUT}, properties card`, 'property-input-mobilephone');
    expect(read.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(['currentUser', 'doNotUseSms']);
  });

  it('"--" (HubSpot\'s empty property) is no value: an empty company falls to the associated company, an empty city stays missing', async () => {
    const page = load('hubspotContact');
    propertyText(page.document, 'company').textContent = '--';
    propertyText(page.document, 'city').textContent = '--';
    const read = (await page.read())!;
    expect(read.fields.account).toBe("O'Brien & Co");
    expectSource(read.provenance.account, `${LAYOUT}, associated companies`, 'card-id-ASSOCIATION_TABLE/0-2');
    expect(read.fields.city).toBeUndefined();
    expect(read.provenance.city).toBeNull();
  });

  it('"No owner" is no owner', async () => {
    const page = load('hubspotContact');
    const owner = page.document.querySelector('span[data-test-id="hubspot_owner_id"] [aria-labelledby] span')!;
    owner.firstChild!.textContent = 'No owner';
    const read = (await page.read())!;
    expect(read.fields.owner).toBeUndefined();
  });

  it('puts the SMS button after the highlight title', () => {
    const page = load('hubspotContact');
    expect(findAnchor(page.document, hubspotAdapter.button.anchor)?.getAttribute('data-test-id')).toBe('highlight-record-label');
    expect(hubspotAdapter.button.append).toBe('after');
  });

  it('a page with one DOM marker left is HubSpot only when the page global hubspot.portal.id is there', () => {
    const page = load('hubspotContact');
    for (const asset of page.document.querySelectorAll('script[src], link[href]')) asset.remove();
    page.document.getElementById('hs-nav-v4')!.remove();
    for (const list of page.document.querySelectorAll('ul[data-selenium-test="profile-properties-list"]')) list.removeAttribute('data-selenium-test');
    expect(page.detect()).toBeNull();
    (page.window as unknown as Record<string, unknown>).hubspot = { portal: { id: 4412345 } };
    const present = new Set(Object.keys(readGlobalPaths(page.window, globalMarkersOf(ADAPTERS))));
    expect(present).toEqual(new Set(['hubspot.portal.id']));
    expect(detectAdapter(ADAPTERS, page.url, page.document, { generic: false, globals: present })).toBe(hubspotAdapter);
  });

  it('declares its card (the left sidebar), the title as heading and the page global hubspot.portal.id for the fallback layer', () => {
    const page = load('hubspotContact');
    expect(page.document.querySelector(hubspotAdapter.card![0]!)?.getAttribute('data-test-id')).toBe('left-sidebar');
    expect(page.document.querySelector(hubspotAdapter.heading![0]!)?.textContent?.trim()).toBe("Patrick O'Brien");
    expect(hubspotAdapter.globalMarkers).toEqual(['hubspot.portal.id']);
  });
});

describe('HubSpot contact record (the earlier record page)', () => {
  it('is recognised at the older /contact/<id> URL, with the same record id', async () => {
    const page = classic();
    expect(page.detect()).toBe(hubspotAdapter);
    expect((await page.read())!.recordId).toBe('90211');
  });

  it('reads textareas and read-only inputs of the properties list, the owner from its dropdown label', async () => {
    const read = (await classic().read())!;
    expect(read.fields).toEqual({
      name: "Patrick O'Brien",
      firstName: 'Patrick',
      lastName: "O'Brien",
      account: "O'Brien & Co",
      owner: 'Anna Smith',
      email: 'patrick@obrien.example',
      city: 'Boston',
    });
    expect(plain(read.phones)).toEqual([
      { number: '+1 617-555-0142', type: 'mobile' },
      { number: '+1 617-555-0100', type: 'other' },
    ]);
    expectSource(read.provenance.name, `${LAYOUT}, earlier header`, 'contact-highlight-details');
    expectSource(read.provenance.lastName, `${LAYOUT}, earlier properties list`, 'property-input-lastname', '(value)');
    expectSource(read.provenance.owner, `${LAYOUT}, earlier properties list`, 'private-dropdown__item__label');
  });

  it('takes the company from the associated-company chicklet when the contact has no company name', async () => {
    const page = classic();
    (page.document.querySelector('[data-selenium-test="property-input-company"]') as HTMLTextAreaElement).value = '';
    const read = (await page.read())!;
    expect(read.fields.account).toBe("O'Brien & Co");
    expectSource(read.provenance.account, `${LAYOUT}, associated company`, 'company-chicklet-title-link');
  });

  it('puts the SMS button after the header subtitle, else after the header', () => {
    const page = classic();
    expect(findAnchor(page.document, hubspotAdapter.button.anchor)?.getAttribute('data-unit-test')).toBe('highlightSubtitle');
    page.document.querySelector('[data-unit-test="highlightSubtitle"]')!.remove();
    expect(findAnchor(page.document, hubspotAdapter.button.anchor)?.getAttribute('data-selenium-test')).toBe('contact-highlight-details');
  });
});
