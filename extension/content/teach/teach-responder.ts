import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isTabEnvelope, type Result } from '../../messaging/protocol';

/** Opens «Настроить чтение страницы» when the popup asks this tab's content script (browser.tabs.sendMessage). */
export function listenForTeachRequests(ctx: ContentScriptContext, start: () => void): void {
  const listener = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id || !isTabEnvelope(message) || message.crmSmsTab !== 'startTeach') return undefined;
    start();
    return Promise.resolve<Result<null>>({ ok: true, value: null });
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
