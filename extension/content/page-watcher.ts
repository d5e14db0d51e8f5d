import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** The hosts of the extension's own UIs (crm-sms-button, crm-sms-dialog…), each a closed shadow root. */
const isOwnHost = (node: Node): boolean => node.nodeName.toLowerCase().startsWith('crm-sms-');

/**
 * Whether a batch of mutations only added our own UIs: the page itself did not change, so nothing need be
 * detected again (as refined-github's observe() skips elements it has handled). A removal always counts:
 * the page may have re-rendered our button away.
 */
export const onlyOwnHostsAdded = (records: readonly MutationRecord[]): boolean =>
  records.length > 0 && records.every((record) => record.removedNodes.length === 0 && record.addedNodes.length > 0 && [...record.addedNodes].every(isOwnHost));

/**
 * Calls `onChange` when the page may have changed what it shows: DOM mutations (coalesced to one call
 * per batch; not those that only mounted our own UIs) and SPA navigation. Everything stops with the
 * content script's context.
 */
export function watchPage(ctx: ContentScriptContext, onChange: () => void): void {
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (ctx.isValid) onChange();
    });
  };
  const observer = new MutationObserver((records) => {
    if (!onlyOwnHostsAdded(records)) schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  ctx.addEventListener(window, 'hashchange', schedule);
  ctx.addEventListener(window, 'popstate', schedule);
  ctx.onInvalidated(() => observer.disconnect());
  schedule();
}
