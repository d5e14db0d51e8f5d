import { seededRandom } from '../support/seeded-random';

/** A reproducible coin: each call says whether this event is hit, with probability `rate`, so the same seed faults the same requests every run. */
export function seededChance(rate: number, seed: number): () => boolean {
  const { next } = seededRandom(seed);
  return () => rate >= 1 || (rate > 0 && next() < rate);
}
