import { afterAll, describe, expect, it } from 'vitest';
import { genericAdapter } from '../../extension/crm/adapters/generic';
import { findAnchor } from '../../extension/crm/detect';
import { crmIdOf, missingFields } from '../../extension/crm/read-contact';
import { PAGES, closePages, expectSource, load, loadPage } from './load-page';

const ON = { generic: true };
const plain = (phones: { number: string; type: string }[]) => phones.map(({ number, type }) => ({ number, type }));
/** A generic read shows only a name and phones; every other field is missing, "do not SMS" is unknown. */
const GENERIC_MISSING = ['firstName', 'lastName', 'account', 'owner', 'currentUser', 'email', 'city', 'doNotUseSms'];
const TEL_LINKS = 'a[href^="tel:" i], a[href^="sms:" i], a[href^="callto:" i]';

afterAll(closePages);

describe('generic adapter (any page the user enabled it for)', () => {
  it('fires only where enabled', () => {
    for (const name of ['telLinks', 'microdata', 'jsonLd', 'hCard', 'plainText'] as const) {
      const page = load(name);
      expect(page.detect({ generic: false }), name).toBeNull();
      expect(page.detect(ON), name).toBe(genericAdapter);
    }
  });

  it('tel:/sms: links: the <h1> name, %20-decoded numbers without ;ext, the sms: link to the same number not repeated', async () => {
    const read = (await load('telLinks').read(ON))!;
    expect(read.adapter).toBe('generic');
    expect(read.fields).toEqual({ name: 'Ольга Кузнецова' });
    expect(plain(read.phones)).toEqual([
      { number: '+7 (912) 345-67-89', type: 'other' },
      { number: '+7-843-200-10-20', type: 'other' },
    ]);
    expectSource(read.provenance.name, 'generic page, heading', 'h1');
    expectSource(read.provenance.phones, 'generic page', TEL_LINKS);
    expect(read.doNotUseSms).toBeNull();
    expect(missingFields(read)).toEqual(GENERIC_MISSING);
    expect(findAnchor(load('telLinks').document, genericAdapter.button.anchor)?.className).toBe('profile-name');
  });

  it('schema.org Person microdata: the person\'s name (not the employer\'s), both telephones in page order', async () => {
    const page = load('microdata');
    const read = (await page.read(ON))!;
    expect(read.fields).toEqual({ name: 'Мария Сидорова' });
    expect(plain(read.phones)).toEqual([
      { number: '8 912 000 11 22', type: 'other' },
      { number: '+7 (495) 123-45-67', type: 'other' },
    ]);
    expectSource(read.provenance.name, 'generic page, schema.org microdata', '[itemprop="name"]');
    expectSource(read.provenance.phones, 'generic page', '[itemprop="telephone"]');
    expect(missingFields(read)).toEqual(GENERIC_MISSING);
    expect(findAnchor(page.document, genericAdapter.button.anchor)?.textContent).toBe('Мария Сидорова');
  });

  it('JSON-LD: the Person from @graph beats the page heading; the broken block and the clinic\'s numbers are ignored', async () => {
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
    expect(read.provenance.phones).toBe('generic page, number in the page text');
    expect(missingFields(read)).toEqual(GENERIC_MISSING);
  });

  it('falls back to the document title for the name when the page has phones but no heading', async () => {
    const page = loadPage('<title>Такси «Быстро»</title><p>Заказ: <a href="tel:+78432000000">200-00-00</a></p>', 'https://taxi.example/');
    const read = (await page.read(ON))!;
    expect(read.fields.name).toBe('Такси «Быстро»');
    expect(read.provenance.name).toBe('generic page, document title');
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
