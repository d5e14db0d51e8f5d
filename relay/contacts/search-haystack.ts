/** Places per block: small enough to join again quickly after a write, big enough that a scan is a few hundred indexOf calls. */
export const HAYSTACK_BLOCK = 1024;
const SHIFT = Math.log2(HAYSTACK_BLOCK);

/**
 * Text that search scans, laid out in directory order: the places of the index's order in blocks,
 * each block's entries (one per place, empty for a hole) joined by NUL into one string, so that
 * finding a needle is one indexOf per block instead of one test per contact. A block is joined when
 * first searched and again after one of its places changed. The needle must not contain NUL.
 */
export class SearchHaystack {
  private texts: (string | undefined)[] = [];
  private starts: (Int32Array | undefined)[] = [];

  /** `entryAt(place)`: the text of the contact at that place of the order ('' for a hole). */
  constructor(private readonly entryAt: (place: number) => string) {}

  changed(place: number): void {
    this.texts[place >> SHIFT] = undefined;
  }

  /** Every place moved. */
  reset(): void {
    this.texts = [];
    this.starts = [];
  }

  /** Appends to `hits` the places of block `block` whose entry contains `needle`, in order. */
  findInBlock(block: number, placeCount: number, needle: string, hits: number[]): void {
    const first = block << SHIFT;
    let text = this.texts[block];
    if (text === undefined) text = this.join(block, first, Math.min(placeCount, first + HAYSTACK_BLOCK));
    const starts = this.starts[block]!;
    for (let at = text.indexOf(needle); at !== -1; ) {
      const entry = lastAtOrBefore(starts, at);
      hits.push(first + entry);
      if (entry + 1 >= starts.length) break;
      at = text.indexOf(needle, starts[entry + 1]!);
    }
  }

  private join(block: number, first: number, end: number): string {
    const entries: string[] = [];
    const starts = new Int32Array(end - first);
    let offset = 0;
    for (let place = first; place < end; place++) {
      const entry = this.entryAt(place);
      starts[place - first] = offset;
      offset += entry.length + 1;
      entries.push(entry);
    }
    const text = entries.join('\0');
    this.texts[block] = text;
    this.starts[block] = starts;
    return text;
  }
}

/** The index of the last start ≤ `at` (starts ascending, starts[0] = 0). */
export function lastAtOrBefore(starts: Int32Array, at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}
