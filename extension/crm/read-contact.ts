import type { ContactSnapshot, PhoneType } from '../../shared/api';
import type { OverrideRule, ReadLayer, SiteOverride } from '../../shared/adapter-overrides';
import { readFallbacks } from './fallbacks';
import { titleName } from './fallback/page-heading';
import { describeRule, findFirst, readElement, readFirst, ruleElements } from './read-rules';
import type { AdapterServices, ContactPhoneRead, ContactRead, CrmAdapter, PhoneRule, Rule, TextField } from './types';

const TEXT_FIELDS: TextField[] = ['name', 'firstName', 'lastName', 'account', 'owner', 'currentUser', 'email', 'city'];
type ReadField = TextField | 'phones' | 'doNotUseSms';

export function recordIdOf(adapter: CrmAdapter, url: URL, doc: Document): string | null {
  if (adapter.recordId) return adapter.recordId(url, doc);
  return adapter.url.exec(url.pathname + url.hash)?.[1] ?? null;
}

function emptyRead(adapter: string, recordId: string): ContactRead {
  return {
    adapter,
    recordId,
    fields: {},
    phones: [],
    doNotUseSms: null,
    provenance: { name: null, firstName: null, lastName: null, account: null, owner: null, currentUser: null, email: null, city: null, phones: null, doNotUseSms: null },
    layers: {},
    extra: {},
  };
}

function setText(read: ContactRead, field: TextField, value: string, layer: ReadLayer, source: string): void {
  read.fields[field] = value;
  read.provenance[field] = source;
  read.layers[field] = layer;
}

const digitsOf = (number: string) => number.replace(/\D/g, '');
const sourcesOf = (phones: ContactPhoneRead[]) => [...new Set(phones.map((p) => p.source))].join('; ');

function setPhones(read: ContactRead, phones: ContactPhoneRead[], layer: ReadLayer): void {
  if (phones.length === 0) return;
  read.phones = phones;
  read.provenance.phones = sourcesOf(phones);
  read.layers.phones = layer;
}

const unread = (read: ContactRead) => TEXT_FIELDS.filter((field) => !read.fields[field]);

/** Every number the phone rules find, each once, with the rule that found it. */
function phonesBy(doc: Document, rules: PhoneRule[], describe: (rule: Rule) => string): ContactPhoneRead[] {
  const phones: ContactPhoneRead[] = [];
  const seen = new Set<string>();
  for (const { rule, type } of rules) {
    for (const element of ruleElements(doc, rule)) {
      const number = readElement(element, rule.read);
      const key = digitsOf(number);
      if (!number || key.length < 5 || seen.has(key)) continue;
      seen.add(key);
      phones.push({ number, type, source: describe(rule) });
    }
  }
  return phones;
}

/**
 * Reads a contact card, each field by the first layer that finds it: the site's override rules, the adapter's
 * own rules (and its code hook), page-script globals, fallbacks inside the recognised card, and for the name the
 * first and last name composed (the document title is the very last resort). `read.layers` says which layer read
 * each field, `read.provenance` the rule.
 *
 * Null only when there is no card: no record id, or `ready` is not in the page; or, for an opt-in adapter (the
 * generic mode on a page the user merely enabled), when it found no phone. Otherwise a contact is returned even
 * with no name and no phone: its record id identifies it, and the dialog says what was not read.
 */
export async function readContact(
  adapter: CrmAdapter,
  doc: Document,
  url: URL,
  services: AdapterServices,
  override: SiteOverride | null = null,
): Promise<ContactRead | null> {
  const recordId = recordIdOf(adapter, url, doc);
  if (!recordId || !doc.querySelector(adapter.ready)) return null;
  const read = emptyRead(adapter.id, recordId);
  if (override) readOverride(doc, override, read);
  readAdapterRules(doc, adapter, read);
  await readGlobals(adapter, read, services);
  await enrich(adapter, doc, read, services);
  await readFallbackLayer(adapter, doc, read, services);
  if (!read.fields.name && (read.fields.firstName || read.fields.lastName)) {
    setText(read, 'name', [read.fields.firstName, read.fields.lastName].filter(Boolean).join(' '), 'composed', 'composed from firstName and lastName');
  }
  const title = read.fields.name ? null : titleName(adapter, doc);
  if (title) setText(read, 'name', title.value, 'fallback', title.source);
  if (adapter.optIn && read.phones.length === 0) return null;
  return read;
}

