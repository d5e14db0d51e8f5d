const SHARDS = 64;

/**
 * A Map of string keys spread over 64 smaller Maps by a hash of the key. A Map grows by rehashing
 * every entry at once: on this machine the set() that takes a Map past 262,144 entries holds the
 * event loop 25–45 ms (a million contacts: over 100 ms), however finely the work around it takes
 * turns. Spread over 64, the largest rehash is a 64th of that. Iteration order is by shard, not by
 * insertion.
 */
export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.shardOf(key).get(key);
  }

  has(key: string): boolean {
    return this.shardOf(key).has(key);
  }

  set(key: string, value: V): this {
    const shard = this.shardOf(key);
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
    return this;
  }

  delete(key: string): boolean {
    const deleted = this.shardOf(key).delete(key);
    if (deleted) this.count--;
    return deleted;
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
    this.count = 0;
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  /** The number of entries in each shard (for tests of the spread). */
  shardSizes(): number[] {
    return this.shards.map((shard) => shard.size);
  }

  /** FNV-1a over the key's UTF-16 code units. */
  private shardOf(key: string): Map<string, V> {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return this.shards[(hash >>> 0) % SHARDS]!;
  }
}
