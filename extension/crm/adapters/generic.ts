import type { PhoneType } from '../../../shared/api';
import type { AdapterServices, ContactRead, CrmAdapter } from '../types';

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

const PHONE_SELECTORS: [string, 'tel' | 'value' | 'text', PhoneType][] = [
  ['a[href^="tel:" i], a[href^="sms:" i], a[href^="callto:" i]', 'tel', 'other'],
  ['input[type="tel"]', 'value', 'other'],
  ['[itemtype*="schema.org/Person"] [itemprop="telephone"]', 'text', 'other'],
  // hCard writes a typed number as <span class="tel"><span class="type">cell</span>: <span class="value">…</span></span>:
  // the .value part is the number ("cell: +7…" is not one); a .tel without parts is read whole.
  ['.vcard .tel .value', 'text', 'other'],
  ['.vcard .tel', 'text', 'other'],
];

/** Any page the user enabled it for: tel:/sms: links, tel inputs, Person microdata / JSON-LD, hCard, then text. */
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
      { css: 'h1', read: 'text', layout: `${layout}, heading` },
    ],
  },
  phones: PHONE_SELECTORS.map(([css, read, type]) => ({ rule: { css, read, layout }, type })),
  button: { anchor: ['h1', '[itemprop="name"]', '.vcard .fn', 'body'], append: 'after' },

  async enrich(doc: Document, read: ContactRead, services: AdapterServices) {
    const person = jsonLdPeople(doc)[0];
    if (person?.name && !read.provenance.name?.includes('microdata')) {
      read.fields.name = String(person.name);
      read.provenance.name = `${layout}, JSON-LD Person`;
    }
    const known = new Set(read.phones.map((p) => p.number.replace(/\D/g, '')));
    const add = (number: string, source: string) => {
      const key = number.replace(/\D/g, '');
      if (key.length < 5 || known.has(key)) return;
      known.add(key);
      read.phones.push({ number, type: 'other', source });
    };
    for (const phone of [person?.telephone ?? []].flat()) add(String(phone), `${layout}, JSON-LD Person`);
    if (read.phones.length === 0) {
      for (const number of await services.findPhonesInText(visibleText(doc))) add(number, `${layout}, number in the page text`);
    }
    read.provenance.phones = read.phones.length > 0 ? [...new Set(read.phones.map((p) => p.source))].join('; ') : null;
    if (!read.fields.name && read.phones.length > 0 && doc.title.trim()) {
      read.fields.name = doc.title.trim();
      read.provenance.name = `${layout}, document title`;
    }
    // A page with no phone at all is not a contact page.
    if (read.phones.length === 0) read.fields.name = undefined;
  },
};

function visibleText(doc: Document): string {
  const body = doc.body;
  if (!body) return '';
  const parts: string[] = [];
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('script, style, noscript, template, [hidden]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node && parts.length < 5000; node = walker.nextNode()) parts.push(node.textContent ?? '');
  return parts.join(' ');
}
