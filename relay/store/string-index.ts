import { randomInt } from 'node:crypto';

const EMPTY = -1;
const DELETED = -2;
const SHARDS = 64;
const MIN_CELLS = 64;
/**
 * A probe this long means keys that collide on purpose (ids and e-mails come from users): the shard
 * becomes a Map, whose hash V8 seeds per process. Chance runs at three-quarters load stay well below it (a shard of 16,384 entries: some 250 at the longest).
 */
const MAX_PROBE = 1024;

/** One shard: an open-addressed table of numbers, probed linearly from a hash's low bits. */
interface Shard {
  cells: Int32Array;
  /** Live numbers in it. */
  count: number;
  /** Cells that are not EMPTY (live or DELETED): what probing walks over. */
  taken: number;
  /** Instead of the cells, once a probe ran too long. */
  map?: Map<string, number>;
}

export interface StringIndexOptions {
  /** Mixed into every hash (random unless given): the cells a key lands in cannot be worked out from outside. */
  seed?: number;
  /** For tests: the hash of a key (seeded FNV-1a unless given). */
  hash?: (key: string, seed: number) => number;
}

/**
 * Finds the number (a slot, a value id) that a string is held at, where the caller holds the strings
 * by number (`keyAt`) and the index holds only numbers: open-addressed tables of them in typed arrays,
 * 5–11 bytes an entry and 4 for its hash, where a Map of the same strings costs some 37. The entries
 * are spread over 64 tables by hash, so that growing rehashes a 64th of them at a time, by their stored
 * hashes, without reading a string: a single table rehashing 786,432 entries held the event loop 38 ms.
 *
 * Keys that collide on purpose cost a shard its compactness, never the event loop: see MAX_PROBE.
 *
 * `set(key, n)` requires `keyAt(n)` to be `key` from then on, until `delete(key)`.
 */
export class StringIndex {
  private readonly shards: Shard[] = Array.from({ length: SHARDS }, () => ({ cells: new Int32Array(MIN_CELLS).fill(EMPTY), count: 0, taken: 0 }));
  private hashes = new Int32Array(1024);
  private count = 0;
  private readonly seed: number;
  private readonly hashOf: (key: string, seed: number) => number;

  constructor(
    private readonly keyAt: (n: number) => string,
    options: StringIndexOptions = {},
  ) {
    this.seed = options.seed ?? randomInt(2 ** 31);
    this.hashOf = options.hash ?? seededFnv;
  }

  /** How many shards became Maps (for tests). */
  get mapShards(): number {
    return this.shards.filter((shard) => shard.map).length;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const hash = this.hashOf(key, this.seed);
    const shard = this.shardOf(hash);
    if (shard.map) return shard.map.get(key);
    const cell = this.find(shard, key, hash);
    return cell === -1 ? undefined : shard.cells[cell]!;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, n: number): void {
    const hash = this.hashOf(key, this.seed);
    const shard = this.shardOf(hash);
    if (n >= this.hashes.length) this.hashes = grown(this.hashes, n);
    this.hashes[n] = hash;
    if (shard.map) {
      this.count += shard.map.has(key) ? 0 : 1;
      shard.map.set(key, n);
      return;
    }
    const found = this.find(shard, key, hash);
    if (found !== -1) {
      shard.cells[found] = n;
      return;
    }
    if ((shard.taken + 1) * 4 > shard.cells.length * 3) this.rehash(shard);
    const { cells } = shard;
    const mask = cells.length - 1;
    let cell = hash & mask;
    let probes = 0;
    while (cells[cell]! >= 0) {
      cell = (cell + 1) & mask;
      if (++probes > MAX_PROBE) {
        this.toMap(shard);
        this.count += shard.map!.has(key) ? 0 : 1;
        shard.map!.set(key, n);
        return;
      }
    }
    if (cells[cell] === EMPTY) shard.taken++;
    cells[cell] = n;
    shard.count++;
    this.count++;
  }

  delete(key: string): boolean {
    const hash = this.hashOf(key, this.seed);
    const shard = this.shardOf(hash);
    if (shard.map) {
      const deleted = shard.map.delete(key);
      if (deleted) this.count--;
      return deleted;
    }
    const cell = this.find(shard, key, hash);
    if (cell === -1) return false;
    shard.cells[cell] = DELETED;
    shard.count--;
    this.count--;
    return true;
  }

  /** Every number held, in no particular order. */
  values(): number[] {
    const held: number[] = [];
    for (const { cells, map } of this.shards) {
      if (map) held.push(...map.values());
      else for (const n of cells) if (n >= 0) held.push(n);
    }
    return held;
  }

  private shardOf(hash: number): Shard {
    return this.shards[hash >>> 26]!;
  }

  private find({ cells }: Shard, key: string, hash: number): number {
    const mask = cells.length - 1;
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const n = cells[cell]!;
      if (n === EMPTY) return -1;
      if (n >= 0 && this.hashes[n] === hash && this.keyAt(n) === key) return cell;
    }
  }

  private toMap(shard: Shard): void {
    shard.map = new Map();
    for (const n of shard.cells) if (n >= 0) shard.map.set(this.keyAt(n), n);
    shard.cells = new Int32Array(0);
    shard.taken = 0;
  }

  /** The shard's table without its deleted entries, a quarter to a half full (it grows at three quarters). */
  private rehash(shard: Shard): void {
    let size = MIN_CELLS;
    while (size < (shard.count + 1) * 2) size *= 2;
    const cells = new Int32Array(size).fill(EMPTY);
    const mask = size - 1;
    for (const n of shard.cells) {
      if (n < 0) continue;
      let cell = this.hashes[n]! & mask;
      while (cells[cell] !== EMPTY) cell = (cell + 1) & mask;
      cells[cell] = n;
    }
    shard.cells = cells;
    shard.taken = shard.count;
  }
}

/** FNV-1a over the key's UTF-16 code units from a seeded basis, mixed so that both the low bits (a table's cell) and the top six (its shard) depend on every unit. */
function seededFnv(key: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 13);
}

function grown(array: Int32Array, index: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(index + 1, Math.ceil(array.length * 1.5)));
  bigger.set(array);
  return bigger;
}
