import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/** Whether the mailings page is framed by a CRM page (the in-page drawer) rather than open on its own. */
export const isInPanel = (): boolean => window.top !== window;

/**
 * Where the mailings page is open — its popup, a tab of its own (full width), or the drawer in a CRM
 * page — and the way from the popup to a tab.
 */
export function usePageMode() {
  const [inTab, setInTab] = useState(false);
  const inPanel = isInPanel();
  useEffect(() => {
    document.body.classList.toggle('in-panel', inPanel);
    if (inPanel) return;
    void browser.tabs.getCurrent().then((tab) => {
      setInTab(Boolean(tab));
      document.body.classList.toggle('in-tab', Boolean(tab));
    });
  }, []);
  return {
    inTab,
    inPanel,
    async openInTab(): Promise<void> {
      await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
      if (!inPanel) window.close();
    },
  };
}
