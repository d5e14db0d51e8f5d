import { afterAll, describe, expect, it } from 'vitest';
import type { ContactRead, TextField } from '../../extension/crm/types';
import { closePages, load, loadFixture, type LoadedPage } from './load-page';

/*
 * Mutation tests: the evidence-based fixture with the target of a field's adapter rules renamed (as a CRM update
 * or an installation's customisation would) must still yield the field, through the fallback layer confined
 * to the recognised card, and `read.layers` must say so. A positive control first: unmutated, the adapter reads it.
 */

/** Renames an attribute's value on every element carrying it. */
function rename(doc: Document, attribute: string, from: string, to: string): void {
  const elements = doc.querySelectorAll(`[${attribute}="${from}"]`);
  if (elements.length === 0) throw new Error(`the fixture has no [${attribute}="${from}"] to rename`);
  for (const element of elements) element.setAttribute(attribute, to);
}

type Mutation = (doc: Document) => void;
const renames =
  (...targets: [attribute: string, from: string][]): Mutation =>
  (doc) => {
    for (const [attribute, from] of targets) rename(doc, attribute, from, `renamed-${from}`);
  };

const readOf = async (page: LoadedPage): Promise<ContactRead> => {
  const read = await page.read();
  if (!read) throw new Error('no contact was read');
  return read;
};

function fieldMutations(page: () => LoadedPage, cases: [TextField, string, Mutation][]) {
  describe.each(cases)('%s', (field, value, mutate) => {
    it(`is read as ${JSON.stringify(value)} with the adapter's target in place`, async () => {
      const read = await readOf(page());
      expect(read.fields[field]).toBe(value);
    });

    it('is still read, by the fallback layer, with the target renamed', async () => {
      const mutated = page();
      mutate(mutated.document);
      const read = await readOf(mutated);
      expect(read.fields[field]).toBe(value);
      expect(read.layers[field]).toBe('fallback');
    });
  });
}

/** `inPlace`: what the adapter reads unmutated; `renamed`: what the fallback finds in the card once the targets are renamed. */
function phoneMutation(page: () => LoadedPage, inPlace: string[], renamed: string[], mutate: Mutation) {
  describe('phones', () => {
    it('are read by the adapter with its targets in place', async () => {
      const read = await readOf(page());
      expect(read.phones.map((p) => p.number).sort()).toEqual([...inPlace].sort());
      expect(read.layers.phones).toBe('adapter');
    });

    it('are still read, by the fallback layer inside the card, with the targets renamed (not the numbers outside the card)', async () => {
      const mutated = page();
      mutate(mutated.document);
      const read = await readOf(mutated);
      expect(read.phones.map((p) => p.number).sort()).toEqual([...renamed].sort());
      expect(read.layers.phones).toBe('fallback');
    });
  });
}

afterAll(closePages);

describe('HubSpot, the current record page, with its targets renamed', () => {
  const page = () => load('hubspotContact');
  fieldMutations(page, [
    ['name', "Patrick O'Brien", renames(['data-selenium-test', 'highlightTitle'])],
    ['firstName', 'Patrick', renames(['data-selenium-test', 'property-input-firstname'])],
    ['lastName', "O'Brien", renames(['data-selenium-test', 'property-input-lastname'])],
    ['account', "O'Brien & Co", renames(['data-selenium-test', 'property-input-company'], ['data-selenium-test', 'card-id-ASSOCIATION_TABLE/0-2'])],
    ['owner', 'Anna Smith', renames(['data-test-id', 'hubspot_owner_id'])],
    ['email', 'patrick@obrien.example', renames(['data-selenium-test', 'property-input-email'], ['data-test-id', 'highlight-property-display-email'])],
    ['city', 'Boston', renames(['data-selenium-test', 'property-input-city'])],
  ]);
  const numbers = ['+1 617-555-0142', '+1 617-555-0100'];
  phoneMutation(page, numbers, numbers, renames(['data-selenium-test', 'property-input-mobilephone'], ['data-selenium-test', 'property-input-phone']));
});

describe('HubSpot, the earlier record page, with its targets renamed', () => {
  const page = () => loadFixture('hubspot-contact-classic.html', 'https://app.hubspot.com/contacts/4412345/contact/90211/');
  fieldMutations(page, [['name', "Patrick O'Brien", renames(['data-selenium-test', 'highlightTitle'])]]);
  // Its card for the fallback is the header (no public source shows the earlier page's sidebar container):
  // the header's own line still carries the mobile number.
  phoneMutation(
    page,
    ['+1 617-555-0142', '+1 617-555-0100'],
    ['+1 617-555-0142'],
    renames(['data-selenium-test', 'property-input-mobilephone'], ['data-selenium-test', 'property-input-phone']),
  );
});

describe('Pipedrive, the .viewContainer person page, with its targets renamed', () => {
  const page = () => load('pipedrivePerson');
  const hrefs =
    (from: RegExp, to: string): Mutation =>
    (doc) => {
      for (const link of doc.querySelectorAll('a[href]')) link.setAttribute('href', link.getAttribute('href')!.replace(from, to));
    };
  // The name has no adapter rule at all (no public source shows where it is): the evidence test shows the
  // heading fallback reading it on the unmutated page.
  fieldMutations(page, [['email', 'olga@lutik.example', hrefs(/^mailto:/, 'x-mail:')]]);
  const numbers = ['+7 727 355 0100', '+7 701 555 0102', '+7 727 355 0111', '+7 727 355 0177'];
  phoneMutation(page, numbers, numbers, renames(['data-test', 'phone-number-button']));

  it('the organization, once its link is renamed, is not read by anything (the page gives it no label) and is reported missing', async () => {
    const mutated = page();
    hrefs(/^\/organization\//, '/org/')(mutated.document);
    const read = await readOf(mutated);
    expect(read.fields.account).toBeUndefined();
    expect(read.provenance.account).toBeNull();
    // Positive control: everything else on the same mutated page is still read.
    expect(read.fields.email).toBe('olga@lutik.example');
    expect(read.phones).toHaveLength(4);
  });
});

describe('Pipedrive, the current detail-view components, with their targets renamed', () => {
  const page = () => loadFixture('pipedrive-person-react.html', 'https://lutik.pipedrive.com/person/4242');
  const fieldName = renames(['data-testid', 'field-name']);
  fieldMutations(page, [
    ['email', 'olga@lutik.example', fieldName],
    ['account', 'Lutik LLP', fieldName],
    ['owner', 'Dmitry Orlov', fieldName],
  ]);
  phoneMutation(page, ['+7 727 355 0100'], ['+7 727 355 0100'], renames(['data-test', 'phone-number-button']));
});
