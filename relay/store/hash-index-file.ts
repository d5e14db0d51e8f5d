import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { replaceFileDurably, type DataIo } from './data-io';

const ENTRY = 12; // 8 bytes of key hash, 4 bytes of value

/** Two independent 32-bit FNV-1a variants of a key's UTF-16 code units: a 64-bit hash without BigInt. */
function hashOf(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193) >>> 0;
    b = Math.imul(b ^ unit, 0x5bd1e995) >>> 0;
    b = (b ^ (b >>> 15)) >>> 0;
  }
  return [a, b];
}

const compare = (ah: number, al: number, bh: number, bl: number) => (ah !== bh ? ah - bh : al - bl);

/**
 * A file that maps string keys to small numbers (a recipient's index) without holding the keys in
 * memory: entries sorted by a 64-bit hash of the key, found by binary search with positioned reads.
 * Written once, durably; a key may map to several values.
 */
export const HashIndexFile = {
  write(io: DataIo, file: string, entries: Iterable<[key: string, value: number]>): number {
    const list: { h: number; l: number; v: number }[] = [];
    for (const [key, value] of entries) {
      const [h, l] = hashOf(key);
      list.push({ h, l, v: value });
    }
    list.sort((x, y) => compare(x.h, x.l, y.h, y.l) || x.v - y.v);
    const buffer = Buffer.alloc(list.length * ENTRY);
    list.forEach((entry, k) => {
      buffer.writeUInt32BE(entry.h, k * ENTRY);
      buffer.writeUInt32BE(entry.l, k * ENTRY + 4);
      buffer.writeUInt32BE(entry.v, k * ENTRY + 8);
    });
    replaceFileDurably(io, file, buffer);
    return list.length;
  },

  /** Every value stored under `key` (a different key with the same 64-bit hash would show up too: about 1 in 10^14 at 100k keys). */
  lookup(file: string, key: string): number[] {
    const [h, l] = hashOf(key);
    const fd = openSync(file, 'r');
    try {
      const count = Math.floor(fstatSync(fd).size / ENTRY);
      const entry = Buffer.alloc(ENTRY);
      const at = (k: number) => {
        readSync(fd, entry, 0, ENTRY, k * ENTRY);
        return compare(entry.readUInt32BE(0), entry.readUInt32BE(4), h, l);
      };
      let low = 0;
      let high = count;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (at(middle) < 0) low = middle + 1;
        else high = middle;
      }
      const values: number[] = [];
      for (let k = low; k < count && at(k) === 0; k++) values.push(entry.readUInt32BE(8));
      return values;
    } finally {
      closeSync(fd);
    }
  },
};
