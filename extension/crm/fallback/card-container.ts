import type { CrmAdapter, TextField } from '../types';

export interface CardContainer {
  element: Element;
  /** How it was found, for provenance: the adapter's card selector, or what `ready` sits in. */
  source: string;
  /** No card was recognised: this is the page body, where an unlabelled value may be anyone's (a footer's address). */
  wholePage?: boolean;
}

/**
 * The recognised contact card: the first present `adapter.card` selector, else the form / main region the
 * `ready` element sits in, else the body. Fallback rules look only inside it, so a number in a side panel,
 * a chat or the page footer is never taken for the contact's.
 */
export function cardContainer(adapter: Pick<CrmAdapter, 'card' | 'ready'>, doc: Document): CardContainer | null {
  for (const selector of adapter.card ?? []) {
    const element = doc.querySelector(selector);
    if (element) return { element, source: `card ${selector}` };
  }
  const ready = doc.querySelector(adapter.ready);
  if (!ready) return null;
  const region = ready.closest('form, main, [role="main"]');
  if (region) return { element: region, source: `the ${region.tagName === 'FORM' ? 'form' : 'main region'} around ${adapter.ready}` };
  return doc.body ? { element: doc.body, source: 'the page body', wholePage: true } : null;
}

/** The containers besides the card where the fallback may look for `field` only (`adapter.fallbackScopes`), those present, in order. */
export function fieldScopes(adapter: Pick<CrmAdapter, 'fallbackScopes'>, doc: Document, field: TextField): CardContainer[] {
  return (adapter.fallbackScopes?.[field] ?? []).flatMap((selector) => {
    const element = doc.querySelector(selector);
    return element ? [{ element, source: `scope ${selector} for ${field}` }] : [];
  });
}
