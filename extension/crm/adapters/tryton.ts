import { readElement } from '../read-rules';
import type { ContactRead, CrmAdapter } from '../types';

const layout = 'Tryton web client (SAO) party form';
/**
 * SAO keeps a pane per open tab in #tabcontent, the hidden ones still in the DOM; only the shown one counts.
 * (Not `.tab-pane.active` alone: the form's own notebooks are `.tab-pane.active` too.)
 */
const TAB = '#tabcontent > .tab-pane.active';
/** The party's own name: the first name input of the form (an address shown as a form has a "name" later). */
const NAME = `${TAB} .form input[name="name"]`;
/** Rows of the form's one-to-many lists; only contact mechanisms carry tel:/mailto: links. */
const ROWS = `${TAB} .form-one2many table.tree > tbody > tr`;
const ROWS_LAYOUT = `${layout}, contact mechanisms: ${ROWS} with a[href^="tel:"], type from .column-selection`;
/** The Type cell shows the selection's label in the user's language: Mobile, сот.телефон, Mobiltelefon, Móvil … */
const MOBILE = /mobil|móvil|сот|моб|cell|portable|gsm/i;

/**
 * The party each contact-mechanism row was first seen for. On "Next"/"Previous" SAO reuses the form: it changes
 * the URL first, then the name, and redraws the rows last (new row elements), so for a moment the page shows the
 * previous party, or its rows under the new name, at the new party's URL. Rows seen before under another party
 * mean the form is not redrawn yet: there is no record (no button, nothing read) until it is.
 */
const drawnFor = new WeakMap<Element, string>();

const contactRows = (doc: Document) => [...doc.querySelectorAll(ROWS)].filter((row) => row.querySelector('a[href^="tel:"], a[href^="mailto:"]'));

/** DB name and party id from SAO's URL: `#<db>/model/party.party/<id>`, possibly followed by `;name=…&views=…`. */
const URL_RULE = /#([^/;?&]+)\/model\/party\.party\/(\d+)(?=[;?&]|$)/;

/** Tryton's web client: parties are the contacts; phones are the contact mechanisms of type mobile / phone. */
export const trytonAdapter: CrmAdapter = {
  id: 'tryton',
  name: 'Tryton (SAO web client)',
  url: URL_RULE,
  // One server serves several databases whose party ids overlap: the id includes the database.
  recordId: (url, doc) => {
    const match = URL_RULE.exec(url.pathname + url.hash);
    if (!match) return null;
    const id = `${match[1]}:${match[2]}`;
    const rows = contactRows(doc);
    for (const row of rows) if (!drawnFor.has(row)) drawnFor.set(row, id);
    return rows.every((row) => drawnFor.get(row) === id) ? id : null;
  },
  markers: { selectors: ['script[src*="tryton-sao"]', '#tabcontent', '#user-preferences', '#tablist'], min: 3 },
  ready: NAME,
  // The shown tab only: the hidden tabs' parties are in the DOM too.
  card: [TAB],
  fields: {
    name: [{ css: NAME, read: 'value', layout }],
    currentUser: [{ css: '#user-preferences > a[title]', read: 'attr:title', layout: 'Tryton web client top bar, user preferences link' }],
  },
  // Typed rows are read by `enrich`: a rule cannot tie a number to the type in its row.
  phones: [],
  // Tryton has no "do not SMS" field: left unknown (null).
  button: { anchor: [`${TAB} > .tab-form > nav.toolbar .btn-toolbar`], append: 'last' },
  panel: { anchor: [`${TAB} > .tab-form > .panel-body`], append: 'first' },

  async enrich(doc: Document, read: ContactRead) {
    // An unnamed party must not pass for the name of an address further down the form (the NAME rule's next match).
    if (!(doc.querySelector(NAME) as HTMLInputElement | null)?.value.trim()) {
      read.fields.name = undefined;
      read.provenance.name = null;
    }
    const seen = new Set<string>();
    for (const row of contactRows(doc)) {
      const mail = row.querySelector('a[href^="mailto:"]');
      if (mail && !read.fields.email) {
        read.fields.email = readElement(mail, 'attr:href').replace(/^mailto:/i, '');
        read.provenance.email = `${layout}, contact mechanisms: a[href^="mailto:"]`;
      }
      const tel = row.querySelector('a[href^="tel:"]');
      const number = tel ? readElement(tel, 'tel') : '';
      const key = number.replace(/\D/g, '');
      if (key.length < 5 || seen.has(key)) continue;
      seen.add(key);
      const type = MOBILE.test(row.querySelector('.column-selection')?.textContent ?? '') ? 'mobile' : 'work';
      read.phones.push({ number, type, source: ROWS_LAYOUT });
    }
    read.provenance.phones = read.phones.length > 0 ? ROWS_LAYOUT : null;
  },
};
