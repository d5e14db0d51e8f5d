/**
 * A sliding one-second window: at most `perSecond` messages in any 1000 ms. `take` grants what fits
 * now; `waitMs` says how long until more fits. perSecond 0 means no limit.
 * The window is kept a little longer than a second: requests reach the provider with some jitter,
 * and the provider counts arrivals, not our grants.
 */
export class SlidingWindowLimiter {
  private readonly grants: { at: number; count: number }[] = [];
  private inWindow = 0;

  constructor(private readonly perSecond: number, private readonly windowMs = 1030) {}

  /** Largest grant worth asking for at once: a tenth of a second's worth, so sends are spread out. */
  get burst(): number {
    return this.perSecond <= 0 ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(this.perSecond / 10));
  }

  take(wanted: number, now: number): number {
    if (this.perSecond <= 0) return wanted;
    this.expire(now);
    const granted = Math.min(wanted, this.perSecond - this.inWindow);
    if (granted > 0) {
      this.grants.push({ at: now, count: granted });
      this.inWindow += granted;
    }
    return Math.max(0, granted);
  }

  /** Milliseconds until at least one more message fits. */
  waitMs(now: number): number {
    if (this.perSecond <= 0) return 0;
    this.expire(now);
    if (this.inWindow < this.perSecond) return 0;
    return this.grants[0]!.at + this.windowMs - now;
  }

  private expire(now: number): void {
    while (this.grants.length > 0 && this.grants[0]!.at + this.windowMs <= now) {
      this.inWindow -= this.grants.shift()!.count;
    }
  }
}
