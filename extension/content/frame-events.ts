import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isFrameEvent, type FrameEvent } from '../messaging/frame-protocol';
import { isTabEnvelope } from '../messaging/protocol';

const listeners = new Map<string, (event: FrameEvent) => void>();

/** Follows the events of the in-page frame holding `ticket` until the returned function is called. */
export function onFrameEvents(ticket: string, listener: (event: FrameEvent) => void): () => void {
  listeners.set(ticket, listener);
  return () => void listeners.delete(ticket);
}

/**
 * Hands the background's frameEvent messages to their frame's listener. Only the extension reaches
 * this listener (tabs.sendMessage); the page has no way to send here, and the content script has no
 * window 'message' listener at all.
 */
export function listenForFrameEvents(ctx: ContentScriptContext): void {
  const listener = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id || !isTabEnvelope(message) || message.crmSmsTab !== 'frameEvent') return undefined;
    const { ticket, event } = message.payload as { ticket?: unknown; event?: unknown };
    if (typeof ticket === 'string' && isFrameEvent(event)) listeners.get(ticket)?.(event);
    return Promise.resolve({ ok: true, value: null });
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(listener);
    listeners.clear();
  });
}
