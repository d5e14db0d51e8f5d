/**
 * Paces sends to one provider: at most `perSecond` messages in any `windowMs` (a sliding window, the
 * hard cap), spread evenly over that time (a token bucket refilling continuously, holding little more
 * than one batch). `take` grants what fits now; `waitMs` says how long until a whole batch fits.
 * perSecond 0 means no limit.
 * The window is kept a little longer than a second: requests reach the provider with some jitter,
 * and the provider counts arrivals, not our grants.
 */
export class SlidingWindowLimiter {
  private readonly grants: { at: number; count: number }[] = [];
  private inWindow = 0;
  private readonly refillPerMs: number;
  /** Room for one batch plus ~20 ms of refill, so a timer firing a little late loses no rate. */
  private readonly capacity: number;
  private tokens: number;
  private refilledAt: number | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1030,
  ) {
    this.refillPerMs = perSecond / windowMs;
    this.capacity = this.burst + perSecond * 0.02;
    this.tokens = this.capacity;
  }

  /** Largest grant worth asking for at once: a tenth of a second's worth. */
  get burst(): number {
    return this.perSecond <= 0 ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(this.perSecond / 10));
  }

  take(wanted: number, now: number): number {
    if (this.perSecond <= 0) return wanted;
    this.advance(now);
    const granted = Math.max(0, Math.min(wanted, Math.floor(this.tokens + EPSILON), this.perSecond - this.inWindow));
    if (granted > 0) {
      this.grants.push({ at: now, count: granted });
      this.inWindow += granted;
      this.tokens -= granted;
    }
    return granted;
  }

  /** Milliseconds until a whole batch (`burst`) has been refilled and the window has room; 0: take now. */
  waitMs(now: number): number {
    if (this.perSecond <= 0) return 0;
    this.advance(now);
    const untilRefilled = this.tokens + EPSILON >= this.burst ? 0 : Math.ceil((this.burst - this.tokens) / this.refillPerMs);
    const untilRoom = this.inWindow < this.perSecond ? 0 : this.grants[0]!.at + this.windowMs - now;
    return Math.max(untilRefilled, untilRoom);
  }

  private advance(now: number): void {
    const elapsed = this.refilledAt === null ? 0 : Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.refillPerMs);
    this.refilledAt = now;
    while (this.grants.length > 0 && this.grants[0]!.at + this.windowMs <= now) {
      this.inWindow -= this.grants.shift()!.count;
    }
  }
}

/** Floating-point slack: a bucket refilled for exactly the computed wait counts as full. */
const EPSILON = 1e-9;
