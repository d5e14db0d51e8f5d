import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../relay/mailings/rate-limiter';

describe('sliding-window rate limiter', () => {
  it('never grants more than the limit in any one-second window, under random demand', () => {
    const limit = 200;
    const limiter = new SlidingWindowLimiter(limit);
    const grants: { at: number; count: number }[] = [];
    let now = 0;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    while (now < 20_000) {
      const granted = limiter.take(1 + Math.floor(random() * 150), now);
      if (granted > 0) grants.push({ at: now, count: granted });
      now += limiter.waitMs(now) || Math.floor(random() * 40);
    }
    for (const { at } of grants) {
      // Even a request that reaches the provider 30 ms late does not crowd a second.
      const inWindow = grants.filter((g) => g.at >= at - 30 && g.at < at + 1000).reduce((sum, g) => sum + g.count, 0);
      expect(inWindow).toBeLessThanOrEqual(limit);
    }
    const sent = grants.reduce((sum, g) => sum + g.count, 0);
    expect(sent / 20).toBeGreaterThan(limit * 0.95);
  });

  it('says how long until more fits', () => {
    const limiter = new SlidingWindowLimiter(100);
    expect(limiter.take(100, 0)).toBe(100);
    expect(limiter.take(1, 500)).toBe(0);
    expect(limiter.waitMs(500)).toBe(530);
    expect(limiter.take(30, 1030)).toBe(30);
  });

  it('does not limit when the limit is 0', () => {
    const limiter = new SlidingWindowLimiter(0);
    expect(limiter.take(1_000_000, 0)).toBe(1_000_000);
    expect(limiter.waitMs(0)).toBe(0);
  });
});
