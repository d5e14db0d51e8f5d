import { afterAll, describe, expect, it } from 'vitest';
import { genericAdapter } from '../../extension/crm/adapters/generic';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields } from '../../extension/crm/read-contact';
import { PAGES, closePages, expectSource, load, loadPage } from './load-page';

const ON = { generic: true };
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));
/** A generic read shows a name and phones (and what the page labels, e.g. an e-mail); "do not SMS" stays unknown. */
const GENERIC_MISSING = ['firstName', 'lastName', 'account', 'owner', 'currentUser', 'email', 'city', 'doNotUseSms'];
const MISSING_BUT_EMAIL = GENERIC_MISSING.filter((field) => field !== 'email');

afterAll(closePages);

describe('generic adapter (any page the user enabled it for)', () => {
  it('fires only where enabled', () => {
    for (const name of ['telLinks', 'microdata', 'jsonLd', 'hCard', 'plainText'] as const) {
      const page = load(name);
      expect(page.detect({ generic: false }), name).toBeNull();
      expect(page.detect(ON), name).toBe(genericAdapter);
    }
  });

  it('tel:/sms: links (the fallback layer): the <h1> name, %20-decoded numbers without ;ext, the sms: link to the same number not repeated', async () => {
    const read = (await load('telLinks').read(ON))!;
    expect(read.adapter).toBe('generic');
    // «Почта: <a mailto>» and «Мобильный: <a tel>» are labelled: the e-mail is read, the mobile typed by its label.
    expect(read.fields).toEqual({ name: 'Ольга Кузнецова', email: 'olga@lutik.example' });
    expect(plain(read.phones)).toEqual([
      { number: '+7 (912) 345-67-89', type: 'mobile' },
      { number: '+7-843-200-10-20', type: 'other' },
    ]);
    expectSource(read.provenance.name, 'fallback', 'h1');
    expectSource(read.phones[0]!.source, 'fallback', '«Мобильный»');
    expectSource(read.phones[1]!.source, 'fallback', 'tel:/sms:/callto: link');
    expect(read.layers).toEqual({ name: 'fallback', email: 'fallback', phones: 'fallback' });
    expect(read.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(MISSING_BUT_EMAIL);
    expect(findAnchor(load('telLinks').document, genericAdapter.button.anchor)?.className).toBe('profile-name');
  });

  it("schema.org Person microdata: the person's name (not the employer's), both telephones in page order", async () => {
    const page = load('microdata');
    const read = (await page.read(ON))!;
    // The e-mail comes from its <dt>E-mail</dt><dd> pair (the fallback layer).
    expect(read.fields).toEqual({ name: 'Мария Сидорова', email: 'maria@romashka.example' });
    expect(plain(read.phones)).toEqual([
      { number: '8 912 000 11 22', type: 'other' },
      { number: '+7 (495) 123-45-67', type: 'other' },
    ]);
    expectSource(read.provenance.name, 'generic page, schema.org microdata', '[itemprop="name"]');
    expectSource(read.provenance.phones, 'generic page', '[itemprop="telephone"]');
    expectSource(read.provenance.email, 'fallback', '«E-mail»', 'dt/dd');
    expect(read.layers).toEqual({ name: 'adapter', phones: 'adapter', email: 'fallback' });
    expect(missingFields(read)).toEqual(MISSING_BUT_EMAIL);
    expect(findAnchor(page.document, genericAdapter.button.anchor)?.textContent).toBe('Мария Сидорова');
  });

  it("JSON-LD: the Person from @graph beats the page heading; the broken block and the clinic's numbers are ignored", async () => {
    const page = load('jsonLd');
    const read = (await page.read(ON))!;
    expect(read.fields).toEqual({ name: 'Айгуль Нурланова' });
    expect(plain(read.phones)).toEqual([
      { number: '+7 701 123 45 67', type: 'other' },
      { number: '+7 (727) 300-40-50', type: 'other' },
    ]);
    expect(read.provenance.name).toBe('generic page, JSON-LD Person');
    expect(read.provenance.phones).toBe('generic page, JSON-LD Person');
    expect(missingFields(read)).toEqual(GENERIC_MISSING);
    expect(findAnchor(page.document, genericAdapter.button.anchor)?.tagName).toBe('H1');
  });

  it('hCard: .fn is the name, each .tel\'s value part is the number (not "cell: +7…")', async () => {
    const page = load('hCard');
    const read = (await page.read(ON))!;
    expect(read.fields).toEqual({ name: 'Борис Продажин' });
    expect(plain(read.phones)).toEqual([
      { number: '+7 (917) 123-45-67', type: 'other' },
      { number: '+7 (843) 200-10-20', type: 'other' },
    ]);
    expectSource(read.provenance.name, 'generic page, hCard', '.vcard .fn');
    expectSource(read.provenance.phones, 'generic page', '.vcard .tel');
    expect(missingFields(read)).toEqual(GENERIC_MISSING);
    // No heading on the page: the button goes after the hCard's name.
    expect(findAnchor(page.document, genericAdapter.button.anchor)?.className).toBe('fn');
  });

  it('hCard: a .tel without type/value parts is read whole', async () => {
    const page = loadPage('<div class="vcard"><span class="fn">Ольга</span> <span class="tel">+7 917 123-45-67</span></div>', 'https://example.org/o');
    expect(plain((await page.read(ON))!.phones)).toEqual([{ number: '+7 917 123-45-67', type: 'other' }]);
  });

  it('plain text: visible numbers, mobile first; not the ones in a script, a style, <noscript> or a hidden paragraph', async () => {
    const page = load('plainText');
    const read = (await page.read(ON))!;
    expect(read.fields).toEqual({ name: 'Кузнецова Ольга Петровна' });
    expect(plain(read.phones)).toEqual([
      { number: '8 (917) 123-45-67', type: 'other' },
      { number: '+7 843 200-10-20', type: 'other' },
    ]);
    expect(read.provenance.phones).toBe('fallback: phone-shaped text in the page body');
    expect(missingFields(read)).toEqual(GENERIC_MISSING);
  });

  it('falls back to the document title for the name when the page has phones but no heading', async () => {
    const page = loadPage('<title>Такси «Быстро»</title><p>Заказ: <a href="tel:+78432000000">200-00-00</a></p>', 'https://taxi.example/');
    const read = (await page.read(ON))!;
    expect(read.fields.name).toBe('Такси «Быстро»');
    expect(read.provenance.name).toBe("fallback: document title without the site's name");
  });

  it('keys a page by its address: the same page keeps its id, another page gets another', async () => {
    const a1 = (await load('telLinks').read(ON))!;
    const a2 = (await load('telLinks').read(ON))!;
    const b = (await load('hCard').read(ON))!;
    expect(a1.recordId).toBe(a2.recordId);
    expect(a1.recordId).not.toBe(b.recordId);
    expect(crmIdOf(a1, new URL(PAGES.telLinks[1]))).toBe(`generic:partners.example.org:${a1.recordId}`);
  });
});
