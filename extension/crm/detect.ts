import type { CrmAdapter } from './types';

const present = (doc: Document, selectors: string[]) => selectors.filter((s) => doc.querySelector(s) !== null).length;

export interface DetectOptions {
  /** The generic (opt-in) adapter is enabled for this site. */
  generic: boolean;
  /** Page-script globals the caller found present (names from `globalMarkersOf`); any of an adapter's counts as one marker. */
  globals?: ReadonlySet<string>;
}

/** Every page-script global any adapter counts as a marker, each once: what to ask the page about before detecting. */
export const globalMarkersOf = (adapters: readonly CrmAdapter[]): string[] => [...new Set(adapters.flatMap((a) => a.globalMarkers ?? []))];

/** How many of an adapter's markers the page carries: its DOM markers, plus one when any of its globals is present. */
function markerCount(adapter: CrmAdapter, doc: Document, globals: ReadonlySet<string> | undefined): number {
  const dom = present(doc, adapter.markers?.selectors ?? []);
  return dom + (adapter.globalMarkers?.some((name) => globals?.has(name)) ? 1 : 0);
}

/** The adapter for this page: the first whose URL rule and page markers match (opt-in ones only if enabled). Pure and synchronous. */
export function detectAdapter(adapters: readonly CrmAdapter[], url: URL, doc: Document, options: DetectOptions): CrmAdapter | null {
  for (const adapter of adapters) {
    if (adapter.optIn && !options.generic) continue;
    if (!adapter.url.test(url.pathname + url.hash)) continue;
    if (adapter.markers && markerCount(adapter, doc, options.globals) < adapter.markers.min) continue;
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
