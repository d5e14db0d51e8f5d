import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../relay/store/messages';

/** What the relay asks of its card messages, async: the embedded MessageStore (wrapped) and the PostgreSQL one. */
export interface AsyncMessageStore {
  get(id: string): Promise<StoredMessage | undefined>;
  byProviderMessageId(providerMessageId: string): Promise<StoredMessage | undefined>;
  lastToPhone(digits: string): Promise<StoredMessage | undefined>;
  forContact(crmId: string): Promise<StoredMessage[]>;
  pending(): Promise<StoredMessage[]>;
  inFlight(): Promise<StoredMessage[]>;
  insert(message: StoredMessage): Promise<void>;
  update(changes: { id: string; patch: Partial<StoredMessage> }[]): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface MessageStoreOpener {
  /** A store over new, empty data; `again()` opens the same data anew (a restart, or another relay). */
  open(): Promise<{ store: AsyncMessageStore; again(): Promise<AsyncMessageStore> }>;
}

const at = (s: number) => new Date(Date.parse('2030-01-01T00:00:00Z') + s * 1000).toISOString();

export const cardMessage = (id: string, fields: Partial<StoredMessage> = {}): StoredMessage => ({
  id,
  contact: { crmId: 'c1', name: 'Ёлкина Анна' },
  phone: '79123456789',
  text: `Привет, ${id}!`,
  parts: 1,
  encoding: 'UCS-2',
  provider: 'smsru',
  providerMessageId: null,
  status: 'sending',
  cost: null,
  currency: null,
  error: null,
  mailing: null,
  sentBy: 'anna',
  createdAt: at(1),
  updatedAt: at(1),
  ...fields,
});

const ids = (messages: readonly StoredMessage[]) => messages.map((m) => m.id);

export function describeMessageStore(name: string, opener: MessageStoreOpener): void {
  describe(`message store: ${name}`, () => {
    it('keeps a message as given and finds it by id; an unknown id finds nothing', async () => {
      const { store, again } = await opener.open();
      const message = cardMessage('m1', { contact: null, text: 'Tab\t"q" \\ 🎉 NUL\u0000', error: { code: 'lost_in_crash', message: 'lost', messageRu: 'потеряно' } });
      await store.insert(message);
      expect(await store.get('m1')).toEqual(message);
      expect(await (await again()).get('m1')).toEqual(message);
      expect(await store.get('m2')).toBeUndefined();
      expect(await store.byProviderMessageId('p1')).toBeUndefined();
      expect(await store.lastToPhone('79000000000')).toBeUndefined();
    });

    it("lists a contact's messages newest inserted first, those of no contact on no card", async () => {
      const { store, again } = await opener.open();
      await store.insert(cardMessage('a', { createdAt: at(5) }));
      await store.insert(cardMessage('b', { contact: { crmId: 'c2', name: null } }));
      await store.insert(cardMessage('c', { createdAt: at(2) }));
      await store.insert(cardMessage('d', { contact: null }));
      await store.insert(cardMessage('e', { createdAt: at(9) }));
      await store.update([{ id: 'a', patch: { status: 'queued', providerMessageId: 'pa' } }]);
      for (const s of [store, await again()]) {
        expect(ids(await s.forContact('c1'))).toEqual(['e', 'c', 'a']);
        expect(ids(await s.forContact('c2'))).toEqual(['b']);
        expect(await s.forContact('c3')).toEqual([]);
      }
    });

    it("finds a message by the provider's id once it has one, and the latest to a number by its creation time", async () => {
      const { store } = await opener.open();
      await store.insert(cardMessage('late', { createdAt: at(50) }));
      await store.insert(cardMessage('early', { createdAt: at(10) }));
      await store.insert(cardMessage('other', { phone: '79990000000', createdAt: at(1) }));
      expect((await store.lastToPhone('79123456789'))?.id).toBe('late');
      expect((await store.lastToPhone('79990000000'))?.id).toBe('other');
      await store.update([{ id: 'early', patch: { providerMessageId: 'p-early', status: 'queued' } }]);
      expect(await store.byProviderMessageId('p-early')).toEqual(cardMessage('early', { createdAt: at(10), providerMessageId: 'p-early', status: 'queued' }));
      expect((await store.lastToPhone('79123456789'))?.id).toBe('late');
      // Of two created at the same time, the one written last.
      await store.insert(cardMessage('same1', { phone: '79550000000', createdAt: at(7) }));
      await store.insert(cardMessage('same2', { phone: '79550000000', createdAt: at(7) }));
      expect((await store.lastToPhone('79550000000'))?.id).toBe('same2');
      await store.update([{ id: 'same1', patch: { status: 'queued' } }]);
      expect((await store.lastToPhone('79550000000'))?.id).toBe('same1');
    });

    it('names the pending messages (a provider id, no final status) and those in flight, in the order inserted', async () => {
      const { store, again } = await opener.open();
      const statuses = ['sending', 'queued', 'sent', 'delivered', 'failed', 'unknown'] as const;
      for (const [k, status] of statuses.entries()) {
        await store.insert(cardMessage(`x${k}`, { status, providerMessageId: `p${k}` }));
        await store.insert(cardMessage(`y${k}`, { status, providerMessageId: null }));
      }
      await store.update([
        { id: 'x1', patch: { status: 'delivered' } },
        { id: 'y2', patch: { providerMessageId: 'late-id' } },
        { id: 'y3', patch: { status: 'sending' } },
      ]);
      for (const s of [store, await again()]) {
        expect(ids(await s.pending())).toEqual(['x0', 'x2', 'y2', 'x5']);
        expect(ids(await s.inFlight())).toEqual(['x0', 'y0', 'y3']);
      }
    });

    it('applies several changes in one update: unknown ids passed over, of two for one message the latter', async () => {
      const { store, again } = await opener.open();
      await store.insert(cardMessage('a'));
      await store.insert(cardMessage('b'));
      await store.update([
        { id: 'a', patch: { status: 'queued', providerMessageId: 'pa', cost: 1.5, currency: 'RUB' } },
        { id: 'nope', patch: { status: 'failed' } },
        { id: 'b', patch: { status: 'failed', error: { code: 'not_delivered', message: 'm', messageRu: 'м' } } },
        { id: 'b', patch: { status: 'sent', updatedAt: at(3) } },
      ]);
      await store.update([]);
      const reopened = await again();
      expect(await reopened.get('a')).toEqual(cardMessage('a', { status: 'queued', providerMessageId: 'pa', cost: 1.5, currency: 'RUB' }));
      expect(await reopened.get('b')).toEqual(cardMessage('b', { status: 'sent', updatedAt: at(3) }));
      expect(await reopened.get('nope')).toBeUndefined();
    });

    it('two updates of one message at once both count', async () => {
      const { store } = await opener.open();
      await store.insert(cardMessage('a'));
      await Promise.all([store.update([{ id: 'a', patch: { status: 'delivered' } }]), store.update([{ id: 'a', patch: { cost: 2, currency: 'RUB' } }])]);
      expect(await store.get('a')).toMatchObject({ status: 'delivered', cost: 2, currency: 'RUB' });
    });

    it('a removed message is gone from every listing; the latest to its number is the one before it', async () => {
      const { store, again } = await opener.open();
      await store.insert(cardMessage('a', { createdAt: at(1), providerMessageId: 'pa', status: 'queued' }));
      await store.insert(cardMessage('b', { createdAt: at(2), providerMessageId: 'pb', status: 'queued' }));
      await store.remove('b');
      await store.remove('b');
      await store.remove('never');
      for (const s of [store, await again()]) {
        expect(await s.get('b')).toBeUndefined();
        expect(await s.byProviderMessageId('pb')).toBeUndefined();
        expect((await s.lastToPhone('79123456789'))?.id).toBe('a');
        expect(ids(await s.forContact('c1'))).toEqual(['a']);
        expect(ids(await s.pending())).toEqual(['a']);
      }
      await store.remove('a');
      expect(await store.lastToPhone('79123456789')).toBeUndefined();
    });
  });
}
