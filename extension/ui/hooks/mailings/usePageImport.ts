import { useState } from 'preact/hooks';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import type { BulkResult } from '../../../../shared/bulk-contacts';
import { askTab } from '../../../messaging/tab-client';
import { isInPanel } from '../usePageMode';

export type PageImportState = { state: 'idle' | 'reading' | 'empty' } | { state: 'done'; result: BulkResult } | { state: 'error'; error: UiError };

const BATCH = 1000;

/** «Добавить контакты с этой страницы»: the CRM list in the tab, read by the content script, into the relay's directory. */
export function usePageImport() {
  const [state, setState] = useState<PageImportState>({ state: 'idle' });
  return {
    state,
    async run(): Promise<void> {
      setState({ state: 'reading' });
      // In the drawer of a CRM page, that page; in the popup, the tab it was opened over.
      const read = isInPanel() ? await ask('readHostListPage', {}) : await askTab('readListPage', {});
      if (!read.ok) return setState({ state: 'error', error: read.error });
      if (read.value.contacts.length === 0) return setState({ state: 'empty' });
      // The relay takes up to 5000 contacts a request; a list page rarely shows more than a few hundred.
      const total: BulkResult = { created: 0, updated: 0, unchanged: 0 };
      for (let from = 0; from < read.value.contacts.length; from += BATCH) {
        const sent = await ask('bulkContacts', { contacts: read.value.contacts.slice(from, from + BATCH) });
        if (!sent.ok) return setState({ state: 'error', error: sent.error });
        total.created += sent.value.created;
        total.updated += sent.value.updated;
        total.unchanged += sent.value.unchanged;
      }
      setState({ state: 'done', result: total });
    },
  };
}
