import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../extension/crm/adapters';
import { amocrmAdapter } from '../../extension/crm/adapters/amocrm';
import { detectAdapter, findAnchor } from '../../extension/crm/detect';
import { crmIdOf } from '../../extension/crm/read-contact';
import { closePages, expectSource, load, loadFixture } from './load-page';

/**
 * amoCRM / Kommo on fixtures rebuilt from the card templates the CRM ships to the browser (see each fixture's top
 * comment): a Russian amoCRM contact card, an English Kommo contact card, a lead card.
 */
const LAYOUT = 'amoCRM contact card';
const kommoCard = () => loadFixture('kommo-contact.html', 'https://acme.kommo.com/contacts/detail/77');
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));

afterAll(closePages);

describe('amoCRM contact card as the current UI renders it', () => {
  it("issue 11: the company shown as the card's linked-company block is read as the account", async () => {
    const read = (await load('amocrmContact').read())!;
    expect(read.fields.account).toBe('ООО «Ромашка»');
    expect(read.layers.account).toBe('adapter');
    expectSource(read.provenance.account, `${LAYOUT}, linked company`, 'a.linked-form__field__link_company', 'js-linked-name-view');
  });

  it("the linked company's own phone is not the contact's", async () => {
    const read = (await load('amocrmContact').read())!;
    expect(plain(read.phones).map((p) => p.number)).not.toContain('+7 (843) 200-00-00');
  });

  it("is recognised by the card's own structure, and by the AMOCRM page global when the page around it is missing", () => {
    const page = load('amocrmContact');
    for (const element of page.document.querySelectorAll('#nav_menu, script[src], link[href]')) element.remove();
    page.document.querySelector('#page_holder')!.removeAttribute('id');
    expect(page.detect({ generic: false })).toBe(amocrmAdapter);
    // The card column alone, its fields not rendered yet: one marker, plus the page global.
    page.document.querySelector('.card-holder__container')!.replaceChildren();
    const detect = (globals: string[]) => detectAdapter(ADAPTERS, page.url, page.document, { generic: false, globals: new Set(globals) });
    expect(detect([])).toBeNull();
    expect(detect(['AMOCRM'])).toBe(amocrmAdapter);
  });
});

describe("Kommo contact card (amoCRM's international edition), English", () => {
  it('is recognised on a kommo.com account; the id is in the URL', async () => {
    const page = kommoCard();
    expect(page.detect({ generic: true })).toBe(amocrmAdapter);
    const read = (await page.read())!;
    expect(crmIdOf(read, page.url)).toBe('amocrm:acme.kommo.com:77');
  });

  it('reads the name, the linked company, the responsible user and the e-mail', async () => {
    const read = (await kommoCard().read())!;
    expect(read.fields).toEqual({ name: 'John Carter', account: 'Acme Inc.', owner: 'Emily Stone', email: 'john.carter@acme.example' });
    for (const field of ['name', 'account', 'owner', 'email', 'phones'] as const) expect(read.layers[field]).toBe('adapter');
  });

  it("types the phones by their English labels, mobile first; not the company's phone or the feed", async () => {
    const read = (await kommoCard().read())!;
    expect(plain(read.phones)).toEqual([
      { number: '+1 415 555 0199', type: 'mobile' },
      { number: '+1 415 555 0100', type: 'work' },
    ]);
    expectSource(read.phones[0]!.source, '"Mobile"', 'input.control-phone__formatted');
  });

  it('puts the SMS button before the card\'s "…" menu', () => {
    expect(findAnchor(kommoCard().document, amocrmAdapter.button.anchor)?.className).toBe('card-fields__top-name-more');
  });
});

describe('amoCRM lead card as the current UI renders it', () => {
  it('gets no contact adapter although its linked contact shows a phone and a company', () => {
    const page = load('amocrmLead');
    expect(page.document.querySelector('#contacts_list input.control-phone__formatted')).not.toBeNull();
    expect(page.detect({ generic: false })).toBeNull();
  });

  it('positive control: the same markup at a contact URL is read as that contact card', async () => {
    const page = loadFixture('amocrm-lead.html', 'https://romashka.amocrm.ru/contacts/detail/9911');
    expect(page.detect({ generic: false })).toBe(amocrmAdapter);
    const read = (await page.read())!;
    // The lead's own form has no phone; the linked contact's phone is not this card's.
    expect(read.phones).toEqual([]);
  });
});
