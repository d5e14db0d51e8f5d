import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { watchPage } from '../../extension/content/page-watcher';

/** The page watcher in happy-dom with a real MutationObserver: what wakes detection, and what does not. */
function watch() {
  const invalidated: (() => void)[] = [];
  const ctx = {
    isValid: true,
    addEventListener: (target: EventTarget, type: string, listener: EventListener) => target.addEventListener(type, listener),
    onInvalidated: (run: () => void) => void invalidated.push(run),
  } as unknown as ContentScriptContext;
  const onChange = vi.fn();
  watchPage(ctx, onChange);
  return { onChange, stop: () => invalidated.forEach((run) => run()) };
}

let stop = () => undefined as void;
afterEach(() => {
  stop();
  document.body.replaceChildren();
});

describe('watchPage', () => {
  it('wakes once at the start and once per batch of page mutations', async () => {
    const page = watch();
    stop = page.stop;
    await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(1));
    document.body.append(document.createElement('div'), document.createElement('section'));
    await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(2));
  });

  it('does not wake for our own UIs being mounted, but does when the page removes one, or changes beside one', async () => {
    const page = watch();
    stop = page.stop;
    await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(1));
    // A second observer, made after the watcher's: once it has seen the mount, so has the watcher's.
    let seen = 0;
    const probe = new MutationObserver(() => void seen++);
    probe.observe(document.documentElement, { childList: true, subtree: true });
    const host = document.createElement('crm-sms-button');
    document.body.append(host, document.createElement('crm-sms-panel'));
    await vi.waitFor(() => expect(seen).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 0)); // not a sleep: drains the microtasks, where a wake-up would be queued
    expect(page.onChange).toHaveBeenCalledTimes(1);
    probe.disconnect();
    // Positive control: a page change wakes it the same way.
    document.body.append(document.createElement('p'));
    await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(2));
    host.remove();
    await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(3));
    document.body.append(document.createElement('crm-sms-dialog'), document.createElement('div'));
    await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(4));
  });

  it('wakes on SPA navigation (hashchange, popstate, wxt:locationchange)', async () => {
    const page = watch();
    stop = page.stop;
    await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(1));
    for (const [n, type] of ['hashchange', 'popstate', 'wxt:locationchange'].entries()) {
      window.dispatchEvent(new Event(type));
      await vi.waitFor(() => expect(page.onChange).toHaveBeenCalledTimes(n + 2));
    }
  });
});
