import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../shared/replies';
import type { MailingReplyCounts } from '../../relay/store/inbound-messages';

/** What the relay asks of the replies it received, async: the embedded InboundMessageStore (wrapped) and the PostgreSQL one. */
export interface AsyncInboundMessageStore {
  get(id: string): Promise<InboundMessage | undefined>;
  byProviderMessageId(provider: string, providerMessageId: string): Promise<InboundMessage | undefined>;
  forContact(crmId: string, numbers?: readonly string[]): Promise<InboundMessage[]>;
  unreadReplies(contactsOf?: (message: InboundMessage) => readonly string[]): Promise<{ count: number; contacts: string[] }>;
  senders(): AsyncIterable<string>;
  mailingCounts(mailingId: string): Promise<MailingReplyCounts>;
  add(message: InboundMessage): Promise<{ message: InboundMessage; created: boolean }>;
  markRead(ids: readonly string[]): Promise<number>;
}

export interface InboundMessageStoreOpener {
  /** A store over new, empty data; `again()` opens the same data anew (a restart, or another relay). */
  open(): Promise<{ store: AsyncInboundMessageStore; again(): Promise<AsyncInboundMessageStore> }>;
}

const at = (s: number) => new Date(Date.parse('2030-01-01T00:00:00Z') + s * 1000).toISOString();

export const reply = (id: string, fields: Partial<InboundMessage> = {}): InboundMessage => ({
  id,
  provider: 'smsru',
  providerMessageId: `p-${id}`,
  from: '79123456789',
  to: '',
  text: `Ответ ${id}`,
  receivedAt: at(1),
  contactIds: ['c1'],
  mailingId: null,
  keyword: null,
  read: false,
  ...fields,
});

const ids = (messages: readonly InboundMessage[]) => messages.map((m) => m.id);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export function describeInboundMessageStore(name: string, opener: InboundMessageStoreOpener): void {
  describe(`inbound message store: ${name}`, () => {
    it('stores a reply once per provider id: a second with the same id gets the first and changes nothing', async () => {
      const { store, again } = await opener.open();
      const first = reply('r1', { text: 'Tab\t"q" \\ 🎉 NUL\u0000', to: '79001112233', keyword: 'stop', mailingId: 'm1' });
      expect(await store.add(first)).toEqual({ message: first, created: true });
      expect(await store.add(reply('r2', { providerMessageId: 'p-r1', text: 'again' }))).toEqual({ message: first, created: false });
      // The same id at another provider is another message.
      const elsewhere = reply('r3', { provider: 'smsc', providerMessageId: 'p-r1' });
      expect((await store.add(elsewhere)).created).toBe(true);
      const reopened = await again();
      expect(await reopened.get('r1')).toEqual(first);
      expect(await reopened.get('r2')).toBeUndefined();
      expect(await reopened.byProviderMessageId('smsru', 'p-r1')).toEqual(first);
      expect(await reopened.byProviderMessageId('smsc', 'p-r1')).toEqual(elsewhere);
      expect(await reopened.byProviderMessageId('twilio', 'p-r1')).toBeUndefined();
    });

    it("lists a contact's replies oldest first: those matched to it, and every one from its numbers now, each once", async () => {
      const { store, again } = await opener.open();
      await store.add(reply('a', { contactIds: ['c1', 'c2'] }));
      await store.add(reply('b', { contactIds: [], from: '79990000000', receivedAt: at(0) }));
      await store.add(reply('c', { contactIds: ['c2'], from: '79550000000' }));
      await store.add(reply('d', { contactIds: ['c1'], from: '79990000000' }));
      await store.add(reply('e', { contactIds: [], from: '79770000000' }));
      for (const s of [store, await again()]) {
        expect(ids(await s.forContact('c1'))).toEqual(['a', 'd']);
        expect(ids(await s.forContact('c1', ['79990000000']))).toEqual(['a', 'b', 'd']);
        expect(ids(await s.forContact('c2', ['79770000000', '79550000000']))).toEqual(['a', 'c', 'e']);
        expect(ids(await s.forContact('c9', []))).toEqual([]);
      }
    });

    it('counts unread replies and whose they are; marking read counts those that were unread, and stays', async () => {
      const { store, again } = await opener.open();
      await store.add(reply('a', { contactIds: ['c2', 'c1'] }));
      await store.add(reply('b', { contactIds: [] }));
      await store.add(reply('c', { contactIds: ['c3'] }));
      await store.add(reply('d', { contactIds: ['c1'], read: true }));
      expect(await store.unreadReplies()).toEqual({ count: 2, contacts: ['c2', 'c1', 'c3'] });
      // Whose a reply is now: the one nobody's had when it came is c4's.
      expect(await store.unreadReplies((m) => (m.id === 'b' ? ['c4'] : m.contactIds))).toEqual({ count: 3, contacts: ['c2', 'c1', 'c4', 'c3'] });
      expect(await store.markRead(['a', 'd', 'nope'])).toBe(1);
      expect(await store.markRead(['a'])).toBe(0);
      expect(await store.markRead([])).toBe(0);
      const reopened = await again();
      expect(await reopened.get('a')).toEqual(reply('a', { contactIds: ['c2', 'c1'], read: true }));
      expect((await reopened.byProviderMessageId('smsru', 'p-a'))!.read).toBe(true);
      expect(await reopened.unreadReplies()).toEqual({ count: 1, contacts: ['c3'] });
      expect(await reopened.markRead(['b', 'c'])).toBe(2);
      expect(await reopened.unreadReplies((m) => m.contactIds.concat('x'))).toEqual({ count: 0, contacts: [] });
    });

    it('names every number a reply came from, once each, in the order each first wrote', async () => {
      const { store, again } = await opener.open();
      for (const [k, from] of ['79000000003', '79000000001', '79000000003', '79000000002', '79000000001'].entries()) await store.add(reply(`r${k}`, { from }));
      expect(await collect((await again()).senders())).toEqual(['79000000003', '79000000001', '79000000002']);
      expect(await collect(store.senders())).toEqual(['79000000003', '79000000001', '79000000002']);
    });

    it("counts a mailing's replies and the numbers that said STOP to it", async () => {
      const { store } = await opener.open();
      await store.add(reply('a', { mailingId: 'm1', keyword: 'stop', from: '79000000001' }));
      await store.add(reply('b', { mailingId: 'm1', keyword: 'stop', from: '79000000001' }));
      await store.add(reply('c', { mailingId: 'm1', keyword: 'start', from: '79000000002' }));
      await store.add(reply('d', { mailingId: 'm1', from: '79000000003' }));
      await store.add(reply('e', { mailingId: 'm2', keyword: 'stop', from: '79000000002' }));
      await store.add(reply('f', { keyword: 'stop', from: '79000000004' }));
      expect(await store.mailingCounts('m1')).toEqual({ replies: 4, optOuts: 1 });
      expect(await store.mailingCounts('m2')).toEqual({ replies: 1, optOuts: 1 });
      expect(await store.mailingCounts('m3')).toEqual({ replies: 0, optOuts: 0 });
    });

    it('the same webhook taken twice at once is stored once', async () => {
      const { store } = await opener.open();
      const results = await Promise.all([store.add(reply('x1', { providerMessageId: 'same' })), store.add(reply('x2', { providerMessageId: 'same' }))]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0]!.message).toEqual(results[1]!.message);
    });
  });
}
