import { afterAll, describe, expect, it } from 'vitest';
import { creatioClassicAdapter } from '../../extension/crm/adapters/creatio-classic';
import { creatioFreedomAdapter } from '../../extension/crm/adapters/creatio-freedom';
import { closePages, expectSource, loadFixture, type LoadedPage } from './load-page';

/**
 * Creatio pages rebuilt from public markup (test/fixtures/evidence/, and the rebuilt creatio-* fixtures; each names its
 * sources). The «regression:» cases are the failures found on independently written pages: each failed on the
 * adapters before this change.
 */
const FREEDOM = 'Creatio Freedom UI form page';
const CLASSIC = 'Creatio Classic contact page (ExtJS)';
const CLASSIC_GUID = '5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42';
const classicUrl = `https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/${CLASSIC_GUID}`;
const freedomUrl = (guid: string) => `https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/${guid}`;

const c360Ru = () => loadFixture('evidence/creatio-freedom-c360-ru.html', freedomUrl('7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'));
const c360En = () => loadFixture('evidence/creatio-freedom-c360-en.html', freedomUrl('2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e'));
const customRu = () => loadFixture('creatio-freedom-contact-ru.html', freedomUrl('9b2f6d1a-3c4e-4f5a-8b7c-0d1e2f3a4b5c'));
const customEn = () => loadFixture('creatio-freedom-contact-en.html', freedomUrl('e4d3c2b1-a0f9-4e8d-9c7b-6a5f4e3d2c1b'));
const classic = (fixture = 'creatio-classic-contact.html') => loadFixture(fixture, classicUrl);
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));
const readOf = async (page: LoadedPage) => {
  const read = await page.read();
  if (!read) throw new Error('expected a contact read, got null');
  return read;
};

afterAll(closePages);

describe('Creatio Freedom UI as installed (Customer 360 Contacts_FormPage)', () => {
  it('regression: a card whose name is only in the compact profile is read, with its name (the click has a contact to open)', async () => {
    for (const [page, name] of [
      [c360Ru(), 'Петров Иван Сергеевич'],
      [c360En(), "Patrick O'Brien"],
    ] as const) {
      expect(page.detect()).toBe(creatioFreedomAdapter);
      expect(page.document.querySelector('[title="ФИО"], [title="Full name"]')).toBeNull();
      const read = await readOf(page);
      expect(read.fields.name).toBe(name);
      expect(read.layers.name).toBe('adapter');
      expectSource(read.provenance.name, `${FREEDOM}, contact compact profile`, 'crt-contact-compact-profile');
    }
  });

  it('regression: a lookup shown only as its link (showValueAsLink, the input empty) is read from the link', async () => {
    const page = c360Ru();
    expect((page.document.querySelector('crt-combobox[element-name="Account"] input') as HTMLInputElement).value).toBe('');
    const read = await readOf(page);
    expect(read.fields).toMatchObject({ account: 'ООО «Ромашка»', owner: 'Смирнова Анна' });
    expectSource(read.provenance.account, `${FREEDOM}, lookup shown as a link`, 'crt-combobox', '"Контрагент"');
  });

  it('reads the phones and e-mail of the communication options block, typed by their captions', async () => {
    const read = await readOf(c360Ru());
    expect(plain(read.phones)).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '+7 (843) 210-55-00', type: 'work' },
    ]);
    expect(read.fields.email).toBe('ivan.petrov@romashka.example');
    expectSource(read.provenance.email, FREEDOM, 'crt-email-input');
    // Not the caller's number in the timeline, not the job title or the address of the form of address.
    expect(read.fields).toEqual({ name: 'Петров Иван Сергеевич', account: 'ООО «Ромашка»', owner: 'Смирнова Анна', email: 'ivan.petrov@romashka.example' });
    expect(read.doNotUseSms).toBeNull();
  });

  it('reads the communication options when they show links (English page): the number as "other", the e-mail from mailto:', async () => {
    const read = await readOf(c360En());
    expect(plain(read.phones)).toEqual([{ number: '+353871234567', type: 'other' }]);
    expect(read.fields).toMatchObject({ account: "O'Brien & Co", owner: 'Anna Smith', email: 'patrick@obrien.example' });
    expectSource(read.provenance.phones, `${FREEDOM}, communication options`, 'a[href^="tel:"]');
  });

  it('the adapter names its card (the schema outlet, not the app toolbar with the signed-in user) and where the page shows the name', () => {
    const page = c360Ru();
    const card = page.document.querySelector(creatioFreedomAdapter.card![0]!)!;
    expect(card.querySelector('crt-contact-compact-profile')).not.toBeNull();
    expect(card.querySelector('crt-app-toolbar, crt-user-profile-button')).toBeNull();
    const heading = creatioFreedomAdapter.heading!.map((s) => page.document.querySelector(s)?.textContent?.trim()).find(Boolean);
    expect(heading).toBe('Петров Иван Сергеевич');
    expect(creatioFreedomAdapter.globalMarkers).toEqual(['Terrasoft', 'BPMSoft']);
  });
});

