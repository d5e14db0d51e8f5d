import { browser } from 'wxt/browser';
import type { Result, TabEnvelope, TabProtocol, TabRequestType } from './protocol';

const noScript = {
  code: 'no_content_script',
  message: 'Open a CRM contact list in the tab (on a site enabled in the extension settings), reload it and try again',
  messageRu: 'Откройте список контактов CRM во вкладке (на сайте, включённом в настройках расширения), обновите страницу и повторите',
};

/**
 * The tabs the popup may mean, best first: in the popup, the active tab of its window; when the popup
 * page is itself open as a tab, the other tabs of the window, the most recently used first.
 */
async function crmTabs(): Promise<number[]> {
  const own = await browser.tabs.getCurrent().catch(() => undefined);
  if (!own) {
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    return active?.id === undefined ? [] : [active.id];
  }
  const tabs = await browser.tabs.query({ currentWindow: true });
  return tabs
    .filter((t) => t.id !== undefined && t.id !== own.id)
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
    .slice(0, 8)
    .map((t) => t.id!);
}

/**
 * Asks the content script of the CRM tab; never throws. Of several candidate tabs, the first good
 * answer wins; else the first answer at all (e.g. "not a list page"); else "no CRM page here".
 */
export async function askTab<K extends TabRequestType>(type: K, payload: TabProtocol[K]['request']): Promise<Result<TabProtocol[K]['response']>> {
  const envelope: TabEnvelope<K> = { crmSmsTab: type, payload };
  let first: Result<TabProtocol[K]['response']> | undefined;
  for (const tabId of await crmTabs().catch(() => [])) {
    const answer = (await browser.tabs.sendMessage(tabId, envelope, { frameId: 0 }).catch(() => undefined)) as Result<TabProtocol[K]['response']> | undefined;
    if (answer?.ok) return answer;
    first ??= answer;
  }
  return first ?? { ok: false, error: noScript };
}
