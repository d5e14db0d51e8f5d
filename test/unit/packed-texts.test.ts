import { describe, expect, it } from 'vitest';
import { PackedTexts } from '../../relay/contacts/packed-texts';
import { seededRandom } from '../support/seeded-random';

describe('texts packed end to end by slot', () => {
  it('reads back what was set last, through rewrites that make it pack and grow', () => {
    const r = seededRandom(8);
    const packed = new PackedTexts();
    const reference: string[] = [];
    for (let step = 0; step < 100_000; step++) {
      const slot = Math.floor(r.next() * (step < 50_000 ? 20_000 : 500));
      const text = r.next() < 0.1 ? '' : Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => `79${Math.floor(r.next() * 1e9)}`).join(',');
      packed.set(slot, text);
      reference[slot] = text;
    }
    for (let slot = 0; slot < 20_000; slot++) expect(packed.get(slot)).toBe(reference[slot] ?? '');
    expect(packed.get(1_000_000)).toBe('');
    // The last half rewrote 500 slots over and over: the buffer stays within twice what is live.
    const { live, buffer } = packed.footprint;
    expect(live).toBe(reference.reduce((sum, text) => sum + (text?.length ?? 0), 0));
    expect(buffer).toBeLessThanOrEqual(Math.max(64 * 1024, live * 2));
  });
});
