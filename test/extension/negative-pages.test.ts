import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../extension/crm/adapters';
import { creatioClassicAdapter } from '../../extension/crm/adapters/creatio-classic';
import { demoAdapter } from '../../extension/crm/adapters/demo';
import { genericAdapter } from '../../extension/crm/adapters/generic';
import { pipedriveAdapter } from '../../extension/crm/adapters/pipedrive';
import { readContact } from '../../extension/crm/read-contact';
import { PAGES, closePages, fixtureHtml, load, loadPage, services } from './load-page';

afterAll(closePages);

describe('pages where no adapter may fire (no SMS button)', () => {
  it.each([
    ['a Creatio Classic account card', 'classicAccount'],
    ['the Creatio Classic contacts section (a list, no record)', 'classicContactList'],
    ['a look-alike with one Creatio marker under a ContactPageV2 hash', 'oneMarkerLookalike'],
    ['the demo CRM contact list', 'demoContactList'],
    ['a page without any phone', 'noPhone'],
    ['the Bitrix24 contact list (its side-panel iframe is another document)', 'bitrix24ContactList'],
    ["a Bitrix24 deal, though its client widget shows the contact's phone", 'bitrix24Deal'],
    ['an amoCRM lead card with its contact linked', 'amocrmLead'],
    ['a HubSpot company record', 'hubspotCompany'],
    ["a Pipedrive deal, though it shows the person's number", 'pipedriveDeal'],
    ['a training site at /person/<n> with a Pipedrive mock-up (one Pipedrive marker)', 'pipedriveLookalike'],
  ] as const)('%s', async (_, name) => {
    const page = load(name);
    expect(page.detect({ generic: false })).toBeNull();
    // With the generic adapter enabled no CRM adapter fires either (the generic one may, on pages it was enabled for).
    expect(ADAPTERS.filter((a) => !a.optIn)).not.toContain(page.detect({ generic: true }));
  });

  it('the look-alike is stopped by the marker count alone: its URL and card elements would pass', async () => {
    const page = load('oneMarkerLookalike');
    expect(creatioClassicAdapter.url.test(page.url.pathname + page.url.hash)).toBe(true);
    expect(page.document.querySelector(creatioClassicAdapter.ready)).not.toBeNull();
    // One more Creatio marker and it would be taken for Creatio: the threshold is what protects it.
    page.document.body.insertAdjacentHTML('beforeend', '<div id="ShellContainerWithBackground"></div>');
    expect(page.detect()).toBe(creatioClassicAdapter);
  });

  it('the Pipedrive look-alike is stopped by the marker count: one more Pipedrive marker and it would pass', () => {
    const page = load('pipedriveLookalike');
    expect(pipedriveAdapter.url.test(page.url.pathname)).toBe(true);
    page.document.body.insertAdjacentHTML('beforeend', '<script src="https://cdn.eu-central-1.pipedriveassets.com/webapp/js/app.js"></script>');
    expect(page.detect()).toBe(pipedriveAdapter);
  });

  it('the generic adapter, enabled, reads no contact from a page without any phone', async () => {
    const page = load('noPhone');
    expect(page.detect({ generic: true })).toBe(genericAdapter);
    expect(await page.read({ generic: true })).toBeNull();
  });

  it('the demo CRM at a contact URL before the card has rendered reads nothing', async () => {
    const page = loadPage(fixtureHtml(PAGES.demoContactList[0]), 'http://127.0.0.1:8787/demo/#/contacts/1');
    expect(page.detect()).toBe(demoAdapter);
    expect(await readContact(demoAdapter, page.document, page.url, services)).toBeNull();
  });

  it('a Creatio Classic account card is not read as a contact even by the contact adapter itself', async () => {
    const page = load('classicAccount');
    expect(await readContact(creatioClassicAdapter, page.document, page.url, services)).toBeNull();
  });
});