/** readerSchema admits only the Reader forms (text, value, checked, tel, attr:<name>); zod types them as strings. */
const asRules = (rules: readonly OverrideRule[]): Rule[] => rules as Rule[];

/** The site override's rules, over the whole page (the team wrote them for this site); its extra fields too. */
function readOverride(doc: Document, override: SiteOverride, read: ContactRead): void {
  const describe = (rule: Rule) =>
    describeRule(rule, rule.layout === 'site override' ? `site override for ${override.site}` : `site override for ${override.site}, ${rule.layout}`);
  const first = (rules: Rule[]) => {
    const found = findFirst(doc, rules);
    return found && { value: found.value, source: describe(found.rule) };
  };
  for (const field of TEXT_FIELDS) {
    const found = first(asRules(override.fields[field] ?? []));
    if (found) setText(read, field, found.value, 'override', found.source);
  }
  const phoneRules = override.phones.map(({ rule, type }) => ({ rule: asRules([rule])[0]!, type }));
  setPhones(read, phonesBy(doc, phoneRules, describe), 'override');
  const flag = first(asRules(override.doNotUseSms));
  if (flag) {
    read.doNotUseSms = flag.value === 'true';
    read.provenance.doNotUseSms = flag.source;
    read.layers.doNotUseSms = 'override';
  }
  for (const { label, rules } of override.extraFields) {
    const found = readFirst(doc, asRules(rules));
    if (found) read.extra[label] = found.value;
  }
}

/** The first value the rules find that is not one of the CRM's "no value" placeholders, with the rule in words. */
function readReal(doc: Document, rules: Rule[] | undefined, empty: ReadonlySet<string>): { value: string; source: string } | null {
  for (const rule of rules ?? []) {
    for (const element of ruleElements(doc, rule)) {
      const value = readElement(element, rule.read);
      if (value && !empty.has(value)) return { value, source: describeRule(rule) };
    }
  }
  return null;
}

/** The adapter's rules, for what the override did not read; an override's phones replace the adapter's of the same type. */
function readAdapterRules(doc: Document, adapter: CrmAdapter, read: ContactRead): void {
  const empty = new Set(adapter.emptyValues ?? []);
  for (const field of unread(read)) {
    const found = readReal(doc, adapter.fields[field], empty);
    if (found) setText(read, field, found.value, 'adapter', found.source);
  }
  const overridden = new Set<PhoneType>(read.phones.map((p) => p.type));
  const known = new Set(read.phones.map((p) => digitsOf(p.number)));
  const phones = phonesBy(doc, adapter.phones, (rule) => describeRule(rule)).filter((p) => !overridden.has(p.type) && !known.has(digitsOf(p.number)));
  if (read.phones.length === 0) setPhones(read, phones, 'adapter');
  else if (phones.length > 0) {
    read.phones.push(...phones);
    read.provenance.phones = sourcesOf(read.phones);
  }
  const flag = read.layers.doNotUseSms ? null : readFirst(doc, adapter.doNotUseSms);
  if (flag) {
    read.doNotUseSms = flag.value === 'true';
    read.provenance.doNotUseSms = flag.source;
    read.layers.doNotUseSms = 'adapter';
  }
}

/** Fields no rule found, from the page's globals (through the main-world script). */
async function readGlobals(adapter: CrmAdapter, read: ContactRead, services: AdapterServices): Promise<void> {
  if (!adapter.globals || !services.readPageGlobals) return;
  const wanted = Object.entries(adapter.globals).filter(([field]) => !read.fields[field as TextField]) as [TextField, string[]][];
  if (wanted.length === 0) return;
  let values: Record<string, string>;
  try {
    values = await services.readPageGlobals(wanted.flatMap(([, paths]) => paths));
  } catch {
    return; // The main-world helper did not answer: these fields are read by the next layers, or not at all.
  }
  for (const [field, paths] of wanted) {
    const path = paths.find((p) => values[p]);
    if (path) setText(read, field, values[path]!, 'page-global', `page global ${path}`);
  }
}

