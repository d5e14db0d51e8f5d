import { afterAll, describe, expect, it } from 'vitest';
import { hubspotAdapter } from '../../extension/crm/adapters/hubspot';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields } from '../../extension/crm/read-contact';
import { closePages, expectSource, fixtureHtml, load, loadPage } from './load-page';

const LAYOUT = 'HubSpot contact record';
const PROPERTIES = `${LAYOUT}, "About this contact" properties`;
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));

afterAll(closePages);

describe('HubSpot contact record', () => {
  it('is recognised as HubSpot, with or without the generic adapter enabled', () => {
    const page = load('hubspotContact');
    expect(page.detect({ generic: false })).toBe(hubspotAdapter);
    expect(page.detect({ generic: true })).toBe(hubspotAdapter);
  });

  it('is recognised at the older /contact/<id> URL too, with the same record id', async () => {
    const page = loadPage(fixtureHtml('hubspot-contact.html'), 'https://app.hubspot.com/contacts/4412345/contact/90211/');
    expect(page.detect()).toBe(hubspotAdapter);
    expect((await page.read())!.recordId).toBe('90211');
  });

  it('reads the contact: header name, first / last name, company, owner, e-mail, city', async () => {
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

  it('reads the mobile number, then the untyped "Phone number"; not the company\'s phone in the preview panel or sidebar, nor the note', async () => {
    const read = (await load('hubspotContact').read())!;
    expect(plain(read.phones)).toEqual([
      { number: '+1 617-555-0142', type: 'mobile' },
      { number: '+1 617-555-0100', type: 'other' },
    ]);
  });

  it('names the property behind every field; "do not SMS" is unknown (not on the record page)', async () => {
    const read = (await load('hubspotContact').read())!;
    expectSource(read.provenance.name, `${LAYOUT}, header`, 'highlightTitle');
    expectSource(read.provenance.account, PROPERTIES, 'property-input-company');
    expectSource(read.provenance.owner, PROPERTIES, 'property-input-hubspot_owner_id', 'private-dropdown__item__label');
    expectSource(read.provenance.city, PROPERTIES, '/0-1/', 'property-input-city');
    expectSource(read.phones[0]!.source, PROPERTIES, 'property-input-mobilephone');
    expectSource(read.phones[1]!.source, PROPERTIES, 'property-input-phone');
    expect(read.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(['currentUser', 'doNotUseSms']);
  });

  it('takes the company from the associated-company card when the contact has no company name', async () => {
    const page = load('hubspotContact');
    page.document.querySelector('[data-selenium-test="property-input-company"]')!.textContent = '';
    const read = (await page.read())!;
    expect(read.fields.account).toBe("O'Brien & Co");
    expectSource(read.provenance.account, `${LAYOUT}, associated company`, 'company-chicklet-title-link');
  });

  it('puts the SMS button after the header subtitle, else after the header', () => {
    const page = load('hubspotContact');
    expect(findAnchor(page.document, hubspotAdapter.button.anchor)?.getAttribute('data-unit-test')).toBe('highlightSubtitle');
    expect(hubspotAdapter.button.append).toBe('after');
    page.document.querySelector('[data-unit-test="highlightSubtitle"]')!.remove();
    expect(findAnchor(page.document, hubspotAdapter.button.anchor)?.getAttribute('data-selenium-test')).toBe('contact-highlight-details');
  });
});
