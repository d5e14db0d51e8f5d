import { afterAll, describe, expect, it } from 'vitest';
import { bitrix24Adapter } from '../../extension/crm/adapters/bitrix24';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields, readContact } from '../../extension/crm/read-contact';
import { PAGES, closePages, expectSource, fixtureHtml, load, loadPage, services } from './load-page';

const LAYOUT = 'Bitrix24 contact details page';
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));

afterAll(closePages);

describe('Bitrix24 contact details page (full page)', () => {
  it('is recognised as Bitrix24, with or without the generic adapter enabled', () => {
    const page = load('bitrix24Contact');
    expect(page.detect({ generic: false })).toBe(bitrix24Adapter);
    expect(page.detect({ generic: true })).toBe(bitrix24Adapter);
  });

  it('reads the contact: name from the page title, first / last name, owner, e-mail, linked company', async () => {
    const read = (await load('bitrix24Contact').read())!;
    expect(read).toMatchObject({ adapter: 'bitrix24', recordId: '12' });
    expect(read.fields).toEqual({
      name: 'Петров Иван',
      firstName: 'Иван',
      lastName: 'Петров',
      account: 'ООО «Ромашка»',
      owner: 'Анна Смирнова',
      email: 'ivan.petrov@romashka.example',
    });
  });

  it('reads the phones mobile first, then work, the fax as "other"; not the WhatsApp id, the company phone or the comment', async () => {
    const read = (await load('bitrix24Contact').read())!;
    expect(plain(read.phones)).toEqual([
      { number: '+79123456789', type: 'mobile' },
      { number: '+78432105500', type: 'work' },
      { number: '+78432105501', type: 'other' },
    ]);
  });

  it('names the rule behind every field; "do not SMS" is unknown (Bitrix24 has no such field)', async () => {
    const read = (await load('bitrix24Contact').read())!;
    expectSource(read.provenance.name, `${LAYOUT}, page title`, '#pagetitle');
    expectSource(read.provenance.firstName, LAYOUT, 'data-cid="NAME"');
    expectSource(read.provenance.owner, LAYOUT, 'data-cid="ASSIGNED_BY_ID"', '.crm-widget-employee-name');
    expectSource(read.phones[0]!.source, LAYOUT, '.crm-entity-widget-content-block-mutlifield', '"Мобильный"', 'a.crm-entity-phone-number', 'attr:title');
    expectSource(read.phones[1]!.source, LAYOUT, '"Рабочий"');
    expectSource(read.phones[2]!.source, LAYOUT, '[data-cid="PHONE"] a.crm-entity-phone-number');
    expect(read.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(['currentUser', 'city', 'doNotUseSms']);
  });

  it('takes the number shown, still typed, when a link has no title', async () => {
    const page = load('bitrix24Contact');
    for (const link of page.document.querySelectorAll('a.crm-entity-phone-number')) link.removeAttribute('title');
    const read = (await page.read())!;
    expect(plain(read.phones)).toEqual([
      { number: '+7 (912) 345-67-89', type: 'mobile' },
      { number: '+7 (843) 210-55-00', type: 'work' },
      { number: '+7 (843) 210-55-01', type: 'other' },
    ]);
    expectSource(read.phones[0]!.source, '"Мобильный"', 'a.crm-entity-phone-number (text)');
    expectSource(read.phones[2]!.source, '[data-cid="PHONE"] a.crm-entity-phone-number (text)');
  });

  it('composes the name from the name fields when the page title is missing', async () => {
    const page = load('bitrix24Contact');
    page.document.querySelector('#pagetitle')!.remove();
    const read = (await page.read())!;
    expect(read.fields.name).toBe('Иван Петров');
    expect(read.provenance.name).toBe('composed from firstName and lastName');
  });

  it('puts the SMS button at the end of the card toolbar, else in the title bar', () => {
    const page = load('bitrix24Contact');
    expect(findAnchor(page.document, bitrix24Adapter.button.anchor)?.className).toBe('crm-entity-actions-container');
    expect(bitrix24Adapter.button.append).toBe('last');
    page.document.querySelector('.crm-entity-actions-container')!.remove();
    expect(findAnchor(page.document, bitrix24Adapter.button.anchor)?.className).toBe('pagetitle-inner-container');
  });
});

describe('Bitrix24 contact in the side panel (the iframe document)', () => {
  it('is recognised inside the iframe: the record id comes from the path, the IFRAME query does not matter', async () => {
    const page = load('bitrix24SliderFrame');
    expect(page.url.search).toBe('?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER');
    expect(page.detect()).toBe(bitrix24Adapter);
    const read = (await page.read())!;
    expect(read).toMatchObject({ adapter: 'bitrix24', recordId: '15' });
    expect(crmIdOf(read, page.url)).toBe('bitrix24:lutik.bitrix24.com:15');
  });

  it('reads English labels: mobile before home, not the old number in the timeline', async () => {
    const read = (await load('bitrix24SliderFrame').read())!;
    expect(read.fields).toEqual({ name: 'Maria Sidorova', firstName: 'Maria', lastName: 'Sidorova', owner: 'Aliya Nurlanova' });
    expect(plain(read.phones)).toEqual([
      { number: '+77015550102', type: 'mobile' },
      { number: '+77273550100', type: 'home' },
    ]);
    expectSource(read.phones[0]!.source, '"Mobile"');
    expectSource(read.phones[1]!.source, '"Home"');
  });

  it("puts the SMS button in the panel's own toolbar", () => {
    const anchor = findAnchor(load('bitrix24SliderFrame').document, bitrix24Adapter.button.anchor);
    expect(anchor?.className).toBe('crm-entity-actions-container');
    expect(anchor?.closest('.crm-iframe-header')).not.toBeNull();
  });

  it('the page behind the panel, at the contact URL Bitrix24 pushed, shows no card and reads nothing', async () => {
    const page = loadPage(fixtureHtml(PAGES.bitrix24ContactList[0]), 'https://lutik.bitrix24.com/crm/contact/details/15/');
    expect(page.detect()).toBe(bitrix24Adapter);
    expect(page.document.querySelector(bitrix24Adapter.ready)).toBeNull();
    expect(await readContact(bitrix24Adapter, page.document, page.url, services)).toBeNull();
  });
});
