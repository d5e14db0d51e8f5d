import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../extension/crm/adapters';
import { bitrix24Adapter } from '../../extension/crm/adapters/bitrix24';
import { genericAdapter } from '../../extension/crm/adapters/generic';
import { detectAdapter, findAnchor } from '../../extension/crm/detect';
import { crmIdOf, readContact } from '../../extension/crm/read-contact';
import { closePages, expectSource, loadFixture, services, type LoadedPage } from './load-page';

/**
 * Bitrix24 on fixtures rebuilt from Bitrix24's own published templates (see each fixture's top comment): the
 * current card (the UI entity editor) full page and inside the side-panel frame. The old card is in bitrix24.test.ts.
 */
const LAYOUT = 'Bitrix24 contact details page';
const CONTACT_URL = 'https://romashka.bitrix24.ru/crm/contact/details/12/';
const FRAME_URL = 'https://lutik.bitrix24.com/crm/contact/details/15/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER';
const currentCard = () => loadFixture('bitrix24-contact-new.html', CONTACT_URL);
const currentCardInFrame = () => loadFixture('bitrix24-slider-frame-new.html', FRAME_URL);
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));

/** What the page in issue 11 had: of the four markers detection used to need two of, only the card container. */
function keepOnlyTheCardContainerOfTheOldMarkers(page: LoadedPage): void {
  page.document.documentElement.className = '';
  page.document.body.className = '';
  for (const asset of page.document.querySelectorAll('script[src], link[href]')) asset.remove();
}

afterAll(closePages);

describe('Bitrix24 current contact card (UI entity editor), full page', () => {
  it('issue 11: a card carrying one of the old four page markers is recognised as Bitrix24, not left to the generic adapter', () => {
    const page = currentCard();
    keepOnlyTheCardContainerOfTheOldMarkers(page);
    expect(page.document.querySelector('.crm-entity-card-container')).not.toBeNull();
    expect(page.detect({ generic: false })).toBe(bitrix24Adapter);
    expect(page.detect({ generic: true })).toBe(bitrix24Adapter);
  });

  it('issue 11: the BX page global counts as a marker (a card whose editor has not rendered yet)', () => {
    const page = currentCard();
    keepOnlyTheCardContainerOfTheOldMarkers(page);
    page.document.querySelector('#pagetitle')!.remove();
    page.document.querySelector('.crm-entity-card-container-content')!.replaceChildren();
    const detect = (globals: string[]) => detectAdapter(ADAPTERS, page.url, page.document, { generic: true, globals: new Set(globals) });
    // Positive control: without the global the one marker left is not enough, and the generic adapter takes the page.
    expect(detect([])).toBe(genericAdapter);
    expect(detect(['BX'])).toBe(bitrix24Adapter);
  });

  it('reads the contact: name from the page title, first / last name, owner, e-mail, linked company, each by the adapter', async () => {
    const read = (await currentCard().read())!;
    expect(read).toMatchObject({ adapter: 'bitrix24', recordId: '12' });
    expect(read.fields).toEqual({
      name: 'Петров Иван',
      firstName: 'Иван',
      lastName: 'Петров',
      account: 'ООО «Ромашка»',
      owner: 'Анна Смирнова',
      email: 'ivan.petrov@romashka.example',
    });
    for (const field of ['name', 'firstName', 'lastName', 'account', 'owner', 'email', 'phones'] as const) expect(read.layers[field]).toBe('adapter');
    expectSource(read.provenance.name, `${LAYOUT}, page title`, '#pagetitle');
    expectSource(read.provenance.firstName, '[data-cid="NAME"]', '.ui-entity-editor-content-block-text');
    expectSource(read.provenance.account, '[data-cid="COMPANY"]', '.crm-entity-widget-client-box-name');
    expectSource(read.provenance.owner, '[data-cid="ASSIGNED_BY_ID"]', '.crm-widget-employee-name');
    expectSource(read.provenance.email, '[data-cid="EMAIL"]', 'a.crm-entity-email');
    expect(read.doNotUseSms).toBeNull();
  });

  it('issue 11: a phone shown as plain text in the multifield value span is read, typed by its label', async () => {
    const read = (await currentCard().read())!;
    // Mobile first, then work; the fax as "other". Not the WhatsApp open line, the company's phone, the timeline or the header.
    expect(plain(read.phones)).toEqual([
      { number: '+7 912 345-67-89', type: 'mobile' },
      { number: '+7 843 210-55-00', type: 'work' },
      { number: '+7 843 210-55-01', type: 'other' },
    ]);
    expectSource(read.phones[0]!.source, '"Мобильный"', 'a.crm-entity-phone-number (attr:title)');
    expectSource(
      read.phones[1]!.source,
      '[data-cid="PHONE"] .crm-entity-widget-content-block-mutlifield',
      '"Рабочий"',
      '.crm-entity-widget-content-block-mutlifield-value (text)',
    );
  });

  it("puts the SMS button at the end of the toolbar's buttons", () => {
    const anchor = findAnchor(currentCard().document, bitrix24Adapter.button.anchor);
    expect(anchor?.className).toBe('ui-toolbar-btn-box');
  });
});

describe('Bitrix24 current contact card inside the side-panel frame', () => {
  it('is recognised in the frame; the record id is in the path, the IFRAME query does not matter', async () => {
    const page = currentCardInFrame();
    expect(page.url.search).toBe('?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER');
    expect(page.detect({ generic: true })).toBe(bitrix24Adapter);
    const read = (await page.read())!;
    expect(read).toMatchObject({ adapter: 'bitrix24', recordId: '15' });
    expect(crmIdOf(read, page.url)).toBe('bitrix24:lutik.bitrix24.com:15');
  });

  it('reads English labels: mobile from its link, home from its plain text; not the old number in the timeline', async () => {
    const read = (await currentCardInFrame().read())!;
    expect(read.fields).toEqual({ name: 'Maria Sidorova', firstName: 'Maria', lastName: 'Sidorova', owner: 'Aliya Nurlanova' });
    expect(plain(read.phones)).toEqual([
      { number: '+7 701 555 0102', type: 'mobile' },
      { number: '+7 727 355 0100', type: 'home' },
    ]);
    expectSource(read.phones[0]!.source, '"Mobile"', 'attr:title');
    expectSource(read.phones[1]!.source, '"Home"', '-mutlifield-value (text)');
  });

  it("puts the SMS button in the frame's own header", () => {
    const anchor = findAnchor(currentCardInFrame().document, bitrix24Adapter.button.anchor);
    expect(anchor?.className).toBe('crm-entity-actions-container');
    expect(anchor?.closest('.crm-iframe-header')).not.toBeNull();
  });

  it('the same frame at a deal URL is no contact card: nothing is read', async () => {
    const page = loadFixture('bitrix24-slider-frame-new.html', 'https://lutik.bitrix24.com/crm/deal/details/15/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER');
    expect(page.detect({ generic: false })).toBeNull();
    expect(await readContact(bitrix24Adapter, page.document, page.url, services)).toBeNull();
  });
});
