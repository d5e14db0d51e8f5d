import type { PhoneType } from '../../../shared/api';
import type { ContactRead, CrmAdapter } from '../types';

const layout = 'generic page';

/** schema.org Person objects in JSON-LD blocks (also inside @graph and arrays). */
function jsonLdPeople(doc: Document): { name?: string; telephone?: string | string[] }[] {
  const people: { name?: string; telephone?: string | string[] }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const type = record['@type'];
    if (type === 'Person' || (Array.isArray(type) && type.includes('Person'))) people.push(record as { name?: string; telephone?: string });
    if (record['@graph']) visit(record['@graph']);
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A broken JSON-LD block on someone else's page is not our error.
    }
  }
  return people;
}

/** A stable id for a page without a CRM record id: its path, hashed. */
function pageKey(url: URL): string {
  let hash = 5381;
  for (const char of url.pathname + url.search + url.hash) hash = ((hash * 33) ^ char.charCodeAt(0)) >>> 0;
  return `p${hash.toString(36)}`;
}

const PHONE_SELECTORS: [string, 'value' | 'text', PhoneType][] = [
  ['input[type="tel"]', 'value', 'other'],
  ['[itemtype*="schema.org/Person"] [itemprop="telephone"]', 'text', 'other'],
  // hCard writes a typed number as <span class="tel"><span class="type">cell</span>: <span class="value">…</span></span>:
  // the .value part is the number ("cell: +7…" is not one); a .tel without parts is read whole.
  ['.vcard .tel .value', 'text', 'other'],
  ['.vcard .tel', 'text', 'other'],
];

/**
 * Any page the user enabled it for: Person microdata, hCard and tel inputs here, JSON-LD in `enrich`; the
 * rest is the fallback layer every adapter has (labelled fields, tel:/sms: links, numbers in the page text,
 * the h1, the document title), with the whole page as the card. Being opt-in, it reads a contact only where it
 * found a phone (readContact): any page has a heading, few are contact pages.
 */
export const genericAdapter: CrmAdapter = {
  id: 'generic',
  name: 'Any page (generic)',
  optIn: true,
  url: /.*/,
  ready: 'body',
  recordId: (url) => pageKey(url),
  fields: {
    name: [
      { css: '[itemtype*="schema.org/Person"] [itemprop="name"]', read: 'text', layout: `${layout}, schema.org microdata` },
      { css: '.vcard .fn', read: 'text', layout: `${layout}, hCard` },
    ],
  },
  phones: PHONE_SELECTORS.map(([css, read, type]) => ({ rule: { css, read, layout }, type })),
  button: { anchor: ['h1', '[itemprop="name"]', '.vcard .fn', 'body'], append: 'after' },

  async enrich(doc: Document, read: ContactRead) {
    const person = jsonLdPeople(doc)[0];
    if (person?.name && !read.provenance.name?.includes('microdata')) {
      read.fields.name = String(person.name);
      read.provenance.name = `${layout}, JSON-LD Person`;
    }
    const known = new Set(read.phones.map((p) => p.number.replace(/\D/g, '')));
    for (const phone of [person?.telephone ?? []].flat()) {
      const number = String(phone);
      const key = number.replace(/\D/g, '');
      if (key.length < 5 || known.has(key)) continue;
      known.add(key);
      read.phones.push({ number, type: 'other', source: `${layout}, JSON-LD Person` });
    }
    if (read.phones.length > 0) read.provenance.phones = [...new Set(read.phones.map((p) => p.source))].join('; ');
  },
};
