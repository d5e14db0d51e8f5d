/** Awaited often by long work: resolves at once, or — once a slice of time is used up — after a turn of the event loop. */
export type Turn = () => Promise<void>;

/**
 * Lets long work (a CSV import, a big bulk write) share the event loop: the work awaits the returned
 * turn() often, and every `sliceMs` of work it waits for setImmediate, so that requests that came
 * meanwhile (/health, a search, the mailing engine's next batch) are served in between.
 */
export function timeSlicer(sliceMs = 10, now: () => number = () => performance.now()): Turn {
  let sliceStart = now();
  return async () => {
    if (now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = now();
  };
}

/** For work small enough to do in one go. */
export const noTurns: Turn = async () => {};
