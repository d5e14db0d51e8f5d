import type { Sender } from './background-handlers';

/**
 * The CRM page a request is made for: the origin of the sender's tab, as the browser reports it (http or
 * https) — for a content script and for the in-page frames alike. Null for the popup (no tab) and for the
 * extension's own pages open in a tab. Never anything from the message itself: a page cannot choose it.
 */
export function crmSiteOf(sender: Sender | undefined): string | null {
  try {
    const url = new URL(sender?.tab?.url ?? '');
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
