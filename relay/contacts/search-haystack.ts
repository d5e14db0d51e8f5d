/** Places per block: small enough to join again quickly after a write, big enough that a scan is a few hundred indexOf calls. */
export const HAYSTACK_BLOCK = 1024;
const SHIFT = Math.log2(HAYSTACK_BLOCK);

/**
 * A per-block sketch of the text's n-character pieces (hashed into a bit set), so that a block that
 * cannot hold a needle is skipped without scanning it. Worth it where the text's alphabet is small and
 * indexOf crawls (phone digits); a needle shorter than `gram` scans every block as before.
 */
export interface GramSketch {
  gram: number;
  /** Bits per block, a power of two. */
  bits: number;
}

/**
 * Text that search scans, laid out in directory order: the places of the index's order in blocks,
 * each block's entries (one per place, empty for a hole) joined by NUL into one string, so that
 * finding a needle is one indexOf per block instead of one test per contact. A block is joined when
 * first searched or laid out (layOut), and again after one of its places changed. The needle must not
 * contain NUL.
 */
export class SearchHaystack {
  private texts: (string | undefined)[] = [];
  private starts: (Int32Array | undefined)[] = [];
  private sketches: (Uint32Array | undefined)[] = [];

  /** `entryAt(place)`: the text of the contact at that place of the order ('' for a hole). */
  constructor(
    private readonly entryAt: (place: number) => string,
    private readonly sketch?: GramSketch,
  ) {}

  changed(place: number): void {
    this.texts[place >> SHIFT] = undefined;
  }

  /** Every place moved. */
  reset(): void {
    this.texts = [];
    this.starts = [];
    this.sketches = [];
  }

  /** Joins the block's text now, unless it is joined already; says whether it had to. */
  layOut(block: number, placeCount: number): boolean {
    if (this.texts[block] !== undefined) return false;
    const first = block << SHIFT;
    this.join(block, first, Math.min(placeCount, first + HAYSTACK_BLOCK));
    return true;
  }

  isLaidOut(block: number): boolean {
    return this.texts[block] !== undefined;
  }

  /** The needle's pieces as the sketch hashes them; undefined: the needle is too short to tell. */
  gramsOf(needle: string): number[] | undefined {
    if (!this.sketch || needle.length < this.sketch.gram) return undefined;
    const grams: number[] = [];
    forEachGram(needle, this.sketch, (hash) => grams.push(hash));
    return grams;
  }

  /** Appends to `hits` the places of block `block` whose entry contains `needle`, in order. */
  findInBlock(block: number, placeCount: number, needle: string, hits: number[], grams?: number[]): void {
    const first = block << SHIFT;
    let text = this.texts[block];
    if (text === undefined) text = this.join(block, first, Math.min(placeCount, first + HAYSTACK_BLOCK));
    const sketch = this.sketches[block];
    if (grams && sketch) for (const hash of grams) if ((sketch[hash >>> 5]! & (1 << (hash & 31))) === 0) return;
    const starts = this.starts[block]!;
    for (let at = text.indexOf(needle); at !== -1;) {
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
    if (this.sketch) {
      const sketch = new Uint32Array(this.sketch.bits >>> 5);
      for (const entry of entries) forEachGram(entry, this.sketch, (hash) => (sketch[hash >>> 5]! |= 1 << (hash & 31)));
      this.sketches[block] = sketch;
    }
    return text;
  }
}

/** Calls `visit` with the hash of each `gram`-character piece of `text`. */
function forEachGram(text: string, { gram, bits }: GramSketch, visit: (hash: number) => void): void {
  const mask = bits - 1;
  for (let start = 0; start + gram <= text.length; start++) {
    let hash = 0;
    for (let k = start; k < start + gram; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
    visit((hash >>> 7) & mask);
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
