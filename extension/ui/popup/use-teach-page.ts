import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { UiError } from '../../messaging/protocol';
import { askTab } from '../../messaging/tab-client';

export type TeachPageState = { state: 'idle' | 'asking' | 'started' | 'no_page' } | { state: 'error'; error: UiError };

/** «Настроить чтение страницы»: asks the content script of the CRM tab to open its teach panel. */
export function useTeachPage() {
  const [state, setState] = useState<TeachPageState>({ state: 'idle' });
  return {
    state,
    async start(): Promise<void> {
      setState({ state: 'asking' });
      const answer = await askTab('startTeach', {});
      if (!answer.ok) return setState(answer.error.code === 'no_content_script' ? { state: 'no_page' } : { state: 'error', error: answer.error });
      setState({ state: 'started' });
      // The panel is on the page: a popup steps aside (opened as a tab of its own, the page stays).
      if (!(await browser.tabs.getCurrent().catch(() => undefined))) window.close();
    },
  };
}
