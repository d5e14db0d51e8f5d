import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ADAPTERS } from '../crm/adapters';
import { detectListPage, readListPage } from '../crm/read-list';
import { isTabEnvelope, type Result, type TabProtocol } from '../messaging/protocol';

type ListAnswer = Result<TabProtocol['readListPage']['response']>;

/** The list page in this document, read for the popup's «Добавить контакты с этой страницы». */
export function answerReadListPage(doc: Document, url: URL): ListAnswer {
  const adapter = detectListPage(ADAPTERS, url, doc);
  if (!adapter) {
    return { ok: false, error: { code: 'not_a_list_page', message: 'This tab does not show a CRM contact list', messageRu: 'На этой вкладке нет списка контактов CRM' } };
  }
  return { ok: true, value: { adapter: adapter.id, contacts: readListPage(adapter, doc, url) } };
}

/** Answers the popup (browser.tabs.sendMessage) while the content script lives. */
export function listenForTabRequests(ctx: ContentScriptContext): void {
  const listener = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id || !isTabEnvelope(message) || message.crmSmsTab !== 'readListPage') return undefined;
    return Promise.resolve(answerReadListPage(document, new URL(location.href)));
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
