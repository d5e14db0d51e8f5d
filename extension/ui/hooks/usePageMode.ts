import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/**
 * Whether the popup page is open in its popup or as a tab (where it takes the full width), and the way
 * from the one to the other.
 */
export function usePageMode() {
  const [inTab, setInTab] = useState(false);
  useEffect(() => {
    void browser.tabs.getCurrent().then((tab) => {
      setInTab(Boolean(tab));
      document.body.classList.toggle('in-tab', Boolean(tab));
    });
  }, []);
  return {
    inTab,
    async openInTab(): Promise<void> {
      await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
      window.close();
    },
  };
}
