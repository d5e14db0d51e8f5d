import type { CrmAdapter } from './types';

const present = (doc: Document, selectors: string[]) => selectors.filter((s) => doc.querySelector(s) !== null).length;

/** The adapter for this page: the first whose URL rule and page markers match (opt-in ones only if enabled). */
export function detectAdapter(adapters: readonly CrmAdapter[], url: URL, doc: Document, options: { generic: boolean }): CrmAdapter | null {
  for (const adapter of adapters) {
    if (adapter.optIn && !options.generic) continue;
    if (!adapter.url.test(url.pathname + url.hash)) continue;
    if (adapter.markers && present(doc, adapter.markers.selectors) < adapter.markers.min) continue;
    return adapter;
  }
  return null;
}

/** The first element a placement names. */
export function findAnchor(doc: Document, anchors: string[]): Element | null {
  for (const selector of anchors) {
    const element = doc.querySelector(selector);
    if (element) return element;
  }
  return null;
}