describe('Creatio Freedom UI component types (page-schema crt.* → rendered tag)', () => {
  it('regression: phones rendered by crt.PhoneInput (crt-phone-input) are read, mobile and work by their captions', async () => {
    const page = customRu();
    expect(page.document.querySelectorAll('crt-phone-input').length).toBeGreaterThan(0);
    expect(page.document.querySelector('crt-input input[type="tel"]')).toBeNull();
    const read = await readOf(page);
    expect(plain(read.phones).slice(0, 2)).toEqual([
      { number: '+7 (912) 345-67-89', type: 'mobile' },
      { number: '+7 (843) 210-55-00', type: 'work' },
    ]);
    expectSource(read.phones[0]!.source, FREEDOM, 'crt-phone-input', 'input[crtphoneinput]');
  });

  it('regression: the e-mail rendered by crt.EmailInput (crt-email-input) is read', async () => {
    for (const [page, email] of [
      [customRu(), 'ivan.petrov@romashka.example'],
      [customEn(), 'patrick@obrien.example'],
    ] as const) {
      const read = await readOf(page);
      expect(read.fields.email).toBe(email);
      expectSource(read.provenance.email, FREEDOM, 'crt-email-input');
    }
  });

  it('reads the e-mail from its mailto: link when the editable input is empty', async () => {
    const page = customRu();
    (page.document.querySelector('input[data-qa="email-field-input"]') as HTMLInputElement).value = '';
    const read = await readOf(page);
    expect(read.fields.email).toBe('ivan.petrov@romashka.example');
    expectSource(read.provenance.email, `${FREEDOM}, e-mail shown as a link`, 'email-link-field-href');
  });

  it('a phone shown as a link only (phoneAsLink) is read from its tel: href', async () => {
    const page = customRu();
    (page.document.querySelector('crt-phone-input[element-name="PhoneInput_76zpqgf"] input') as HTMLInputElement).value = '';
    page.document.querySelector('crt-communication-options')!.remove();
    const read = await readOf(page);
    expect(plain(read.phones)[0]).toEqual({ number: '+79123456789', type: 'mobile' });
    expectSource(read.phones[0]!.source, `${FREEDOM}, phone shown as a link`, '"Мобильный телефон"');
  });

  it('crt.Checkbox (crt-checkbox): the caption beside the box (.crt-checkbox-label) or inside it (.mat-checkbox-label), the state its input', async () => {
    const page = customRu();
    expect((await readOf(page)).doNotUseSms).toBe(false);
    // The same box with its caption inside mat-checkbox (label position "right"), ticked.
    const box = page.document.querySelector('crt-checkbox[element-name="Checkbox_t6y7u8i"]')!;
    box.querySelector('.crt-checkbox-label')!.remove();
    box.querySelector('.mat-checkbox-label')!.textContent = 'Не использовать SMS';
    (box.querySelector('input') as HTMLInputElement).checked = true;
    const read = await readOf(page);
    expect(read.doNotUseSms).toBe(true);
    expectSource(read.provenance.doNotUseSms, FREEDOM, 'crt-checkbox', '"Не использовать SMS"');
  });
});

