import { describe, expect, it } from 'vitest';
import type { GroupRecord } from '../../relay/store/groups';

/** What the relay asks of its contact groups, async: the embedded GroupStore (wrapped) and the PostgreSQL one. */
export interface AsyncGroupStore {
  changes(): Promise<number>;
  all(): Promise<readonly GroupRecord[]>;
  get(id: string): Promise<GroupRecord | undefined>;
  put(group: GroupRecord): Promise<void>;
  remove(id: string): Promise<boolean>;
}

export interface GroupStoreOpener {
  /** A store over new, empty data; `again()` opens the same data anew (a restart, or another relay). */
  open(): Promise<{ store: AsyncGroupStore; again(): Promise<AsyncGroupStore> }>;
}

const at = (s: number) => new Date(Date.parse('2030-01-01T00:00:00Z') + s * 1000).toISOString();

export const staticGroup = (id: string, fields: Partial<GroupRecord> = {}): GroupRecord => ({
  id,
  name: `Group ${id}`,
  kind: 'static',
  contacts: [`${id}-c1`, `${id}-c2`],
  filter: null,
  createdAt: at(0),
  updatedAt: at(0),
  ...fields,
});

const dynamicGroup = (id: string): GroupRecord => ({
  ...staticGroup(id),
  kind: 'dynamic',
  contacts: [],
  filter: {
    combinator: 'and',
    rules: [
      { field: 'city', op: 'eq', value: 'Екатеринбург' },
      {
        combinator: 'or',
        rules: [
          { field: 'hasMobile', op: 'is_true' },
          { field: 'fields.Статус', op: 'starts_with', value: 'VIP "gold"' },
        ],
      },
    ],
  },
});

export function describeGroupStore(name: string, opener: GroupStoreOpener): void {
  describe(`group store: ${name}`, () => {
    it('lists groups in the order they were first put; a group put again is replaced in its place', async () => {
      const { store, again } = await opener.open();
      for (const id of ['g3', 'g1', 'g2', 'g0']) await store.put(staticGroup(id));
      const renamed = staticGroup('g1', { name: 'Весна', contacts: ['x'], updatedAt: at(5) });
      await store.put(renamed);
      expect((await store.all()).map((g) => g.id)).toEqual(['g3', 'g1', 'g2', 'g0']);
      expect(await store.get('g1')).toEqual(renamed);
      expect((await store.all())[1]).toEqual(renamed);
      expect((await (await again()).all()).map((g) => g.name)).toEqual(['Group g3', 'Весна', 'Group g2', 'Group g0']);
    });

    it('keeps a group as it was given, a dynamic filter, many contacts and odd text included', async () => {
      const { store, again } = await opener.open();
      const many = staticGroup('big', { contacts: Array.from({ length: 20_000 }, (_, i) => `crm-${i}`), name: 'Tab\there, NUL\u0000, emoji 🎉, \\ "quoted"' });
      await store.put(dynamicGroup('dyn'));
      await store.put(many);
      const reopened = await again();
      expect(await reopened.get('dyn')).toEqual(dynamicGroup('dyn'));
      expect(await reopened.get('big')).toEqual(many);
      expect(await reopened.get('nope')).toBeUndefined();
      expect(await reopened.get('')).toBeUndefined();
    });

    it('removes a group and says whether there was one; a group put again after its removal goes last', async () => {
      const { store, again } = await opener.open();
      for (const id of ['a', 'b', 'c']) await store.put(staticGroup(id));
      expect(await store.remove('a')).toBe(true);
      expect(await store.remove('a')).toBe(false);
      expect(await store.remove('zzz')).toBe(false);
      expect(await store.get('a')).toBeUndefined();
      await store.put(staticGroup('a'));
      expect((await store.all()).map((g) => g.id)).toEqual(['b', 'c', 'a']);
      expect((await (await again()).all()).map((g) => g.id)).toEqual(['b', 'c', 'a']);
    });

    it('counts the writes that changed the groups, and not the reads', async () => {
      const { store } = await opener.open();
      const before = await store.changes();
      await store.all();
      await store.get('a');
      expect(await store.changes()).toBe(before);
      await store.put(staticGroup('a'));
      const afterPut = await store.changes();
      expect(afterPut).toBeGreaterThan(before);
      await store.put(staticGroup('a', { name: 'renamed' }));
      const afterSecond = await store.changes();
      expect(afterSecond).toBeGreaterThan(afterPut);
      expect(await store.remove('a')).toBe(true);
      expect(await store.changes()).toBeGreaterThan(afterSecond);
    });
  });
}
