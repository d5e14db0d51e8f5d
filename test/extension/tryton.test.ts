import { afterAll, describe, expect, it } from 'vitest';
import { contactSnapshotSchema, crmIdSchema } from '../../shared/api';
import { ADAPTERS } from '../../extension/crm/adapters';
import { trytonAdapter } from '../../extension/crm/adapters/tryton';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields, missingForDialog, recordIdOf, toSnapshot } from '../../extension/crm/read-contact';
import { PAGES, closePages, expectSource, fixtureHtml, load, loadPage } from './load-page';

const LAYOUT = 'Tryton web client (SAO) party form';

afterAll(closePages);

/** SAO before login: the same shell, no tab open, no user in the top bar, the login dialog. */
function loginPage(url: string) {
  const page = loadPage(fixtureHtml(PAGES.trytonParty[0]), url);
  page.document.querySelector('#tabcontent')!.replaceChildren();
  page.document.querySelector('#tablist')!.replaceChildren();
  page.document.querySelector('#user-preferences')!.replaceChildren();
  page.document.body.insertAdjacentHTML(
    'beforeend',
    '<div class="lg modal fade in" role="dialog"><form class="modal-content"><input class="form-control" id="database" readonly value="crm"><input class="form-control" id="login" placeholder="User name"></form></div>',
  );
  return page;
}

