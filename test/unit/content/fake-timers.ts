import type { Timers } from '../../../extension/content/timers';

/** An injected clock for the content script's waits: time moves only when the test says. */
export function fakeTimers(): Timers & { now: number; advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    get now() {
      return now;
    },
    setTimeout(run, ms) {
      const id = next++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout(timer) {
      due.delete(timer as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const first = [...due].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!first) break;
        due.delete(first[0]);
        now = first[1].at;
        first[1].run();
      }
      now = until;
    },
    pending: () => due.size,
  };
}
