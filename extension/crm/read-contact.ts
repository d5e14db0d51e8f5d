import type { ContactSnapshot } from '../../shared/api';
import { describeRule, readElement, readFirst, ruleElements } from './read-rules';
import type { AdapterServices, ContactRead, CrmAdapter, TextField } from './types';

const TEXT_FIELDS: TextField[] = ['name', 'firstName', 'lastName', 'account', 'owner', 'currentUser', 'email', 'city'];

export function recordIdOf(adapter: CrmAdapter, url: URL, doc: Document): string | null {
  if (adapter.recordId) return adapter.recordId(url, doc);
  return adapter.url.exec(url.pathname + url.hash)?.[1] ?? null;
}

/** Reads a contact card with an adapter: every field with the rule that produced it. */
export async function readContact(adapter: CrmAdapter, doc: Document, url: URL, services: AdapterServices): Promise<ContactRead | null> {
  const recordId = recordIdOf(adapter, url, doc);
  if (!recordId || !doc.querySelector(adapter.ready)) return null;
  const read: ContactRead = {
    adapter: adapter.id,
    recordId,
    fields: {},
    phones: [],
    doNotUseSms: null,
    provenance: { name: null, firstName: null, lastName: null, account: null, owner: null, currentUser: null, email: null, city: null, phones: null, doNotUseSms: null },
    layers: {},
    extra: {},
  };
  for (const field of TEXT_FIELDS) {
    const found = readFirst(doc, adapter.fields[field]);
    if (found) {
      read.fields[field] = found.value;
      read.provenance[field] = found.source;
    }
  }
  const seen = new Set<string>();
  for (const { rule, type } of adapter.phones) {
    for (const element of ruleElements(doc, rule)) {
      const number = readElement(element, rule.read);
      const key = number.replace(/\D/g, '');
      if (!number || key.length < 5 || seen.has(key)) continue;
      seen.add(key);
      read.phones.push({ number, type, source: describeRule(rule) });
    }
  }
  if (read.phones.length > 0) read.provenance.phones = [...new Set(read.phones.map((p) => p.source))].join('; ');
  const flag = readFirst(doc, adapter.doNotUseSms);
  if (flag) {
    read.doNotUseSms = flag.value === 'true';
    read.provenance.doNotUseSms = flag.source;
  }
  await readGlobals(adapter, read, services);
  if (!read.fields.name && (read.fields.firstName || read.fields.lastName)) {
    read.fields.name = [read.fields.firstName, read.fields.lastName].filter(Boolean).join(' ');
    read.provenance.name = 'composed from firstName and lastName';
  }
  await adapter.enrich?.(doc, read, services);
  return read.fields.name ? read : null;
}

/** Fields no rule found, from the page's globals (through the main-world script). */
async function readGlobals(adapter: CrmAdapter, read: ContactRead, services: AdapterServices): Promise<void> {
  if (!adapter.globals || !services.readPageGlobals) return;
  const wanted = Object.entries(adapter.globals).filter(([field]) => !read.fields[field as TextField]) as [TextField, string[]][];
  if (wanted.length === 0) return;
  const values = await services.readPageGlobals(wanted.flatMap(([, paths]) => paths));
  for (const [field, paths] of wanted) {
    const path = paths.find((p) => values[p]);
    if (!path) continue;
    read.fields[field] = values[path]!;
    read.provenance[field] = `page global ${path}`;
  }
}

/** The fields no rule found, for the debug view. */
export const missingFields = (read: ContactRead): string[] =>
  Object.entries(read.provenance).filter(([, source]) => source === null).map(([field]) => field);

/** A contact's identity across CRMs: adapter + host + record id. */
export const crmIdOf = (read: ContactRead, url: URL): string => `${read.adapter}:${url.host}:${read.recordId}`;

/** What the relay's directory keeps of a contact read. */
export function toSnapshot(read: ContactRead, url: URL): ContactSnapshot {
  const { name, firstName, lastName, account, owner, email, city } = read.fields;
  const snapshot: ContactSnapshot = {
    name: name ?? '',
    phones: read.phones.map(({ number, type }) => ({ number, type })),
    doNotUseSms: read.doNotUseSms,
    source: { adapter: read.adapter, origin: url.origin, url: url.href.slice(0, 2000) },
  };
  Object.assign(snapshot, Object.fromEntries(Object.entries({ firstName, lastName, account, owner, email, city }).filter(([, v]) => v)));
  if (read.fields.currentUser) snapshot.fields = { currentUser: read.fields.currentUser };
  return snapshot;
}
