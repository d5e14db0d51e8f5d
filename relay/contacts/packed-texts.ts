/**
 * A short one-byte text (digits, commas) per slot, packed end to end in one buffer: a slot costs its
 * characters and 6 bytes, where a string of its own costs 40–50 and a pointer. A rewritten slot's text
 * goes to the end; the buffer is packed again when what is dead outweighs what is live.
 * Text beyond Latin-1 does not survive (latin1 keeps each code unit's low byte).
 */
export class PackedTexts {
  private bytes = Buffer.alloc(64 * 1024);
  private used = 0;
  private live = 0;
  private starts = new Uint32Array(1024);
  private lengths = new Uint16Array(1024);

  get(slot: number): string {
    if (slot >= this.starts.length) return '';
    const start = this.starts[slot]!;
    return this.bytes.toString('latin1', start, start + this.lengths[slot]!);
  }

  set(slot: number, text: string): void {
    if (text.length > 0xffff) throw new RangeError(`a packed text holds at most 65,535 characters, not ${text.length}`);
    if (slot >= this.starts.length) this.growSlots(slot);
    this.live -= this.lengths[slot]!;
    if (this.used + text.length > this.bytes.length) this.makeRoom(text.length);
    this.bytes.write(text, this.used, 'latin1');
    this.starts[slot] = this.used;
    this.lengths[slot] = text.length;
    this.used += text.length;
    this.live += text.length;
  }

  /** Live characters and buffer size (for tests of the packing). */
  get footprint(): { live: number; buffer: number } {
    return { live: this.live, buffer: this.bytes.length };
  }

  /** Packs the live texts when the dead ones are half as many characters or more; grows the buffer by a quarter otherwise. */
  private makeRoom(needed: number): void {
    if ((this.used - this.live) * 2 < this.live) {
      const grown = Buffer.alloc(Math.max(this.used + needed, Math.ceil(this.bytes.length * 1.25)));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
      return;
    }
    const { bytes, starts, lengths } = this;
    const packed = Buffer.alloc(Math.max(64 * 1024, Math.ceil((this.live + needed) * 1.25)));
    let at = 0;
    // Byte by byte: texts are a few characters, and a copy() call per slot costs more than its copy.
    for (let slot = 0; slot < starts.length; slot++) {
      const start = starts[slot]!;
      const end = start + lengths[slot]!;
      starts[slot] = at;
      for (let k = start; k < end; k++) packed[at++] = bytes[k]!;
    }
    this.bytes = packed;
    this.used = at;
  }

  private growSlots(slot: number): void {
    const size = Math.max(slot + 1, Math.ceil(this.starts.length * 1.5));
    const starts = new Uint32Array(size);
    const lengths = new Uint16Array(size);
    starts.set(this.starts);
    lengths.set(this.lengths);
    this.starts = starts;
    this.lengths = lengths;
  }
}
