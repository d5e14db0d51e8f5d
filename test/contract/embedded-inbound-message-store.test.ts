import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { InboundMessageStore } from '../../relay/store/inbound-messages';
import { describeInboundMessageStore, type AsyncInboundMessageStore } from './inbound-message-store.contract';

async function* each<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const wrapped = (store: InboundMessageStore): AsyncInboundMessageStore => ({
  get: async (id) => structuredClone(store.get(id)),
  byProviderMessageId: async (provider, providerMessageId) => structuredClone(store.byProviderMessageId(provider, providerMessageId)),
  forContact: async (crmId, numbers) => structuredClone(store.forContact(crmId, numbers)),
  unreadReplies: async (contactsOf) => store.unreadReplies(contactsOf),
  senders: () => each(store.senders()),
  mailingCounts: async (mailingId) => store.mailingCounts(mailingId),
  add: async (message) => structuredClone(await store.add(message)),
  markRead: (ids) => store.markRead(ids),
});

const opened: InboundMessageStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

const openAt = (file: string) => {
  const store = InboundMessageStore.open(file);
  opened.push(store);
  return wrapped(store);
};

/** The relay's own inbound-messages.jsonl in a fresh temporary folder. */
describeInboundMessageStore('inbound-messages.jsonl', {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), 'inbound-store-')), 'inbound-messages.jsonl');
    return { store: openAt(file), again: async () => openAt(file) };
  },
});
