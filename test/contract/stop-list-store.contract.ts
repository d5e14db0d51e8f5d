import { describe, expect, it } from 'vitest';
import type { StopListEntry } from '../../shared/stop-list';
import type { StopListRecord } from '../../relay/store/stop-list';

type Removal = { at: string; by: string; reason: string };

/** What the relay asks of its stop list, async: the embedded StopListStore (wrapped) and the PostgreSQL one. */
export interface AsyncStopListStore {
  has(phone: string): Promise<boolean>;
  /** Which of the numbers are on the list now (the embedded store: `has` for each). */
  listedAmong(phones: readonly string[]): Promise<Set<string>>;
  entry(phone: string): Promise<StopListEntry | undefined>;
  get(phone: string): Promise<StopListRecord | undefined>;
  changes(): Promise<number>;
  size(): Promise<number>;
  newestFirst(): AsyncIterable<StopListEntry>;
  everyNumber(): AsyncIterable<StopListRecord>;
  add(entry: StopListEntry): Promise<boolean>;
  addMany(entries: Iterable<StopListEntry>, turn?: () => Promise<void>): Promise<StopListEntry[]>;
  remove(phone: string, removal: Removal): Promise<boolean>;
  removeMany(phones: Iterable<string>, removal: Removal): Promise<string[]>;
}

export interface StopListStoreOpener {
  /** A store over new, empty data; `again()` opens the same data anew (a restart, or another relay). */
  open(): Promise<{ store: AsyncStopListStore; again(): Promise<AsyncStopListStore> }>;
}

const at = (s: number) => new Date(Date.parse('2030-01-01T00:00:00Z') + s * 1000).toISOString();
const phone = (k: number) => `7912${String(k).padStart(7, '0')}`;

