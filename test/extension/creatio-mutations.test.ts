import { afterAll, describe, expect, it } from 'vitest';
import type { ContactRead, TextField } from '../../extension/crm/types';
import { closePages, fixtureHtml, loadPage } from './load-page';

/**
 * Mutation tests: the Creatio fixtures with the target of the adapter's rules for a field renamed (a component tag, a
 * caption, a control id or marker, the compact profile) — as a Creatio update or a customer's designer would — still
 * yield that field, through the fallback layer inside the card, and `layers` / provenance say so.
 * Each mutation is checked to have changed the page (a replacement that matches nothing fails the test).
 */
const CLASSIC_URL = 'https://crm.example.com/0/Nui/ViewModule.aspx#CardModuleV2/ContactPageV2/edit/5c3b8f4e-6b1a-4d0e-9f2a-1b7c3d9e0a42';
const FREEDOM_RU_URL = 'https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/9b2f6d1a-3c4e-4f5a-8b7c-0d1e2f3a4b5c';
const C360_URL = 'https://crm.example.com/0/Shell/#Card/Contacts_FormPage/edit/7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

type Replacement = readonly [from: string | RegExp, to: string];

/** The fixture with every replacement applied; each must change the page. */
function mutated(fixture: string, url: string, replacements: readonly Replacement[]) {
  let html = fixtureHtml(fixture);
  for (const [from, to] of replacements) {
    const next = html.replace(typeof from === 'string' ? new RegExp(escape(from), 'g') : from, to);
    if (next === html) throw new Error(`mutation ${String(from)} → ${to} changed nothing in ${fixture}`);
    html = next;
  }
  return loadPage(html, url);
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A custom element renamed, opening and closing tags. */
const renameTag = (from: string, to: string): Replacement[] => [[new RegExp(`(</?)${escape(from)}(?=[\\s>])`, 'g'), `$1${to}`]];

async function read(page: ReturnType<typeof loadPage>): Promise<ContactRead> {
  const contact = await page.read();
  if (!contact) throw new Error('expected a contact read, got null');
  return contact;
}

function expectFallback(contact: ContactRead, field: TextField | 'phones' | 'doNotUseSms'): void {
  expect(contact.layers[field], `layers.${field}`).toBe('fallback');
  expect(contact.provenance[field], `provenance.${field}`).toMatch(/^fallback/);
}
const digits = (phones: ContactRead['phones']) => phones.map((p) => p.number.replace(/\D/g, ''));

afterAll(closePages);

describe('Creatio Freedom UI, customised page: a renamed component or caption falls back inside the card', () => {
  const ru = (replacements: readonly Replacement[]) => mutated('creatio-freedom-contact-ru.html', FREEDOM_RU_URL, replacements);

  it('name: the «ФИО» caption renamed → the name by its new caption, as a fallback', async () => {
    const contact = await read(ru([['title="ФИО">ФИО<', 'title="Полное имя">Полное имя<']]));
    expect(contact.fields.name).toBe('Петров Иван Сергеевич');
    expectFallback(contact, 'name');
  });

  it('phones: crt-phone-input renamed (a new phone component) → mobile and work by their captions, as a fallback', async () => {
    const contact = await read(ru(renameTag('crt-phone-input', 'crt-phone-field')));
    expect(contact.phones.find((p) => p.type === 'mobile')?.number.replace(/\D/g, '')).toBe('79123456789');
    expect(contact.phones.find((p) => p.type === 'work')?.number.replace(/\D/g, '')).toBe('78432105500');
    expectFallback(contact, 'phones');
  });

  it('email: crt-email-input renamed → the e-mail by its «Email» caption, as a fallback', async () => {
    const contact = await read(ru(renameTag('crt-email-input', 'crt-mail-input')));
    expect(contact.fields.email).toBe('ivan.petrov@romashka.example');
    expectFallback(contact, 'email');
  });

  it('account, owner, city: crt-combobox renamed → each by its caption, as a fallback', async () => {
    const contact = await read(ru(renameTag('crt-combobox', 'crt-lookup')));
    expect(contact.fields).toMatchObject({ account: 'ООО «Ромашка»', owner: 'Смирнова Анна', city: 'Казань' });
    for (const field of ['account', 'owner', 'city'] as const) expectFallback(contact, field);
  });

  it('first and last name: crt-input renamed → by their captions, as a fallback', async () => {
    const contact = await read(ru(renameTag('crt-input', 'crt-text-input')));
    expect(contact.fields).toMatchObject({ name: 'Петров Иван Сергеевич', firstName: 'Иван', lastName: 'Петров' });
    for (const field of ['name', 'firstName', 'lastName'] as const) expectFallback(contact, field);
  });

  it('«Не использовать SMS»: crt-checkbox renamed → the box by its caption, unticked and then ticked, as a fallback', async () => {
    const page = ru(renameTag('crt-checkbox', 'crt-toggle'));
    const unticked = await read(page);
    expect(unticked.doNotUseSms).toBe(false);
    expectFallback(unticked, 'doNotUseSms');
    (page.document.querySelector('#mat-checkbox-2-input') as HTMLInputElement).checked = true;
    expect((await read(page)).doNotUseSms).toBe(true);
  });
});

describe('Creatio Freedom UI as installed (Customer 360): the profile and the communication options renamed', () => {
  const c360 = (replacements: readonly Replacement[]) => mutated('evidence/creatio-freedom-c360-ru.html', C360_URL, replacements);

  it("name: crt-contact-compact-profile renamed → the page heading (the profile block's name) gives it, as a fallback", async () => {
    const contact = await read(c360(renameTag('crt-contact-compact-profile', 'crt-contact-profile')));
    expect(contact.fields.name).toBe('Петров Иван Сергеевич');
    expectFallback(contact, 'name');
    expect(contact.provenance.name).toContain('heading');
  });

  it('name: the profile and its classes renamed too → still a name (the tab title), as a fallback', async () => {
    const contact = await read(
      c360([...renameTag('crt-contact-compact-profile', 'crt-contact-profile'), ['profile-name', 'person-name'], ['edit-profile-button', 'edit-person-button']]),
    );
    expect(contact.fields.name).toBe('Петров Иван Сергеевич');
    expectFallback(contact, 'name');
  });

  it('phones and e-mail: crt-communication-options and its inputs renamed → by their captions, as a fallback', async () => {
    const contact = await read(
      c360([
        ...renameTag('crt-communication-options', 'crt-channels'),
        ...renameTag('crt-phone-input', 'crt-phone-field'),
        ...renameTag('crt-email-input', 'crt-mail-input'),
      ]),
    );
    expect(contact.phones.find((p) => p.type === 'mobile')?.number.replace(/\D/g, '')).toBe('79123456789');
    expect(contact.phones.find((p) => p.type === 'work')?.number.replace(/\D/g, '')).toBe('78432105500');
    expectFallback(contact, 'phones');
    expect(contact.fields.email).toBe('ivan.petrov@romashka.example');
    expectFallback(contact, 'email');
  });
});

describe('Creatio Classic: renamed control ids and markers fall back to the captions inside the card', () => {
  const classic = (replacements: readonly Replacement[]) => mutated('creatio-classic-contact.html', CLASSIC_URL, replacements);

  it("name: the name control's id and marker and the header caption's id renamed → by its «ФИО» caption, as a fallback", async () => {
    const contact = await read(
      classic([
        ['AccountNameTextEdit', 'UsrFullNameEdit'],
        ['data-item-marker="AccountName ', 'data-item-marker="UsrFullName '],
        ['MainHeaderSchemaPageHeaderCaptionLabel', 'MainHeaderSchemaTitle'],
      ]),
    );
    expect(contact.fields.name).toBe('Петров Иван Сергеевич');
    expectFallback(contact, 'name');
  });

  it('phones: the phone controls\' ids and markers renamed → mobile and work by their captions, not the "-virtual" twins, as a fallback', async () => {
    const contact = await read(
      classic([
        ['AccountMobilePhoneTextEdit', 'UsrMobileEdit'],
        ['AccountPhoneTextEdit', 'UsrWorkPhoneEdit'],
        ['data-item-marker="AccountMobilePhone ', 'data-item-marker="UsrMobile '],
        ['data-item-marker="AccountPhone ', 'data-item-marker="UsrWorkPhone '],
      ]),
    );
    expect(contact.phones.find((p) => p.type === 'mobile')?.number.replace(/\D/g, '')).toBe('79123456789');
    expect(contact.phones.find((p) => p.type === 'work')?.number.replace(/\D/g, '')).toBe('78432105500');
    expect(digits(contact.phones)).not.toContain('79120000000');
    expect(digits(contact.phones)).not.toContain('78439999999');
    expectFallback(contact, 'phones');
  });

  it('email, account, owner: their ids and markers renamed → by their captions, as a fallback', async () => {
    const contact = await read(
      classic([
        ['AccountEmailTextEdit', 'UsrEmailEdit'],
        ['data-item-marker="AccountEmail ', 'data-item-marker="UsrEmail '],
        ['AccountLookupEdit', 'UsrCompanyEdit'],
        ['data-item-marker="Account ', 'data-item-marker="UsrCompany '],
        ['OwnerLookupEdit', 'UsrOwnerEdit'],
        ['data-item-marker="Owner ', 'data-item-marker="UsrOwner '],
      ]),
    );
    expect(contact.fields).toMatchObject({ email: 'ivan.petrov@romashka.example', account: 'ООО «Ромашка»', owner: 'Смирнова Анна' });
    for (const field of ['email', 'account', 'owner'] as const) expectFallback(contact, field);
  });

  it('«Не использовать SMS»: a new checkbox control (ids, marker and t-checkboxedit classes renamed) → by its caption, ticked and unticked, as a fallback', async () => {
    const page = classic([
      ['ContactPageV2DoNotUseSms', 'ContactPageV2UsrNoSms'],
      ['data-item-marker="DoNotUseSms ', 'data-item-marker="UsrNoSms '],
      ['t-checkboxedit', 't-checkbox-v2'],
    ]);
    const ticked = await read(page);
    expect(ticked.doNotUseSms).toBe(true);
    expectFallback(ticked, 'doNotUseSms');
    page.document.querySelector('#ContactPageV2UsrNoSmsCheckBoxEdit-wrapEl')!.classList.remove('t-checkbox-v2-checked');
    expect((await read(page)).doNotUseSms).toBe(false);
  });
});
