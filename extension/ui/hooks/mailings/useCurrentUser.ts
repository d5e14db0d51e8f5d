import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ask } from '../../../messaging/client';
import { isInPanel } from '../usePageMode';

/**
 * The CRM pages the popup may have been opened for, best first: the active tab of its window; when the
 * popup page is itself open as a tab, the window's other tabs, the most recently used first. In the
 * drawer of a CRM page, none: the background knows the frame's own tab.
 */
async function crmSites(): Promise<string[]> {
  if (isInPanel()) return [];
  const own = await browser.tabs.getCurrent().catch(() => undefined);
  const tabs = own
    ? (await browser.tabs.query({ currentWindow: true })).filter((t) => t.id !== own.id).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
    : await browser.tabs.query({ active: true, currentWindow: true });
  return tabs.flatMap((t) => (t.url && /^https?:/.test(t.url) ? [new URL(t.url).origin] : [])).slice(0, 8);
}

/**
 * A new mailing's «Ответственный»: the CRM's signed-in user on the page the mailings are opened for
 * (as its card reads showed it), else the relay's user behind the token.
 */
export function useCurrentUser(): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    void crmSites()
      .catch(() => [])
      .then((sites) => ask('defaultResponsible', { sites }))
      .then((result) => result.ok && setName(result.value.name));
  }, []);
  return name;
}
