import { describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../shared/consent';

/** What the relay asks of its consent records, async: the embedded ConsentStore (wrapped) and the PostgreSQL one. */
export interface AsyncConsentStore {
  changes(): Promise<number>;
  current(crmId: string): Promise<ConsentRecord | undefined>;
  granted(crmId: string): Promise<boolean>;
  /** Which of the contacts' consent now is a granted one (the embedded store: `granted` for each). */
  grantedAmong(crmIds: readonly string[]): Promise<Set<string>>;
  history(crmId: string): Promise<readonly ConsentRecord[]>;
  append(records: readonly ConsentRecord[]): Promise<void>;
}

export interface ConsentStoreOpener {
  /** A store over new, empty data; `again()` opens the same data anew (a restart, or another relay). */
  open(): Promise<{ store: AsyncConsentStore; again(): Promise<AsyncConsentStore> }>;
}

const at = (s: number) => new Date(Date.parse('2030-01-01T00:00:00Z') + s * 1000).toISOString();

export const consent = (crmId: string, granted: boolean, s: number, fields: Partial<ConsentRecord> = {}): ConsentRecord => ({
  crmId,
  granted,
  source: 'agent',
  at: at(s),
  by: 'anna',
  ...fields,
});

export function describeConsentStore(name: string, opener: ConsentStoreOpener): void {
  describe(`consent store: ${name}`, () => {
    it('a contact with no record has no consent and an empty history', async () => {
      const { store } = await opener.open();
      await store.append([consent('other', true, 1)]);
      expect(await store.current('c1')).toBeUndefined();
      expect(await store.granted('c1')).toBe(false);
      expect(await store.history('c1')).toEqual([]);
    });

    it('keeps every record in the order appended, also within one append; the consent now is the latest, whatever its time says', async () => {
      const { store, again } = await opener.open();
      const first = consent('c1', true, 10, { source: 'crm', comment: 'Поле «Согласие»' });
      await store.append([first, consent('c2', true, 1)]);
      // Later records with earlier times: the order of appending decides, not `at`.
      const batch = [
        consent('c1', false, 5, { source: 'reply', by: 'relay' }),
        consent('c2', false, 2),
        consent('c1', true, 3, { source: 'csv' }),
        consent('c2', true, 4),
      ];
      await store.append(batch);
      await store.append(Array.from({ length: 40 }, (_, i) => consent('c3', i % 2 === 0, 100 - i)));
      for (const s of [store, await again()]) {
        expect(await s.history('c1')).toEqual([first, batch[0], batch[2]]);
        expect(await s.current('c1')).toEqual(batch[2]);
        expect(await s.granted('c1')).toBe(true);
        expect(await s.history('c2')).toEqual([consent('c2', true, 1), batch[1], batch[3]]);
        expect((await s.history('c3')).map((r) => r.at)).toEqual(Array.from({ length: 40 }, (_, i) => at(100 - i)));
        expect(await s.granted('c3')).toBe(false);
      }
    });

    it('a withdrawal is the consent now; a record is kept as it was given, comment or none', async () => {
      const { store } = await opener.open();
      await store.append([consent('c1', true, 1)]);
      await store.append([consent('c1', false, 2, { comment: 'Tab\t"quoted" \\ 🎉' })]);
      expect(await store.granted('c1')).toBe(false);
      expect(await store.current('c1')).toStrictEqual(consent('c1', false, 2, { comment: 'Tab\t"quoted" \\ 🎉' }));
      expect((await store.history('c1'))[0]).toStrictEqual(consent('c1', true, 1));
    });

    it('tells which of many contacts have consent now', async () => {
      const { store } = await opener.open();
      await store.append([consent('a', true, 1), consent('b', true, 1), consent('c', false, 1), consent('a', false, 2), consent('c', true, 2), consent('d', true, 3)]);
      expect([...(await store.grantedAmong(['a', 'b', 'c', 'e']))].sort()).toEqual(['b', 'c']);
      expect([...(await store.grantedAmong([]))]).toEqual([]);
    });

    it('counts appends, not empty ones nor reads', async () => {
      const { store } = await opener.open();
      const before = await store.changes();
      await store.append([]);
      await store.history('a');
      expect(await store.changes()).toBe(before);
      await store.append([consent('a', true, 1), consent('b', true, 1)]);
      const one = await store.changes();
      expect(one).toBeGreaterThan(before);
      await store.append([consent('a', false, 2)]);
      expect(await store.changes()).toBeGreaterThan(one);
    });
  });
}
