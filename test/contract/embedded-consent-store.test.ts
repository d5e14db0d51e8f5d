import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ConsentStore } from '../../relay/store/consents';
import { describeConsentStore, type AsyncConsentStore } from './consent-store.contract';

const wrapped = (store: ConsentStore): AsyncConsentStore => ({
  changes: async () => store.changes,
  current: async (crmId) => structuredClone(store.current(crmId)),
  granted: async (crmId) => store.granted(crmId),
  grantedAmong: async (crmIds) => new Set(crmIds.filter((crmId) => store.granted(crmId))),
  history: async (crmId) => structuredClone(store.history(crmId)),
  append: async (records) => store.append(records),
});

const opened: ConsentStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

const openAt = (file: string) => {
  const store = ConsentStore.open(file);
  opened.push(store);
  return wrapped(store);
};

/** The relay's own consents.jsonl in a fresh temporary folder. */
describeConsentStore('consents.jsonl', {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), 'consent-store-')), 'consents.jsonl');
    return { store: openAt(file), again: async () => openAt(file) };
  },
});
