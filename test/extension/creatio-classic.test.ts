import { afterAll, describe, expect, it } from 'vitest';
import { contactSnapshotSchema, crmIdSchema } from '../../shared/api';
import { creatioClassicAdapter } from '../../extension/crm/adapters/creatio-classic';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields, readContact, toSnapshot } from '../../extension/crm/read-contact';
import { GUID, PAGES, closePages, expectSource, load, services } from './load-page';

const LAYOUT = 'Creatio Classic contact page (ExtJS)';

afterAll(closePages);

describe('Creatio Classic contact card (ContactPageV2)', () => {
  it('is recognised as Creatio Classic, with or without the generic adapter enabled', () => {
    const page = load('classicContact');
    expect(page.detect({ generic: false })).toBe(creatioClassicAdapter);
    expect(page.detect({ generic: true })).toBe(creatioClassicAdapter);
  });

  it('reads the whole contact: name, mobile then work phone, account, owner, email, "do not SMS" ticked', async () => {
    const read = await load('classicContact').read();
    expect(read).toMatchObject({
      adapter: 'creatio',
      recordId: GUID.classic,
      fields: { name: 'Петров Иван Сергеевич', account: 'ООО «Ромашка»', owner: 'Смирнова Анна', email: 'ivan.petrov@romashka.example' },
      doNotUseSms: true,
    });
    expect(Object.keys(read!.fields).sort()).toEqual(['account', 'email', 'name', 'owner']);
    // Not the "-virtual" twins' stale numbers, not the number in the notes, not the section list's rows.
    expect(read!.phones.map(({ number, type }) => ({ number, type }))).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '+7 (843) 210-55-00', type: 'work' },
    ]);
  });

  it('names the control id behind every field, lists exactly the fields the card does not show, all read by the adapter', async () => {
    const read = (await load('classicContact').read())!;
    expectSource(read.provenance.name, LAYOUT, 'AccountNameTextEdit-el');
    expectSource(read.provenance.account, LAYOUT, 'AccountLookupEdit-el');
    expectSource(read.provenance.owner, LAYOUT, 'OwnerLookupEdit-el');
    expectSource(read.provenance.email, LAYOUT, 'AccountEmailTextEdit-el');
    expectSource(read.phones[0]!.source, LAYOUT, 'MobilePhoneTextEdit-el');
    expectSource(read.phones[1]!.source, LAYOUT, 'AccountPhoneTextEdit-el');
    expectSource(read.provenance.phones, 'MobilePhoneTextEdit-el', 'AccountPhoneTextEdit-el');
    expectSource(read.provenance.doNotUseSms, LAYOUT, 'DoNotUseSmsCheckBoxEdit', 'checked class on the wrap');
    expect(missingFields(read)).toEqual(['firstName', 'lastName', 'currentUser', 'city']);
    expect(Object.values(read.layers).every((layer) => layer === 'adapter')).toBe(true);
  });

  it('reads "do not SMS" from the CheckBoxEdit wrap class: unticked → false', async () => {
    const page = load('classicContact');
    page.document.querySelector('#ContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl')!.classList.remove('t-checkboxedit-checked');
    expect((await page.read())!.doNotUseSms).toBe(false);
  });

  it('finds the checkbox by the data-item-marker on its own wrap when the control id differs', async () => {
    const page = load('classicContact');
    page.document.querySelector('#ContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl')!.id = 'UsrContactPageV2DoNotUseSmsCheckBoxEdit-wrapEl';
    const read = (await page.read())!;
    expect(read.doNotUseSms).toBe(true);
    expectSource(read.provenance.doNotUseSms, `${LAYOUT}, DoNotUseSms by data-item-marker`, '.t-checkboxedit-wrap[data-item-marker^="DoNotUseSms "]');
  });

  it('says "unknown" (null), not "allowed", while the communication channels tab is not rendered', async () => {
    const page = load('classicContact');
    page.document.querySelector('#ContactPageV2CommunicationChannelsTabContainer')!.remove();
    const read = (await page.read())!;
    expect(read.doNotUseSms).toBeNull();
    expect(missingFields(read)).toContain('doNotUseSms');
  });

  it("puts the SMS button right after the card's Close button", () => {
    const page = load('classicContact');
    const anchor = findAnchor(page.document, creatioClassicAdapter.button.anchor);
    expect(anchor?.id).toBe('ContactPageV2CloseButtonButton-wrapperEl');
    expect(anchor?.textContent).toBe('Закрыть');
    expect(creatioClassicAdapter.button.append).toBe('after');
  });

  it('falls back to the Save button when the card shows no Close button', () => {
    const page = load('classicContact');
    page.document.querySelector('[data-item-marker="CloseButton"]')!.remove();
    expect(findAnchor(page.document, creatioClassicAdapter.button.anchor)?.id).toBe('ContactPageV2SaveButtonButton-wrapperEl');
  });

  it('gives the contact a CRM id and a snapshot the relay accepts', async () => {
    const page = load('classicContact');
    const url = new URL(PAGES.classicContact[1]);
    const read = (await readContact(creatioClassicAdapter, page.document, url, services))!;
    const crmId = crmIdOf(read, url);
    expect(crmId).toBe(`creatio:crm.example.com:${GUID.classic}`);
    expect(crmIdSchema.safeParse(crmId).success).toBe(true);
    const snapshot = toSnapshot(read, url);
    expect(snapshot).toEqual({
      name: 'Петров Иван Сергеевич',
      account: 'ООО «Ромашка»',
      owner: 'Смирнова Анна',
      email: 'ivan.petrov@romashka.example',
      phones: [
        { number: '+7 912 345-67-89', type: 'mobile' },
        { number: '+7 (843) 210-55-00', type: 'work' },
      ],
      doNotUseSms: true,
      source: { adapter: 'creatio', origin: 'https://crm.example.com', url: PAGES.classicContact[1] },
    });
    expect(contactSnapshotSchema.safeParse(snapshot).error).toBeUndefined();
  });
});