export const stopEntry = (k: number, fields: Partial<StopListEntry> = {}): StopListEntry => ({
  phone: phone(k),
  source: 'agent',
  addedAt: at(k),
  addedBy: 'anna',
  ...fields,
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export function describeStopListStore(name: string, opener: StopListStoreOpener): void {
  describe(`stop list store: ${name}`, () => {
    it('puts a number on the list once, with its entry and an "added" event; a number it never had is unknown', async () => {
      const { store } = await opener.open();
      const entry = stopEntry(1, { source: 'reply', addedBy: 'smsru', reason: 'СТОП' });
      expect(await store.add(entry)).toBe(true);
      expect(await store.add(stopEntry(1, { addedBy: 'bob' }))).toBe(false);
      expect(await store.has(phone(1))).toBe(true);
      expect(await store.entry(phone(1))).toEqual(entry);
      expect(await store.get(phone(1))).toEqual({ phone: phone(1), entry, history: [{ action: 'added', at: at(1), by: 'smsru', source: 'reply', reason: 'СТОП' }] });
      // No reason: the event has none (not an empty one).
      await store.add(stopEntry(2));
      expect((await store.get(phone(2)))!.history).toStrictEqual([{ action: 'added', at: at(2), by: 'anna', source: 'agent' }]);
      expect(await store.has(phone(3))).toBe(false);
      expect(await store.entry(phone(3))).toBeUndefined();
      expect(await store.get(phone(3))).toBeUndefined();
      expect(await store.size()).toBe(2);
    });

    it('adds many at once: a number given twice once (its first entry), those listed already not again; the added in the order given', async () => {
      const { store } = await opener.open();
      await store.add(stopEntry(5));
      const added = await store.addMany([stopEntry(9), stopEntry(5, { addedBy: 'x' }), stopEntry(3), stopEntry(9, { addedBy: 'second' }), stopEntry(7)]);
      expect(added).toEqual([stopEntry(9), stopEntry(3), stopEntry(7)]);
      expect(await store.entry(phone(9))).toEqual(stopEntry(9));
      expect(await store.entry(phone(5))).toEqual(stopEntry(5));
      expect(await store.addMany([stopEntry(3), stopEntry(5)])).toEqual([]);
      expect(await store.addMany([])).toEqual([]);
      expect(await store.size()).toBe(4);
    });

    it('lists the numbers on it newest change first, and every number it knows oldest change first, a removal and a return moving it to the end', async () => {
      const { store, again } = await opener.open();
      await store.addMany([4, 2, 8, 6].map((k) => stopEntry(k)));
      const removal = { at: at(50), by: 'admin', reason: 'asked to' };
      await store.remove(phone(2), removal);
      await store.add(stopEntry(1));
      await store.add(stopEntry(4));
      await store.remove(phone(8), removal);
      await store.add(stopEntry(8, { addedAt: at(60), source: 'csv' }));
      for (const s of [store, await again()]) {
        expect((await collect(s.newestFirst())).map((e) => e.phone)).toEqual([8, 1, 6, 4].map(phone));
        expect((await collect(s.everyNumber())).map((r) => [r.phone, r.entry !== null])).toEqual([
          [phone(4), true],
          [phone(6), true],
          [phone(2), false],
          [phone(1), true],
          [phone(8), true],
        ]);
        expect(await s.get(phone(8))).toEqual({
          phone: phone(8),
          entry: stopEntry(8, { addedAt: at(60), source: 'csv' }),
          history: [
            { action: 'added', at: at(8), by: 'anna', source: 'agent' },
            { action: 'removed', ...removal },
            { action: 'added', at: at(60), by: 'anna', source: 'csv' },
          ],
        });
        expect(await s.size()).toBe(4);
      }
    });

    it('takes numbers off keeping why: those on it, once each, in the order given; a number not on it is left alone', async () => {
      const { store, again } = await opener.open();
      await store.addMany([1, 2, 3, 4].map((k) => stopEntry(k)));
      const removal = { at: at(70), by: 'bob', reason: 'договор' };
      expect(await store.removeMany([phone(3), phone(9), phone(1), phone(3)], removal)).toEqual([phone(3), phone(1)]);
      expect(await store.removeMany([phone(3)], removal)).toEqual([]);
      expect(await store.remove(phone(1), removal)).toBe(false);
      expect(await store.remove(phone(2), { ...removal, at: at(71) })).toBe(true);
      const reopened = await again();
      expect(await reopened.has(phone(3))).toBe(false);
      expect(await reopened.entry(phone(3))).toBeUndefined();
      expect(await reopened.get(phone(3))).toEqual({
        phone: phone(3),
        entry: null,
        history: [
          { action: 'added', at: at(3), by: 'anna', source: 'agent' },
          { action: 'removed', ...removal },
        ],
      });
      expect([...(await reopened.listedAmong([1, 2, 3, 4, 5].map(phone)))]).toEqual([phone(4)]);
      expect(await reopened.size()).toBe(1);
      expect((await collect(reopened.everyNumber())).map((r) => r.phone)).toEqual([4, 3, 1, 2].map(phone));
    });

    it('a big change takes turns and is one write; it keeps the order given across its parts', async () => {
      const { store, again } = await opener.open();
      let turns = 0;
      const many = Array.from({ length: 2_500 }, (_, i) => stopEntry((i * 7919) % 2_500));
      const added = await store.addMany(many, async () => void turns++);
      expect(added).toEqual(many);
      expect(turns).toBeGreaterThan(0);
      const reopened = await again();
      expect(await reopened.size()).toBe(2_500);
      expect((await collect(reopened.newestFirst())).map((e) => e.phone)).toEqual(many.map((e) => e.phone).reverse());
      const removed = await reopened.removeMany(many.map((e) => e.phone).slice(0, 1_500), { at: at(99), by: 'admin', reason: 'batch' });
      expect(removed).toHaveLength(1_500);
      expect((await collect(reopened.everyNumber())).map((r) => r.phone)).toEqual(
        many
          .map((e) => e.phone)
          .slice(1_500)
          .concat(removed),
      );
    });

    it('the same number added twice at once is added once', async () => {
      const { store } = await opener.open();
      const results = await Promise.all([store.add(stopEntry(1)), store.add(stopEntry(1, { addedBy: 'bob' })), store.addMany([stopEntry(1), stopEntry(2)])]);
      const addedOne = [results[0], results[1], results[2].some((e) => e.phone === phone(1))];
      expect(addedOne.filter(Boolean)).toHaveLength(1);
      expect(results[2].map((e) => e.phone)).toContain(phone(2));
      expect((await store.get(phone(1)))!.history).toHaveLength(1);
    });

    it('counts the writes that changed the list, not those that changed nothing, nor reads', async () => {
      const { store } = await opener.open();
      const before = await store.changes();
      await store.add(stopEntry(1));
      const one = await store.changes();
      expect(one).toBeGreaterThan(before);
      await store.add(stopEntry(1));
      await store.remove(phone(2), { at: at(1), by: 'a', reason: 'r' });
      await store.has(phone(1));
      await collect(store.everyNumber());
      expect(await store.changes()).toBe(one);
      await store.remove(phone(1), { at: at(1), by: 'a', reason: 'r' });
      expect(await store.changes()).toBeGreaterThan(one);
    });
  });
}