describe('Creatio Classic «Не использовать SMS» (Terrasoft.CheckBoxEdit) in every place and state the sources show', () => {
  it('regression: shown as a restriction of the communication options detail (#DoNotUseSms-wrapEl, no marker) it reads ticked', async () => {
    const page = classic('evidence/creatio-classic-communication-restriction.html');
    expect(page.document.querySelector('[data-item-marker^="DoNotUseSms "]')).toBeNull();
    const read = await readOf(page);
    expect(read.doNotUseSms).toBe(true);
    expectSource(read.provenance.doNotUseSms, `${CLASSIC}, communication options detail restriction`, '#DoNotUseSms-wrapEl');
    page.document.querySelector('#DoNotUseSms-wrapEl')!.classList.remove('t-checkboxedit-checked');
    expect((await readOf(page)).doNotUseSms).toBe(false);
  });

  it('regression: placed by the page designer (generated item name in its id and marker) it is found by its caption', async () => {
    const page = classic('evidence/creatio-classic-designer-checkbox.html');
    expect(page.document.querySelector('[id*="DoNotUseSms"], [data-item-marker^="DoNotUseSms"]')).toBeNull();
    const read = await readOf(page);
    expect(read.doNotUseSms).toBe(true);
    expectSource(read.provenance.doNotUseSms, `${CLASSIC}, checkbox by its caption`, '"Не использовать SMS"');
    page.document.querySelector('[id$="CheckBoxEdit-wrapEl"][data-item-marker$=" Не использовать SMS"]')!.classList.remove('t-checkboxedit-checked');
    const unticked = await readOf(page);
    expect(unticked.doNotUseSms).toBe(false);
    expectSource(unticked.provenance.doNotUseSms, `${CLASSIC}, checkbox by its caption`);
  });

  it('regression: the data-item-marker on the wrap itself (not on a container around it) finds it when the control id is not the standard one', async () => {
    const page = classic();
    page.document.querySelector('#ContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl')!.id = 'UsrContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl';
    const read = await readOf(page);
    expect(read.doNotUseSms).toBe(true);
    expectSource(read.provenance.doNotUseSms, `${CLASSIC}, DoNotUseSms by data-item-marker`, '.t-checkboxedit-wrap[data-item-marker^="DoNotUseSms "]');
  });

  it('regression: a ticked input reads ticked even when the wrap has no checked class', async () => {
    const page = classic();
    const wrap = page.document.querySelector('#ContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl')!;
    wrap.classList.remove('t-checkboxedit-checked');
    (wrap.querySelector('input') as HTMLInputElement).checked = true;
    const read = await readOf(page);
    expect(read.doNotUseSms).toBe(true);
    expectSource(read.provenance.doNotUseSms, CLASSIC, 'checked input');
  });

  it.each([
    ['the checked class on the wrap', true, false, true],
    ['a ticked input', false, true, true],
    ['both', true, true, true],
    ['neither', false, false, false],
  ] as const)(
    'the page field marked by %s (wrap %s, input %s) reads %s, never from the ticked «Не использовать Email» beside it',
    async (_, wrapChecked, inputChecked, expected) => {
      const page = classic();
      const wrap = page.document.querySelector('#ContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl')!;
      wrap.classList.toggle('t-checkboxedit-checked', wrapChecked);
      (wrap.querySelector('input') as HTMLInputElement).checked = inputChecked;
      expect((await readOf(page)).doNotUseSms).toBe(expected);
    },
  );

  it('the adapter names its card (BasePageV2 #CardContentWrapper, not the section list beside it) and the page caption as the heading', () => {
    const page = classic();
    const card = page.document.querySelector(creatioClassicAdapter.card![0]!)!;
    expect(card.querySelector('#ContactPageV2AccountNameTextEdit-el')).not.toBeNull();
    expect(card.querySelector('#ContactSectionV2Container')).toBeNull();
    expect(page.document.querySelector(creatioClassicAdapter.heading![0]!)?.textContent).toBe('Петров Иван Сергеевич');
    expect(creatioClassicAdapter.globalMarkers).toEqual(['Terrasoft', 'BPMSoft']);
  });
});
