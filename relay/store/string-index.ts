const EMPTY = -1;
const DELETED = -2;
const SHARDS = 64;
const MIN_CELLS = 64;

/** One shard: an open-addressed table of numbers, probed linearly from a hash's low bits. */
interface Shard {
  cells: Int32Array;
  /** Live numbers in it. */
  count: number;
  /** Cells that are not EMPTY (live or DELETED): what probing walks over. */
  taken: number;
}

/**
 * Finds the number (a slot, a value id) that a string is held at, where the caller holds the strings
 * by number (`keyAt`) and the index holds only numbers: open-addressed tables of them in typed arrays,
 * 5–11 bytes an entry and 4 for its hash, where a Map of the same strings costs some 37. The entries
 * are spread over 64 tables by hash, so that growing rehashes a 64th of them at a time, by their stored
 * hashes, without reading a string: a single table rehashing 786,432 entries held the event loop 38 ms.
 *
 * `set(key, n)` requires `keyAt(n)` to be `key` from then on, until `delete(key)`.
 */
export class StringIndex {
  private readonly shards: Shard[] = Array.from({ length: SHARDS }, () => ({ cells: new Int32Array(MIN_CELLS).fill(EMPTY), count: 0, taken: 0 }));
  private hashes = new Int32Array(1024);
  private count = 0;

  constructor(private readonly keyAt: (n: number) => string) {}

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const hash = hashOf(key);
    const shard = this.shardOf(hash);
    const cell = this.find(shard, key, hash);
    return cell === -1 ? undefined : shard.cells[cell]!;
  }

  has(key: string): boolean {
    const hash = hashOf(key);
    return this.find(this.shardOf(hash), key, hash) !== -1;
  }

  set(key: string, n: number): void {
    const hash = hashOf(key);
    const shard = this.shardOf(hash);
    const found = this.find(shard, key, hash);
    if (n >= this.hashes.length) this.hashes = grown(this.hashes, n);
    this.hashes[n] = hash;
    if (found !== -1) {
      shard.cells[found] = n;
      return;
    }
    if ((shard.taken + 1) * 4 > shard.cells.length * 3) this.rehash(shard);
    const { cells } = shard;
    const mask = cells.length - 1;
    let cell = hash & mask;
    while (cells[cell]! >= 0) cell = (cell + 1) & mask;
    if (cells[cell] === EMPTY) shard.taken++;
    cells[cell] = n;
    shard.count++;
    this.count++;
  }

  delete(key: string): boolean {
    const hash = hashOf(key);
    const shard = this.shardOf(hash);
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
    for (const { cells } of this.shards) for (const n of cells) if (n >= 0) held.push(n);
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

/** FNV-1a over the key's UTF-16 code units, mixed so that both the low bits (a table's cell) and the top six (its shard) depend on every unit. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
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