describe('Tryton party form (SAO web client)', () => {
  it('is recognised as Tryton, with or without the generic adapter enabled', () => {
    const page = load('trytonParty');
    expect(page.detect({ generic: false })).toBe(trytonAdapter);
    expect(page.detect({ generic: true })).toBe(trytonAdapter);
    expect(ADAPTERS.indexOf(trytonAdapter)).toBeLessThan(ADAPTERS.findIndex((a) => a.id === 'generic'));
  });

  it("takes the database and the party id from the URL, with or without SAO's ;name=… parameters", () => {
    const id = (url: string) => recordIdOf(trytonAdapter, new URL(url), document);
    expect(id(PAGES.trytonParty[1])).toBe('crm:1');
    expect(id('http://127.0.0.1:8000/#crm/model/party.party/42')).toBe('crm:42');
    expect(id('https://erp.example.com/#prod-2024/model/party.party/7;name=%22Party%22&views=%5Bnull%2Cnull%5D')).toBe('prod-2024:7');
    for (const other of [
      'http://127.0.0.1:8000/#crm/model/party.party;name=%22Party%22',
      'http://127.0.0.1:8000/#crm/model/party.party/-1',
      'http://127.0.0.1:8000/#crm/model/party.address/1',
      'http://127.0.0.1:8000/#crm/model/party.party.category/1',
      'http://127.0.0.1:8000/#crm',
      'http://127.0.0.1:8000/',
    ])
      expect(id(other), other).toBeNull();
  });

  it('reads the shown party: name, phones typed from their rows (fax left out), e-mail, the logged-in user; the city by its label', async () => {
    const read = (await load('trytonParty').read())!;
    expect(read).toMatchObject({ adapter: 'tryton', recordId: 'crm:1' });
    expect(read.fields).toEqual({ name: 'Петров Иван Сергеевич', currentUser: 'Сергей Админов', email: 'ivan.petrov@romashka.example', city: 'Казань' });
    // No Tryton rule reads a city: the fallback layer finds the party's address «City:» inside the shown tab.
    expectSource(read.provenance.city, 'fallback', '«City»', '#tabcontent > .tab-pane.active');
    expect(read.layers).toEqual({ name: 'adapter', currentUser: 'adapter', email: 'adapter', phones: 'adapter', city: 'fallback' });
    // Not the hidden tab's party (Смирнова, +7 912 000-11-22), not the fax.
    expect(read.phones.map(({ number, type }) => ({ number, type }))).toEqual([
      { number: '+7 843 210-55-00', type: 'work' },
      { number: '+7 912 345-67-89', type: 'mobile' },
    ]);
  });

  it('has no "do not SMS" field: unknown (null), listed as missing', async () => {
    const read = (await load('trytonParty').read())!;
    expect(read.doNotUseSms).toBeNull();
    expect(read.provenance.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(['firstName', 'lastName', 'account', 'owner', 'doNotUseSms']);
  });

  it('names the rule behind every field', async () => {
    const read = (await load('trytonParty').read())!;
    expectSource(read.provenance.name, LAYOUT, '#tabcontent > .tab-pane.active', 'input[name="name"]');
    expectSource(read.provenance.currentUser, 'Tryton web client top bar', '#user-preferences > a[title]');
    expectSource(read.provenance.email, LAYOUT, 'mailto:');
    expectSource(read.provenance.phones, LAYOUT, 'contact mechanisms', 'a[href^="tel:"]', '.column-selection');
    for (const phone of read.phones) expectSource(phone.source, LAYOUT, 'contact mechanisms');
  });

  it("types a mobile by its label in the user's language (Russian: «сот.телефон»)", async () => {
    const page = load('trytonParty');
    for (const cell of page.document.querySelectorAll('#tab-1 .column-selection[title="Mobile"]')) cell.textContent = 'сот.телефон';
    for (const cell of page.document.querySelectorAll('#tab-1 .column-selection[title="Phone"]')) cell.textContent = 'Телефон';
    const read = (await page.read())!;
    expect(read.phones.map((p) => p.type)).toEqual(['work', 'mobile']);
  });

  it('follows SAO to another party in the same form, reading nothing until SAO has redrawn its rows', async () => {
    const page = load('trytonParty');
    expect((await page.read())!.recordId).toBe('crm:1');
    // "Next": SAO changes the URL first …
    page.window.location.hash = '#crm/model/party.party/2;name=%22Party%22&views=%5Bnull%2Cnull%5D';
    expect(await page.read()).toBeNull();
    // … then the name (the rows are still the previous party's) …
    const form = page.document.querySelector('#tab-1 .form')!;
    (form.querySelector('input[name="name"]') as HTMLInputElement).value = 'Смирнова Анна Викторовна';
    expect(await page.read()).toBeNull();
    // … and draws new rows last.
    const body = form.querySelector('.form-one2many table.tree > tbody')!;
    const row = body.querySelector('tr')!.cloneNode(true) as Element;
    row.querySelector('.column-selection')!.textContent = 'Mobile';
    row.querySelector('a')!.setAttribute('href', 'tel:+7 912 000-11-22');
    body.replaceChildren(row);
    const read = (await page.read())!;
    expect(read.recordId).toBe('crm:2');
    expect(read.fields.name).toBe('Смирнова Анна Викторовна');
    expect(read.phones.map(({ number, type }) => ({ number, type }))).toEqual([{ number: '+7 912 000-11-22', type: 'mobile' }]);
    expect(read.fields.email).toBeUndefined();
    // Back to party 1 in the same form: its rows are gone, the new ones are party 2's until SAO redraws.
    page.window.location.hash = '#crm/model/party.party/1';
    expect(await page.read()).toBeNull();
  });

  it('reads the other tab once SAO shows it', async () => {
    const page = load('trytonParty');
    page.document.querySelector('#tab-1')!.classList.remove('active');
    page.document.querySelector('#tab-2')!.classList.add('active');
    page.window.location.hash = '#crm/model/party.party/2;name=%22Party%22&views=%5Bnull%5D';
    const read = (await page.read())!;
    expect(read.fields.name).toBe('Смирнова Анна Викторовна');
    expect(read.phones.map((p) => p.number)).toEqual(['+7 912 000-11-22']);
    expect(findAnchor(page.document, trytonAdapter.button.anchor)?.closest('.tab-pane')?.id).toBe('tab-2');
  });

  it('a party without a name is still a contact (its id), and the address\'s "name" (its building name) is not taken for it', async () => {
    const page = load('trytonParty');
    (page.document.querySelector('#tab-1 .form input[name="name"]') as HTMLInputElement).value = '';
    const read = (await page.read())!;
    expect(read.recordId).toBe('crm:1');
    expect(read.fields.name).toBeUndefined();
    expect(read.provenance.name).toBeNull();
    expect(read.phones.map((p) => p.number)).toEqual(['+7 843 210-55-00', '+7 912 345-67-89']);
    expect(missingForDialog(read)).toEqual(['name', 'doNotUseSms']);
    expect(JSON.stringify(read)).not.toContain('Северный');
  });

  it("the contact-mechanism rule's target renamed: the phones and the e-mail still read, by their labels in the rows", async () => {
    const page = load('trytonParty');
    for (const table of page.document.querySelectorAll('table.tree')) table.classList.replace('tree', 'tree-renamed');
    const read = (await page.read())!;
    // The Type cell labels the Value cell beside it: Mobile → mobile (first), Phone → other; the fax is no phone.
    expect(read.phones.map(({ number, type }) => ({ number, type }))).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '+7 843 210-55-00', type: 'other' },
    ]);
    expect(read.layers.phones).toBe('fallback');
    expectSource(read.provenance.phones, 'fallback', '«Phone»', '«Mobile»', '#tabcontent > .tab-pane.active');
    expect(read.fields.email).toBe('ivan.petrov@romashka.example');
    expect(read.layers.email).toBe('fallback');
    // Not the hidden tab's party.
    expect(JSON.stringify(read)).not.toContain('000-11-22');
  });

  it("puts the SMS button at the end of the shown tab's toolbar, the sent list at the top of its form", () => {
    const page = load('trytonParty');
    const anchor = findAnchor(page.document, trytonAdapter.button.anchor);
    expect(anchor?.matches('#tab-1 nav.toolbar .btn-toolbar')).toBe(true);
    expect(trytonAdapter.button.append).toBe('last');
    expect(findAnchor(page.document, trytonAdapter.panel!.anchor)?.matches('#tab-1 > .tab-form > .panel-body')).toBe(true);
  });

  it("does not fire on the login page, even under a party's URL (nothing to read, no anchor)", async () => {
    expect(loginPage('http://127.0.0.1:8000/').detect({ generic: false })).toBeNull();
    const deepLink = loginPage(PAGES.trytonParty[1]);
    expect(deepLink.document.querySelector(trytonAdapter.ready)).toBeNull();
    expect(findAnchor(deepLink.document, trytonAdapter.button.anchor)).toBeNull();
    expect(await deepLink.read()).toBeNull();
  });

  it('does not fire on a party URL outside SAO (fewer than three of its markers)', () => {
    const page = load('trytonParty');
    page.document.querySelector('script[src*="tryton-sao"]')!.remove();
    page.document.querySelector('#tablist')!.remove();
    expect(page.detect()).toBeNull();
  });

  it('gives the party a CRM id and a snapshot the relay accepts', async () => {
    const page = load('trytonParty');
    const read = (await page.read())!;
    const crmId = crmIdOf(read, page.url);
    expect(crmId).toBe('tryton:127.0.0.1:8000:crm:1');
    expect(crmIdSchema.safeParse(crmId).success).toBe(true);
    const snapshot = toSnapshot(read, page.url);
    expect(snapshot).toEqual({
      name: 'Петров Иван Сергеевич',
      email: 'ivan.petrov@romashka.example',
      city: 'Казань',
      phones: [
        { number: '+7 843 210-55-00', type: 'work' },
        { number: '+7 912 345-67-89', type: 'mobile' },
      ],
      doNotUseSms: null,
      fields: { currentUser: 'Сергей Админов' },
      source: { adapter: 'tryton', origin: 'http://127.0.0.1:8000', url: PAGES.trytonParty[1] },
    });
    expect(contactSnapshotSchema.safeParse(snapshot).error).toBeUndefined();
  });
});
