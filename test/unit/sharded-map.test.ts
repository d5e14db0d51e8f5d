import { describe, expect, it } from 'vitest';
import { ShardedMap } from '../../relay/store/sharded-map';
import { seededRandom } from '../support/seeded-random';

describe('a Map spread over shards', () => {
  it('answers as a Map does through random sets, overwrites and deletes', () => {
    const r = seededRandom(64);
    const sharded = new ShardedMap<number>();
    const reference = new Map<string, number>();
    const keys = ['', 'a', 'ё', '\u0000', 'bench:1', 'bench:10', 'csv-7', '😀', ...Array.from({ length: 500 }, (_, k) => `c${k}`)];
    for (let step = 0; step < 20_000; step++) {
      const key = r.pick(keys);
      if (r.next() < 0.3) {
        expect(sharded.delete(key)).toBe(reference.delete(key));
      } else {
        sharded.set(key, step);
        reference.set(key, step);
      }
      expect(sharded.size).toBe(reference.size);
      const probe = r.pick(keys);
      expect([sharded.has(probe), sharded.get(probe)]).toEqual([reference.has(probe), reference.get(probe)]);
    }
    expect([...sharded.values()].sort((a, b) => a - b)).toEqual([...reference.values()].sort((a, b) => a - b));
    sharded.clear();
    expect([sharded.size, [...sharded.values()]]).toEqual([0, []]);
  });

  it('spreads keys that differ only in a few characters: no shard holds twice its share', () => {
    for (const keyOf of [(k: number) => `bench:${k}`, (k: number) => `olga.ivanova${k}@example${k % 7}.ru`, (k: number) => `7912${String(k).padStart(7, '0')}`]) {
      const map = new ShardedMap<number>();
      for (let k = 0; k < 64_000; k++) map.set(keyOf(k), k);
      expect(Math.max(...map.shardSizes())).toBeLessThan(2_000);
    }
  });
});