const valueOf = (read: ContactRead, field: ReadField): string =>
  field === 'phones' ? JSON.stringify(read.phones) : field === 'doNotUseSms' ? String(read.doNotUseSms) : (read.fields[field] ?? '');

/** The adapter's code hook: what it reads or corrects counts as the adapter's layer; what it clears is not read. */
async function enrich(adapter: CrmAdapter, doc: Document, read: ContactRead, services: AdapterServices): Promise<void> {
  if (!adapter.enrich) return;
  const fields: ReadField[] = [...TEXT_FIELDS, 'phones', 'doNotUseSms'];
  const before = new Map(fields.map((field) => [field, valueOf(read, field)]));
  try {
    await adapter.enrich(doc, read, services);
  } catch (error) {
    // A hook that trips over an unexpected page must not take the whole contact with it.
    console.debug(`[crm-sms] ${adapter.id}: enrich failed`, error);
  }
  for (const field of fields) {
    if (valueOf(read, field) === before.get(field)) continue;
    const cleared = field === 'phones' ? read.phones.length === 0 : field === 'doNotUseSms' ? read.doNotUseSms === null : !read.fields[field];
    if (cleared) {
      delete read.layers[field];
      read.provenance[field] = null;
    } else read.layers[field] = 'adapter';
  }
}

async function readFallbackLayer(adapter: CrmAdapter, doc: Document, read: ContactRead, services: AdapterServices): Promise<void> {
  const wanted = { fields: unread(read), phones: read.phones.length === 0, doNotUseSms: read.doNotUseSms === null };
  if (wanted.fields.length === 0 && !wanted.phones && !wanted.doNotUseSms) return;
  const found = await readFallbacks(adapter, doc, wanted, services);
  for (const [field, { value, source }] of Object.entries(found.fields) as [TextField, { value: string; source: string }][])
    setText(read, field, value, 'fallback', source);
  setPhones(read, found.phones, 'fallback');
  if (found.doNotUseSms) {
    read.doNotUseSms = found.doNotUseSms.value;
    read.provenance.doNotUseSms = found.doNotUseSms.source;
    read.layers.doNotUseSms = 'fallback';
  }
}

/** The fields no layer read, for the debug view and health counts. */
export const missingFields = (read: ContactRead): string[] =>
  Object.entries(read.provenance)
    .filter(([, source]) => source === null)
    .map(([field]) => field);

/** What the send dialog says it could not read: the fields that decide whom and whether to send. */
export type DialogField = 'name' | 'phones' | 'doNotUseSms';
export const missingForDialog = (read: Pick<ContactRead, 'fields' | 'phones' | 'doNotUseSms'>): DialogField[] => [
  ...(read.fields.name ? [] : (['name'] as const)),
  ...(read.phones.length > 0 ? [] : (['phones'] as const)),
  ...(read.doNotUseSms === null ? (['doNotUseSms'] as const) : []),
];

/** A contact's identity across CRMs: adapter + host + record id. */
export const crmIdOf = (read: ContactRead, url: URL): string => `${read.adapter}:${url.host}:${read.recordId}`;

/** The relay keeps a custom field's value up to this many characters. */
const MAX_FIELD_VALUE = 1000;

/** What the relay's directory keeps of a contact read; a contact whose name was not read has an empty name. */
export function toSnapshot(read: ContactRead, url: URL): ContactSnapshot {
  const { name, firstName, lastName, account, owner, email, city } = read.fields;
  const snapshot: ContactSnapshot = {
    name: name ?? '',
    phones: read.phones.map(({ number, type }) => ({ number, type })),
    doNotUseSms: read.doNotUseSms,
    source: { adapter: read.adapter, origin: url.origin, url: url.href.slice(0, 2000) },
  };
  Object.assign(snapshot, Object.fromEntries(Object.entries({ firstName, lastName, account, owner, email, city }).filter(([, v]) => v)));
  const fields: Record<string, string> = { ...Object.fromEntries(Object.entries(read.extra).map(([label, value]) => [label, value.slice(0, MAX_FIELD_VALUE)])) };
  if (read.fields.currentUser) fields.currentUser = read.fields.currentUser;
  if (Object.keys(fields).length > 0) snapshot.fields = fields;
  return snapshot;
}
