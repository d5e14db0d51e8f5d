import type { ContactSnapshot } from '../../shared/api';
import type { BulkContact } from '../../shared/bulk-contacts';
import { readElement } from './read-rules';
import type { CrmAdapter, ListCell, ListField, ListPage } from './types';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const captionKey = (text: string) =>
  squash(text)
    .replace(/[\s:*]+$/, '')
    .toLocaleLowerCase('ru');
/** Enough digits, and nothing but what numbers are written with. */
const looksLikePhone = (text: string) => /^\+?[\d\s()\-.]{7,}$/.test(text) && text.replace(/\D/g, '').length >= 10;

/** The adapter whose list page this is (its URL rule and page markers), or null. */
export function detectListPage(adapters: readonly CrmAdapter[], url: URL, doc: Document): (CrmAdapter & { list: ListPage }) | null {
  for (const adapter of adapters) {
    if (!adapter.list || !adapter.list.url.test(url.pathname + url.hash)) continue;
    const markers = adapter.markers;
    if (markers && markers.selectors.filter((s) => doc.querySelector(s)).length < markers.min) continue;
    return adapter as CrmAdapter & { list: ListPage };
  }
  return null;
}

function rowRecordId(list: ListPage, row: Element): string | null {
  for (const rule of list.recordId) {
    const element = rule.css ? row.querySelector(rule.css) : row;
    const value = element ? readElement(element, rule.read) : '';
    const match = rule.pattern ? rule.pattern.exec(value) : value ? [value] : null;
    const id = match?.[1] ?? match?.[0];
    if (id) return id;
  }
  return null;
}

/** Column index per caption text, from the grid's header. */
function captionIndex(list: ListPage, doc: Document): Map<string, number> {
  const index = new Map<string, number>();
  if (!list.columns) return index;
  doc.querySelectorAll(list.columns.captions).forEach((caption, i) => index.set(captionKey(caption.textContent ?? ''), i));
  return index;
}

function readCell(list: ListPage, row: Element, cells: ListCell[], captions: Map<string, number>): string {
  for (const cell of cells) {
    let value = '';
    if ('css' in cell) {
      const element = row.querySelector(cell.css);
      value = element ? readElement(element, cell.read) : '';
    } else if ('caption' in cell) {
      const at = cell.caption.map((c) => captions.get(captionKey(c))).find((i) => i !== undefined);
      const element = at === undefined || !list.columns ? null : row.querySelectorAll(list.columns.cells)[at];
      value = element ? squash(element.textContent ?? '') : '';
    } else {
      value = [...row.querySelectorAll(cell.phoneLike)].map((e) => squash(e.textContent ?? '')).find(looksLikePhone) ?? '';
    }
    if (value) return value;
  }
  return '';
}

const PHONE_TYPES = { mobilePhone: 'mobile', workPhone: 'work', homePhone: 'home' } as const;

/**
 * The contacts of a list page as the relay's directory takes them. A list says less than a card:
 * no "do not use SMS" flag (null: unknown), usually one phone.
 */
export function readListPage(adapter: CrmAdapter & { list: ListPage }, doc: Document, url: URL): BulkContact[] {
  const { list } = adapter;
  const captions = captionIndex(list, doc);
  const contacts: BulkContact[] = [];
  const seen = new Set<string>();
  for (const row of doc.querySelectorAll(list.rows)) {
    const recordId = rowRecordId(list, row);
    if (!recordId || seen.has(recordId)) continue;
    const values: Partial<Record<ListField, string>> = {};
    for (const [field, cells] of Object.entries(list.cells) as [ListField, ListCell[]][]) {
      const value = readCell(list, row, cells, captions);
      if (value) values[field] = value;
    }
    const name = values.name || [values.firstName, values.lastName].filter(Boolean).join(' ');
    if (!name) continue;
    seen.add(recordId);
    const snapshot: ContactSnapshot = {
      name,
      phones: (Object.keys(PHONE_TYPES) as (keyof typeof PHONE_TYPES)[]).filter((k) => values[k]).map((k) => ({ number: values[k]!, type: PHONE_TYPES[k] })),
      doNotUseSms: null,
      source: { adapter: adapter.id, origin: url.origin, url: url.href.slice(0, 2000) },
    };
    for (const key of ['firstName', 'lastName', 'account', 'owner', 'email', 'city'] as const) if (values[key]) snapshot[key] = values[key];
    contacts.push({ crmId: `${adapter.id}:${url.host}:${recordId}`, snapshot });
  }
  return contacts;
}
