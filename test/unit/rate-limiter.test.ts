import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../relay/mailings/rate-limiter';
import { worstWindow, type Arrival } from '../support/arrival-windows';

const seeded = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/**
 * Drives the limiter the way the engine's send loop does (relay/mailings/engine.ts `loop`), on a
 * simulated clock, with an endless queue: wait while `concurrency` requests are in flight, sleep
 * `waitMs`, take a batch of `min(provider batch, burst)`, send it. Timers fire up to 2 ms late,
 * requests reach the provider 0–10 ms after the grant and are answered 2–40 ms after it.
 */
function simulateEngine(perSecond: number, durationMs: number, options = { concurrency: 4, providerBatch: 100 }) {
  const limiter = new SlidingWindowLimiter(perSecond);
  const random = seeded(perSecond);
  const batchSize = Math.min(options.providerBatch, limiter.burst);
  const arrivals: Arrival[] = [];
  let answersAt: number[] = [];
  let now = 0;
  let takesInARowWithoutGrant = 0;
  const sleep = (ms: number) => (now += Math.max(1, ms) + random() * 2);
  for (let step = 0; now < durationMs && step < 10_000_000; step++) {
    answersAt = answersAt.filter((at) => at > now);
    if (answersAt.length >= options.concurrency) {
      sleep(2);
      continue;
    }
    const pacing = limiter.waitMs(now);
    if (pacing > 0) {
      sleep(pacing);
      continue;
    }
    const granted = limiter.take(batchSize, now);
    // The engine would spin without sleeping: waitMs 0 must mean something can be taken.
    if (granted === 0 && ++takesInARowWithoutGrant > 100) throw new Error(`the limiter said "go" and granted nothing at ${now} ms`);
    if (granted === 0) continue;
    takesInARowWithoutGrant = 0;
    arrivals.push({ at: now + random() * 10, count: granted });
    answersAt.push(now + 2 + random() * 38);
  }
  const inRun = arrivals.filter((a) => a.at < durationMs);
  return {
    worst100ms: worstWindow(inRun, 100),
    worst1s: worstWindow(inRun, 1000),
    achieved: inRun.reduce((sum, a) => sum + a.count, 0) / (durationMs / 1000),
    burst: limiter.burst,
  };
}

describe('rate limiter', () => {
  for (const limit of [10, 30, 200, 1000]) {
    it(`at ${limit}/s, driven like the engine for 30 s: spread over the second, never over the limit, ≥ 95 % of it`, () => {
      const run = simulateEngine(limit, 30_000);
      const figures = `worst 100 ms ${run.worst100ms}, worst 1 s ${run.worst1s}, achieved ${run.achieved.toFixed(1)}/s, burst ${run.burst}`;
      expect(run.worst100ms, figures).toBeLessThanOrEqual(0.15 * limit + run.burst);
      expect(run.worst1s, figures).toBeLessThanOrEqual(limit);
      expect(run.achieved, figures).toBeGreaterThanOrEqual(0.95 * limit);
    });
  }

  it('paces one-message batches (providers without batch sending) at the limit too', () => {
    const run = simulateEngine(30, 30_000, { concurrency: 4, providerBatch: 1 });
    expect(run.worst100ms).toBeLessThanOrEqual(0.15 * 30 + 1);
    expect(run.worst1s).toBeLessThanOrEqual(30);
    expect(run.achieved).toBeGreaterThanOrEqual(0.95 * 30);
  });

  it('never grants more than the limit in any one-second window, under random demand', () => {
    const limit = 200;
    const limiter = new SlidingWindowLimiter(limit);
    const grants: Arrival[] = [];
    const random = seeded(42);
    let now = 0;
    while (now < 20_000) {
      const granted = limiter.take(1 + Math.floor(random() * 150), now);
      if (granted > 0) grants.push({ at: now, count: granted });
      now += limiter.waitMs(now) || Math.floor(random() * 40);
    }
    // Even a request that reaches the provider 30 ms late does not crowd a second.
    expect(worstWindow(grants, 1030)).toBeLessThanOrEqual(limit);
    const sent = grants.reduce((sum, g) => sum + g.count, 0);
    expect(sent / 20).toBeGreaterThan(limit * 0.95);
  });

  it('says how long until a whole batch fits, and grants no more than that early on', () => {
    const limiter = new SlidingWindowLimiter(100);
    expect(limiter.burst).toBe(10);
    const first = limiter.take(100, 0);
    expect(first).toBeGreaterThanOrEqual(limiter.burst);
    expect(first).toBeLessThanOrEqual(limiter.burst + 0.05 * 100);
    const wait = limiter.waitMs(0);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(110);
    expect(limiter.waitMs(wait)).toBe(0);
    expect(limiter.take(100, wait)).toBeGreaterThanOrEqual(limiter.burst);
  });

  it('does not limit when the limit is 0', () => {
    const limiter = new SlidingWindowLimiter(0);
    expect(limiter.take(1_000_000, 0)).toBe(1_000_000);
    expect(limiter.waitMs(0)).toBe(0);
  });
});
