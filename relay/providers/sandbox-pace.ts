/** The sandbox answers from memory, so asking it often costs nothing; but not more often than this. */
const FLOOR_MS = 250;
const CEILING_MS = 1_000;

/**
 * How often the relay asks the sandbox about statuses: every second, or as often as its shortest step
 * (queued → sent, sent → delivered) when that is quicker, so that every step, «Отправлено» included, shows
 * within one interval of its happening.
 */
export function sandboxStatusPaceMs(timing: { sentAfterMs: number; deliveredAfterMs: number }): number {
  const steps = [timing.sentAfterMs, timing.deliveredAfterMs - timing.sentAfterMs].filter((step) => step > 0);
  return Math.max(FLOOR_MS, Math.min(CEILING_MS, ...steps));
}
