import { afterAll, describe, expect, it } from 'vitest';
import { creatioFreedomAdapter } from '../../extension/crm/adapters/creatio-freedom';
import { findAnchor } from '../../extension/crm/detect';
import { missingFields } from '../../extension/crm/read-contact';
import { GUID, closePages, expectSource, load } from './load-page';

const LAYOUT = 'Creatio Freedom UI form page';
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));

afterAll(closePages);

describe('Creatio Freedom UI contact form page customised in the designer, Russian captions', () => {
  it('is recognised as Creatio Freedom UI, with or without the generic adapter enabled', () => {
    const page = load('freedomRu');
    expect(page.detect({ generic: false })).toBe(creatioFreedomAdapter);
    expect(page.detect({ generic: true })).toBe(creatioFreedomAdapter);
  });

  it('reads the whole contact by component type and Russian caption, whatever the element-names', async () => {
    const read = (await load('freedomRu').read())!;
    expect(read).toMatchObject({ adapter: 'creatio', recordId: GUID.freedomRu });
    expect(read.fields).toEqual({
      name: 'Петров Иван Сергеевич',
      firstName: 'Иван',
      lastName: 'Петров',
      account: 'ООО «Ромашка»',
      owner: 'Смирнова Анна',
      email: 'ivan.petrov@romashka.example',
      city: 'Казань',
    });
    // Mobile first, then work (both crt-phone-input), then the extra number of the communication options; not the
    // empty home phone, not the old number in the timeline, not the options' duplicate of the mobile number.
    expect(plain(read.phones)).toEqual([
      { number: '+7 (912) 345-67-89', type: 'mobile' },
      { number: '+7 (843) 210-55-00', type: 'work' },
      { number: '+7 (843) 555-12-34', type: 'other' },
    ]);
  });

  it('reads "Не использовать SMS" as unticked (false), not from the ticked e-mail / phone boxes next to it', async () => {
    const read = (await load('freedomRu').read())!;
    expect(read.doNotUseSms).toBe(false);
    expectSource(read.provenance.doNotUseSms, LAYOUT, 'crt-checkbox', 'Не использовать SMS');
  });

  it('reads it as ticked (true) once the user ticks it', async () => {
    const page = load('freedomRu');
    (page.document.querySelector('#mat-checkbox-2-input') as HTMLInputElement).checked = true;
    expect((await page.read())!.doNotUseSms).toBe(true);
  });

  it('names the component and caption behind every field, and lists exactly the fields the page does not show', async () => {
    const read = (await load('freedomRu').read())!;
    expectSource(read.provenance.name, LAYOUT, 'crt-input', '"ФИО"');
    expectSource(read.provenance.firstName, LAYOUT, '"Имя"');
    expectSource(read.provenance.lastName, LAYOUT, '"Фамилия"');
    expectSource(read.provenance.account, LAYOUT, 'crt-combobox', '"Контрагент"');
    expectSource(read.provenance.owner, LAYOUT, 'crt-combobox', '"Ответственный"');
    expectSource(read.provenance.email, LAYOUT, 'crt-email-input', '"Email"', 'email-field-input');
    expectSource(read.provenance.city, LAYOUT, '"Город"');
    expectSource(read.phones[0]!.source, LAYOUT, 'crt-phone-input', '"Мобильный телефон"', 'input[crtphoneinput]');
    expectSource(read.phones[1]!.source, LAYOUT, 'crt-phone-input', '"Рабочий телефон"');
    expectSource(read.phones[2]!.source, `${LAYOUT}, communication options`, 'crt-communication-options crt-phone-input input');
    expect(missingFields(read)).toEqual(['currentUser']);
    expect(Object.values(read.layers).every((layer) => layer === 'adapter')).toBe(true);
  });

  it('composes the name from first and last name when the page has no full-name field', async () => {
    const page = load('freedomRu');
    page.document.querySelector('crt-input[element-name="Input_3x8u1ko"]')!.remove();
    const read = (await page.read())!;
    expect(read.fields.name).toBe('Иван Петров');
    expect(read.provenance.name).toBe('composed from firstName and lastName');
  });

  it('puts the SMS button after the contained Save button of the page header, not in the app toolbar', () => {
    const page = load('freedomRu');
    const anchor = findAnchor(page.document, creatioFreedomAdapter.button.anchor);
    expect(anchor?.tagName.toLowerCase()).toBe('crt-button');
    expect(anchor?.getAttribute('element-name')).toBe('SaveButton');
    expect(anchor?.textContent?.trim()).toBe('Сохранить');
    expect(anchor?.closest('crt-app-toolbar')).toBeNull();
    expect(creatioFreedomAdapter.button.append).toBe('after');
  });

  it('reads nothing while the schema outlet has not rendered the page yet', async () => {
    const page = load('freedomRu');
    page.document.querySelector('crt-schema-outlet')!.replaceChildren();
    expect(page.detect()).toBe(creatioFreedomAdapter);
    expect(await page.read()).toBeNull();
  });
});

describe('Creatio Freedom UI contact form page customised in the designer, English captions, no "Do not use SMS" field', () => {
  it('reads the contact with English captions, mobile before work whatever the page order, no duplicate mobile', async () => {
    const page = load('freedomEn');
    expect(page.detect()).toBe(creatioFreedomAdapter);
    const read = (await page.read())!;
    expect(read).toMatchObject({ adapter: 'creatio', recordId: GUID.freedomEn });
    expect(read.fields).toEqual({ name: "Patrick O'Brien", account: "O'Brien & Co", owner: 'Anna Smith', email: 'patrick@obrien.example' });
    expect(plain(read.phones)).toEqual([
      { number: '+7 (916) 555-01-02', type: 'mobile' },
      { number: '+7 (495) 123-45-67', type: 'work' },
    ]);
    expectSource(read.provenance.name, LAYOUT, '"Full name"');
    expectSource(read.phones[0]!.source, LAYOUT, '"Mobile phone"');
    expectSource(read.phones[1]!.source, LAYOUT, '"Business phone"');
    expectSource(read.provenance.account, `${LAYOUT}, lookup shown as a link`, '"Account"');
    expectSource(read.provenance.owner, LAYOUT, '"Owner"');
  });

  it('leaves "do not SMS" unknown (null), not false, when the page has no such checkbox (only "Do not use email", ticked)', async () => {
    const page = load('freedomEn');
    expect(page.document.querySelector('crt-checkbox .mat-checkbox-label')?.textContent).toBe('Do not use email');
    const read = (await page.read())!;
    expect(read.doNotUseSms).toBeNull();
    expect(read.provenance.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(['firstName', 'lastName', 'currentUser', 'city', 'doNotUseSms']);
  });

  it('puts the SMS button after the Save button', () => {
    const anchor = findAnchor(load('freedomEn').document, creatioFreedomAdapter.button.anchor);
    expect(anchor?.getAttribute('element-name')).toBe('SaveButton');
  });
});
