import { afterAll, describe, expect, it } from 'vitest';
import { amocrmAdapter } from '../../extension/crm/adapters/amocrm';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields, readContact } from '../../extension/crm/read-contact';
import { closePages, expectSource, load, services } from './load-page';

const LAYOUT = 'amoCRM contact card';
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));

afterAll(closePages);

describe('amoCRM / Kommo contact card', () => {
  it('is recognised as amoCRM, with or without the generic adapter enabled', () => {
    const page = load('amocrmContact');
    expect(page.detect({ generic: false })).toBe(amocrmAdapter);
    expect(page.detect({ generic: true })).toBe(amocrmAdapter);
  });

  it('reads the contact: card name, company, responsible user, e-mail; the id from the URL', async () => {
    const page = load('amocrmContact');
    const read = (await page.read())!;
    expect(read).toMatchObject({ adapter: 'amocrm', recordId: '5502134' });
    expect(crmIdOf(read, page.url)).toBe('amocrm:romashka.amocrm.ru:5502134');
    expect(read.fields).toEqual({
      name: 'Иван Петров',
      account: 'ООО «Ромашка»',
      owner: 'Анна Смирнова',
      email: 'ivan.petrov@romashka.example',
    });
  });

  it("types each phone by its row's chosen type (not the drop-down list); not the company's phone, the empty row or the feed", async () => {
    const read = (await load('amocrmContact').read())!;
    expect(plain(read.phones)).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '+7 (843) 210-55-00', type: 'work' },
      { number: '+7 (843) 555-12-34', type: 'other' },
    ]);
  });

  it('names the rule behind every field; "do not SMS" is unknown (amoCRM has no such field)', async () => {
    const read = (await load('amocrmContact').read())!;
    expectSource(read.provenance.name, `${LAYOUT}, card name`, 'textarea#person_n');
    // The company is the card's linked-company block (the shared card templates render no company field in a
    // contact's own form); this test used to expect an invented company[NAME] field there.
    expectSource(read.provenance.account, LAYOUT, '.card-fields__linked-block', 'a.linked-form__field__link_company', 'js-linked-name-view');
    expectSource(read.provenance.owner, LAYOUT, 'users-select', 'attr:data-title');
    expectSource(read.provenance.email, LAYOUT, '[data-pei-code="email"]');
    expectSource(read.phones[0]!.source, LAYOUT, '.linked-form__field-pei', '"Мобильный"', 'input.control-phone__formatted');
    expectSource(read.phones[1]!.source, LAYOUT, '"Раб. тел."');
    expectSource(read.phones[2]!.source, LAYOUT, '.card-fields__fields-block .linked-form__field-pei [data-pei-code="phone"]');
    expect(read.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(['firstName', 'lastName', 'currentUser', 'city', 'doNotUseSms']);
  });

  it("reads a phone the user has just typed into the row (the input's live value)", async () => {
    const page = load('amocrmContact');
    const empty = [...page.document.querySelectorAll<HTMLInputElement>('.card-fields__fields-block input.control-phone__formatted')].find((input) => !input.value)!;
    empty.value = '+7 917 222-33-44';
    const read = (await page.read())!;
    expect(plain(read.phones)).toContainEqual({ number: '+7 917 222-33-44', type: 'work' });
  });

  it('without the name box, the name comes from the card itself, never from the linked company', async () => {
    const page = load('amocrmContact');
    // The whole name box: the textarea and its hidden twin the heading fallback would read.
    page.document.querySelector('.js-card-name')!.remove();
    const untitled = (await page.read())!;
    expect(untitled.fields.name).toBe('Иван Петров');
    expect(untitled.layers.name).toBe('fallback');
    expectSource(untitled.provenance.name, 'document title');
    page.document
      .querySelector('.card-fields__fields-block .linked-forms__group-wrapper')!
      .insertAdjacentHTML('afterbegin', '<input class="linked-form__cf js-linked-name-view text-input" type="text" value="Иван Петров" readonly>');
    const read = (await page.read())!;
    expect(read.fields.name).toBe('Иван Петров');
    expect(read.layers.name).toBe('adapter');
    expectSource(read.provenance.name, LAYOUT, '.card-fields__fields-block .js-linked-name-view');
  });

  it('puts the SMS button before the card\'s "…" menu, next to the name', () => {
    const page = load('amocrmContact');
    const anchor = findAnchor(page.document, amocrmAdapter.button.anchor);
    expect(anchor?.className).toBe('card-fields__top-name-more');
    expect(amocrmAdapter.button.append).toBe('before');
  });

  it('reads nothing from a lead card even with the contact adapter forced on it', async () => {
    const page = load('amocrmLead');
    expect(page.detect()).toBeNull();
    expect(await readContact(amocrmAdapter, page.document, page.url, services)).toBeNull();
  });
});
