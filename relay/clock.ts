/** Time as the relay sees it; tests pass a clock they move by hand. */
export interface Clock {
  now(): number;
}

/**
 * Time and waiting as the mailing engine uses them: its pacing, retries, scheduler ticks and the
 * pauses it writes later all go through one of these, so a test can drive them by hand.
 */
export interface EngineClock extends Clock {
  /** Steady milliseconds that never jump with the wall clock: what the rate limiter paces with. */
  monotonic(): number;
  /** Calls `run` after `ms`; the returned function cancels it. A pending call never keeps the process alive. */
  after(ms: number, run: () => void): () => void;
}

/** A promise settled after `ms` on `clock`. */
export const sleep = (clock: EngineClock, ms: number): Promise<void> => new Promise((resolve) => clock.after(ms, resolve));

/** `clock`'s time with the real timers (and performance.now() for pacing). */
export function withSystemTimers(clock: Clock): EngineClock {
  return {
    now: () => clock.now(),
    monotonic: () => performance.now(),
    after(ms, run) {
      const timer = setTimeout(run, ms);
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

export const systemClock: EngineClock = withSystemTimers({ now: () => Date.now() });

/** The clock given, if it can wait too; else its time with the real timers. */
export const engineClockOf = (clock: Clock): EngineClock => ('after' in clock && 'monotonic' in clock ? (clock as EngineClock) : withSystemTimers(clock));
