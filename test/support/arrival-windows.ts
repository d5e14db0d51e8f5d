// How evenly messages reached the provider: the busiest windows and the steady rate.

export interface Arrival {
  /** When the request arrived (ms). */
  at: number;
  /** Messages it carried. */
  count: number;
}

/** The most messages that arrived in any window `[t, t + windowMs)`. */
export function worstWindow(arrivals: Arrival[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a.at - b.at);
  let worst = 0;
  let inWindow = 0;
  let first = 0;
  for (const arrival of sorted) {
    inWindow += arrival.count;
    while (sorted[first]!.at <= arrival.at - windowMs) inWindow -= sorted[first++]!.count;
    worst = Math.max(worst, inWindow);
  }
  return worst;
}

/** Messages per second from the first arrival to the last (the last request's messages excluded: they end the span). */
export function steadyRate(arrivals: Arrival[]): number {
  if (arrivals.length < 2) return 0;
  const sorted = [...arrivals].sort((a, b) => a.at - b.at);
  const spanMs = sorted.at(-1)!.at - sorted[0]!.at;
  const carried = sorted.slice(0, -1).reduce((sum, a) => sum + a.count, 0);
  return spanMs > 0 ? (carried / spanMs) * 1000 : 0;
}
