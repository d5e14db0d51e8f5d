import { createMiddleware } from 'hono/factory';
import type { AuthEnv } from '../auth/auth';

/**
 * Requests whose work takes a few milliseconds of CPU each (a directory search, a group count) take
 * turns: one of them per turn of the event loop, their callers in rotation. However many of them one
 * caller keeps open, everything else (/health, a card's write, the mailing engine's next batch, another
 * user's search) waits behind at most one, not behind all of them.
 */
export class TurnQueue {
  /** Each caller's waiting requests, callers in the order their turns come. */
  private readonly waiting = new Map<string, Array<() => void>>();
  private pumping = false;

  constructor(private readonly schedule: (next: () => void) => void = setImmediate) {}

  /** Resolves when it is `caller`'s turn; the work that follows runs before the event loop goes on. */
  turn(caller: string): Promise<void> {
    return new Promise((resolve) => {
      const line = this.waiting.get(caller);
      if (line) line.push(resolve);
      else this.waiting.set(caller, [resolve]);
      if (!this.pumping) {
        this.pumping = true;
        this.schedule(this.next);
      }
    });
  }

  /** How many requests wait for a turn. */
  get length(): number {
    let count = 0;
    for (const line of this.waiting.values()) count += line.length;
    return count;
  }

  private readonly next = () => {
    const [caller, line] = this.waiting.entries().next().value!;
    this.waiting.delete(caller);
    const resolve = line.shift()!;
    // Back at the end: every other caller waiting now goes first.
    if (line.length > 0) this.waiting.set(caller, line);
    resolve();
    // Queued after the turn's own work (which runs in the microtasks before this one), so that what
    // that work set off, immediates included, goes before the next turn too.
    queueMicrotask(() => {
      if (this.waiting.size > 0) this.schedule(this.next);
      else this.pumping = false;
    });
  };
}

/** The route waits for its caller's turn in `queue` before it runs. */
export const takeTurns = (queue: TurnQueue) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    await queue.turn(c.get('user').name);
    await next();
  });
