import { afterAll, describe, expect, it } from 'vitest';
import { hubspotAdapter } from '../../extension/crm/adapters/hubspot';
import { pipedriveAdapter } from '../../extension/crm/adapters/pipedrive';
import { findAnchor } from '../../extension/crm/detect';
import type { ContactRead, TextField } from '../../extension/crm/types';
import type { ReadLayer } from '../../shared/adapter-overrides';
import { closePages, expectSource, load, loadFixture, type LoadedPage } from './load-page';

/*
 * The HubSpot and Pipedrive fixtures rebuilt from public evidence (each names its sources at its top), read
 * field by field: the value, the rule behind it (provenance) and the layer that read it. The "regression:"
 * cases are what today's adapters missed on these pages.
 */

const PAGES = {
  hubspot: () => load('hubspotContact'),
  hubspotClassic: () => loadFixture('hubspot-contact-classic.html', 'https://app.hubspot.com/contacts/4412345/contact/90211/'),
  pipedrive: () => load('pipedrivePerson'),
  pipedriveReact: () => loadFixture('pipedrive-person-react.html', 'https://lutik.pipedrive.com/person/4242'),
};

type Expectation = [field: TextField, value: string, layer: ReadLayer, ...source: string[]];

const readOf = async (page: LoadedPage): Promise<ContactRead> => {
  const read = await page.read();
  if (!read) throw new Error('no contact was read');
  return read;
};

function expectFields(page: () => LoadedPage, rows: Expectation[]) {
  it.each(rows)('%s = %j (%s layer)', async (field, value, layer, ...source) => {
    const read = await readOf(page());
    expect(read.fields[field]).toBe(value);
    expect(read.layers[field]).toBe(layer);
    if (source.length > 0) expectSource(read.provenance[field], ...source);
  });
}

afterAll(closePages);

describe('HubSpot, the current record page (hubspot-contact.html), field by field', () => {
  expectFields(PAGES.hubspot, [
    ['name', "Patrick O'Brien", 'adapter', 'highlight card', '[data-card-type="OBJECT_HIGHLIGHT"] [data-selenium-test="highlightTitle"]'],
    ['firstName', 'Patrick', 'adapter', 'properties card', '[data-card-type="PROPERTIES_V3"] [data-selenium-test="property-input-firstname"] (text)'],
    ['lastName', "O'Brien", 'adapter', 'properties card', 'property-input-lastname'],
    ['account', "O'Brien & Co", 'adapter', 'properties card', 'property-input-company'],
    ['owner', 'Anna Smith', 'adapter', 'properties card', 'span[data-test-id="hubspot_owner_id"] [aria-labelledby]'],
    ['email', 'patrick@obrien.example', 'adapter', 'properties card', 'property-input-email'],
    ['city', 'Boston', 'adapter', 'properties card', 'property-input-city'],
  ]);

  it('phones: the mobile from the custom card, then "Phone number", both by adapter rules', async () => {
    const read = await readOf(PAGES.hubspot());
    expect(read.phones.map((p) => [p.number, p.type])).toEqual([
      ['+1 617-555-0142', 'mobile'],
      ['+1 617-555-0100', 'other'],
    ]);
    expect(read.layers.phones).toBe('adapter');
    expectSource(read.provenance.phones, 'property-input-mobilephone', 'property-input-phone');
  });

  it('regression: the current record page is read at all (the title is in the OBJECT_HIGHLIGHT card, not under contact-highlight-details)', async () => {
    const read = await readOf(PAGES.hubspot());
    expect(read.fields.name).toBe("Patrick O'Brien");
    expect(read.layers.name).toBe('adapter');
    expectSource(read.provenance.name, 'OBJECT_HIGHLIGHT');
  });

  it('regression: properties shown as text in PROPERTIES_V3 cards (data-card-id, not data-properties-card-id) are read', async () => {
    const read = await readOf(PAGES.hubspot());
    expect(read.fields).toMatchObject({ firstName: 'Patrick', lastName: "O'Brien", email: 'patrick@obrien.example', city: 'Boston' });
    expect(read.layers).toMatchObject({ firstName: 'adapter', lastName: 'adapter', email: 'adapter', city: 'adapter', phones: 'adapter' });
    expect(read.phones.map((p) => p.number)).toContain('+1 617-555-0100');
  });

  it("regression: a property in a portal's custom card (a bare numeric card id) is read", async () => {
    const read = await readOf(PAGES.hubspot());
    expect(read.phones.find((p) => p.type === 'mobile')?.number).toBe('+1 617-555-0142');
    expect(read.layers.phones).toBe('adapter');
  });

  it('regression: the owner, shown as bare text with no property-input node, is read', async () => {
    const read = await readOf(PAGES.hubspot());
    expect(read.fields.owner).toBe('Anna Smith');
    expect(read.layers.owner).toBe('adapter');
  });

  it('regression: an empty company ("--") falls to the associated companies card, never reads "--"', async () => {
    const page = PAGES.hubspot();
    page.document.querySelector('[data-selenium-test="property-input-company"]')!.textContent = '--';
    const read = await readOf(page);
    expect(read.fields.account).toBe("O'Brien & Co");
    expect(read.layers.account).toBe('adapter');
    expectSource(read.provenance.account, 'associated companies', '[data-selenium-test="card-id-ASSOCIATION_TABLE/0-2"] td:first-child a');
    expect(Object.values(read.fields)).not.toContain('--');
  });

  it('regression: the SMS button has an anchor in the highlight card', () => {
    const anchor = findAnchor(PAGES.hubspot().document, hubspotAdapter.button.anchor);
    expect(anchor).not.toBeNull();
    expect(anchor!.closest('[data-card-type="OBJECT_HIGHLIGHT"]')).not.toBeNull();
  });
});

