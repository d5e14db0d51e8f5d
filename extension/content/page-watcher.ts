import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Calls `onChange` when the page may have changed what it shows: DOM mutations (coalesced to one call
 * per batch) and SPA navigation. Everything stops with the content script's context.
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
  const observer = new MutationObserver(schedule);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  ctx.addEventListener(window, 'hashchange', schedule);
  ctx.addEventListener(window, 'popstate', schedule);
  ctx.onInvalidated(() => observer.disconnect());
  schedule();
}
