import type { RecipientGlance } from '../store/mailing-storage';
import { isQuiet, type QuietWindow } from './quiet-hours';
import type { Run } from './run';

/** How long a run whose recipients are all held by quiet hours waits before it looks again. */
const QUIET_RECHECK_MS = 30_000;

/**
 * The next recipients of a run that may go now (at most `max`): still queued, not held by quiet
 * hours, not waiting for a retry. What waits goes to the back of the queue; `waitMs` says when the
 * first of it may go (Infinity: nothing waits).
 */
export function nextBatch(
  run: Run,
  max: number,
  at: number,
  quietWindow: QuietWindow | null,
  glance: (index: number) => RecipientGlance | undefined,
): { batch: number[]; waitMs: number } {
  const batch: number[] = [];
  let waitMs = Number.POSITIVE_INFINITY;
  let held = 0;
  const deferred: number[] = [];
  while (run.cursor < run.queue.length && batch.length < max) {
    const index = run.queue[run.cursor++]!;
    const recipient = glance(index);
    if (recipient?.state !== 'queued') continue;
    const retryAt = run.retryAt.get(index) ?? 0;
    if (retryAt > at) {
      deferred.push(index);
      waitMs = Math.min(waitMs, retryAt - at);
    } else if (isQuiet(quietWindow, at, recipient.timeZone)) {
      deferred.push(index);
      held++;
    } else {
      batch.push(index);
    }
  }
  if (deferred.length > 0) {
    run.queue = run.queue.slice(run.cursor).concat(deferred);
    run.cursor = 0;
    if (held > 0) waitMs = Math.min(waitMs, QUIET_RECHECK_MS);
  }
  run.held = held;
  return { batch, waitMs };
}
