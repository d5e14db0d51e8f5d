import { browser } from 'wxt/browser';
import type { SiteOverride } from '../../shared/adapter-overrides';
import { ADAPTERS } from '../crm/adapters';
import { globalMarkersOf } from '../crm/detect';
import type { AdapterServices } from '../crm/types';
import { ask } from '../messaging/client';
import { OVERRIDES_STORAGE_PREFIX, withoutBrokenSelectors } from '../services/site-override-rules';
import { readPageGlobals } from './page-globals-client';

/** What the adapters' code hooks may ask: the background finds phones, the main-world helper reads globals. */
export const cardServices: AdapterServices = {
  async findPhonesInText(text) {
    const result = await ask('findPhonesInText', { text });
    return result.ok ? result.value : [];
  },
  readPageGlobals,
};

/** Whether this page's engine can parse a selector (an override's typo must not stop the whole read). */
const parses = (selector: string): boolean => {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
};

/** The site's reading overrides (one per adapter), as the background merged them. */
export async function loadOverrides(): Promise<SiteOverride[]> {
  const result = await ask('siteOverrides', {});
  return result.ok ? result.value.map((override) => withoutBrokenSelectors(override, parses)) : [];
}

/**
 * Which of the adapters' page-script markers (Bitrix24's `BX`, Creatio's `Terrasoft`…) this page has: asked
 * once per page. The helper answers strings and numbers only, so an object or a function is asked for by its
 * constructor's name, which every ordinary one has.
 */
export async function presentGlobals(): Promise<ReadonlySet<string>> {
  const markers = globalMarkersOf(ADAPTERS);
  if (markers.length === 0) return new Set();
  const values = await readPageGlobals(markers.flatMap((marker) => [marker, `${marker}.constructor.name`]));
  return new Set(markers.filter((marker) => values[marker] || values[`${marker}.constructor.name`]));
}

/** Calls `onChange` when another tab saved an override, or the relay served a changed one; returns the unsubscribe. */
export function onOverridesChanged(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && Object.keys(changes).some((key) => key.startsWith(OVERRIDES_STORAGE_PREFIX))) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