describe('HubSpot, the earlier record page (hubspot-contact-classic.html), field by field', () => {
  expectFields(PAGES.hubspotClassic, [
    ['name', "Patrick O'Brien", 'adapter', 'earlier header', 'contact-highlight-details'],
    ['firstName', 'Patrick', 'adapter', 'earlier properties list', 'property-input-firstname', '(value)'],
    ['lastName', "O'Brien", 'adapter', 'earlier properties list', 'property-input-lastname'],
    ['account', "O'Brien & Co", 'adapter', 'earlier properties list', 'property-input-company'],
    ['owner', 'Anna Smith', 'adapter', 'earlier properties list', 'private-dropdown__item__label'],
    ['email', 'patrick@obrien.example', 'adapter', 'earlier properties list', 'property-input-email'],
    ['city', 'Boston', 'adapter', 'earlier properties list', 'property-input-city'],
  ]);
});

describe('Pipedrive, the .viewContainer person page (pipedrive-person.html), field by field', () => {
  expectFields(PAGES.pipedrive, [
    // No public source shows where the name is: only the heading fallback reads it.
    ['name', 'Olga Kuznetsova', 'fallback'],
    ['account', 'Lutik LLP', 'adapter', 'Pipedrive person page', 'a[href*="/organization/"]'],
    ['email', 'olga@lutik.example', 'adapter', 'Pipedrive person page', 'a[href^="mailto:"]'],
  ]);

  it("phones: typed by the label after each, by adapter rules; the hidden person's and the note's numbers are not read", async () => {
    const read = await readOf(PAGES.pipedrive());
    expect(read.phones.map((p) => [p.number, p.type])).toEqual([
      ['+7 701 555 0102', 'mobile'],
      ['+7 727 355 0100', 'work'],
      ['+7 727 355 0111', 'home'],
      ['+7 727 355 0177', 'other'],
    ]);
    expect(read.layers.phones).toBe('adapter');
  });

  it('regression: a number whose kind follows the number itself (not its parent) is typed', async () => {
    const read = await readOf(PAGES.pipedrive());
    expect(read.phones.find((p) => p.number === '+7 727 355 0111')?.type).toBe('home');
    expect(read.layers.phones).toBe('adapter');
  });

  it('regression: the SMS button has an anchor on the page since 2021-12 (the .infoBlock has no .spacer)', () => {
    const page = PAGES.pipedrive();
    expect(page.document.querySelector('.spacer')).toBeNull();
    expect(findAnchor(page.document, pipedriveAdapter.button.anchor)?.className).toBe('infoBlock');
  });
});

describe('Pipedrive, the current detail-view components on a person page (pipedrive-person-react.html), field by field', () => {
  it('regression: it is recognised as Pipedrive (field rows and cui5 classes count as markers)', () => {
    expect(PAGES.pipedriveReact().detect()).toBe(pipedriveAdapter);
  });

  expectFields(PAGES.pipedriveReact, [
    ['name', 'Olga Kuznetsova', 'fallback'],
    ['email', 'olga@lutik.example', 'adapter', 'Pipedrive detail view, fields list', 'labelled "Email"'],
    ['account', 'Lutik LLP', 'adapter', 'Pipedrive detail view, fields list', 'labelled "Organization"'],
    ['owner', 'Dmitry Orlov', 'adapter', 'Pipedrive detail view, fields list', 'labelled "Owner"'],
  ]);

  it('phones: the number button in the Phone row (its kind is not shown: other)', async () => {
    const read = await readOf(PAGES.pipedriveReact());
    expect(read.phones.map((p) => [p.number, p.type])).toEqual([['+7 727 355 0100', 'other']]);
    expect(read.layers.phones).toBe('adapter');
  });

  it('"-" (an empty row) is no value', async () => {
    const page = PAGES.pipedriveReact();
    const email = [...page.document.querySelectorAll('[data-testid="fields-list-row"]')].find((r) => r.textContent!.includes('Email'))!;
    email.querySelector('[data-testid="fields-list-row-field-components"] div div')!.textContent = '-';
    const read = await readOf(page);
    expect(read.fields.email).toBeUndefined();
  });

  it('the SMS button goes before the header title', () => {
    expect(findAnchor(PAGES.pipedriveReact().document, pipedriveAdapter.button.anchor)?.getAttribute('data-testid')).toBe('header-title');
  });
});
