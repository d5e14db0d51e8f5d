import { detectAdapter, findAnchor, type DetectOptions } from './detect';
import { recordIdOf } from './read-contact';
import type { CrmAdapter } from './types';

/** A contact card the page shows: the adapter that reads it, its record, where the SMS button goes. */
export interface CardPage {
  adapter: CrmAdapter;
  recordId: string;
  /** The element the SMS button is placed by (the adapter's `button.anchor`). */
  anchor: Element;
  /** `<adapter>:<host>:<record>`: the same card across the page's re-renders. */
  key: string;
}

/**
 * The contact card on this page, if there is one: an adapter fires (URL rule and markers), the URL or page
 * names a record, the card has rendered (`ready`) and the button's anchor is there. Pure and synchronous:
 * the content script asks it on every change of the page.
 */
export function detectCard(url: URL, doc: Document, adapters: readonly CrmAdapter[], options: DetectOptions): CardPage | null {
  const adapter = detectAdapter(adapters, url, doc, options);
  const recordId = adapter && recordIdOf(adapter, url, doc);
  const anchor = adapter && recordId && doc.querySelector(adapter.ready) ? findAnchor(doc, adapter.button.anchor) : null;
  if (!adapter || !recordId || !anchor) return null;
  return { adapter, recordId, anchor, key: `${adapter.id}:${url.host}:${recordId}` };
}
