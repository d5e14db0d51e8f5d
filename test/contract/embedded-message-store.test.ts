import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageStore } from '../../relay/store/messages';
import { describeMessageStore, type AsyncMessageStore } from './message-store.contract';

const wrapped = (store: MessageStore): AsyncMessageStore => ({
  get: async (id) => structuredClone(store.get(id)),
  byProviderMessageId: async (providerMessageId) => structuredClone(store.byProviderMessageId(providerMessageId)),
  lastToPhone: async (digits) => structuredClone(store.lastToPhone(digits)),
  forContact: async (crmId) => structuredClone(store.forContact(crmId)),
  pending: async () => structuredClone(store.pending()),
  inFlight: async () => structuredClone(store.inFlight()),
  insert: (message) => store.insert(message),
  update: (changes) => store.update(changes),
  remove: (id) => store.remove(id),
});

/** The relay's own messages.json in a fresh temporary folder. */
describeMessageStore('messages.json', {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), 'message-store-')), 'messages.json');
    return { store: wrapped(await MessageStore.open(file)), again: async () => wrapped(await MessageStore.open(file)) };
  },
});
