/**
 * A reproducible coin: each call says whether this event is hit, with probability `rate`, drawn from a
 * small PRNG (mulberry32) started at `seed`, so the same seed faults the same requests every run.
 */
export function seededChance(rate: number, seed: number): () => boolean {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => rate >= 1 || (rate > 0 && next() < rate);
}
