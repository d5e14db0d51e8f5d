import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../relay/store/string-index';
import { seededRandom } from '../support/seeded-random';

describe('a string index over strings held by number', () => {
  it('answers as a Map does through random adds, moves and deletes, numbers reused', () => {
    const r = seededRandom(16);
    const held: string[] = [];
    const free: number[] = [];
    const index = new StringIndex((n) => held[n]!);
    const reference = new Map<string, number>();
    const keys = ['', 'a', 'ё', '\u0000', 'bench:1', 'bench:10', 'csv-7', '😀', ...Array.from({ length: 3000 }, (_, k) => `c${k}`)];
    for (let step = 0; step < 60_000; step++) {
      const key = r.pick(keys);
      const at = reference.get(key);
      if (at !== undefined && r.next() < 0.4) {
        expect(index.delete(key)).toBe(true);
        reference.delete(key);
        free.push(at);
      } else if (at === undefined) {
        const n = free.pop() ?? held.length;
        held[n] = key;
        index.set(key, n);
        reference.set(key, n);
      } else {
        // The key moves to a new number; the old one is free again.
        const n = held.length;
        held[n] = key;
        index.set(key, n);
        reference.set(key, n);
        free.push(at);
      }
      expect(index.size).toBe(reference.size);
      const probe = r.pick(keys);
      expect([index.has(probe), index.get(probe)]).toEqual([reference.has(probe), reference.get(probe)]);
    }
    expect(index.delete('not held')).toBe(false);
    expect(index.values().sort((a, b) => a - b)).toEqual([...reference.values()].sort((a, b) => a - b));
  });

  it('grows to 300,000 keys that differ in a few characters, and reads no string to grow', () => {
    const held: string[] = [];
    let reads = 0;
    const index = new StringIndex((n) => (reads++, held[n]!));
    for (let n = 0; n < 300_000; n++) {
      held[n] = `olga.ivanova${n}@example${n % 7}.ru`;
      const before = reads;
      index.set(held[n]!, n);
      // A new key is compared only with keys of the same hash: with a good spread, hardly ever.
      expect(reads - before).toBeLessThan(3);
    }
    expect(reads).toBeLessThan(1000);
    for (let n = 0; n < 300_000; n += 997) expect(index.get(`olga.ivanova${n}@example${n % 7}.ru`)).toBe(n);
    expect(index.get('olga.ivanova300000@example3.ru')).toBeUndefined();
  });
});

describe('a string index fed keys that collide on purpose', () => {
  it('turns the crowded shard into a Map instead of probing ever longer: 20,000 colliding keys cost about a million key reads, not 200 million', () => {
    const held: string[] = [];
    let reads = 0;
    const index = new StringIndex((n) => (reads++, held[n]!), { hash: () => 7 });
    // Positive control: the collisions are real — each of the first keys is compared with every one before it.
    for (let n = 0; n < 200; n++) index.set((held[n] = `bench:${n}`), n);
    expect(reads).toBeGreaterThanOrEqual((199 * 200) / 2);
    expect(index.mapShards).toBe(0);
    for (let n = 200; n < 20_000; n++) index.set((held[n] = `bench:${n}`), n);
    expect(index.mapShards).toBe(1);
    expect(reads).toBeLessThan(2_000_000);
    expect(index.size).toBe(20_000);
    for (let n = 0; n < 20_000; n += 37) expect(index.get(`bench:${n}`)).toBe(n);
    expect(index.delete('bench:5')).toBe(true);
    expect([index.has('bench:5'), index.size, index.values().length]).toEqual([false, 19_999, 19_999]);
  });

  it('seeds its hash per index, so where a key lands cannot be worked out from outside', () => {
    const seeds: number[] = [];
    const spy = (key: string, seed: number) => (seeds.push(seed), key.length);
    new StringIndex(() => '', { hash: spy }).get('a');
    new StringIndex(() => '', { hash: spy }).get('a');
    expect(seeds[0]).not.toBe(seeds[1]);
  });
});
