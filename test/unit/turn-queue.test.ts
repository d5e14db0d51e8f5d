import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../relay/http/turns';

/** A scheduler that runs what was scheduled only when the test says: each call of tick() is one turn of the loop. */
function manualLoop() {
  let due: Array<() => void> = [];
  return {
    schedule: (next: () => void) => void due.push(next),
    async tick() {
      const now = due;
      due = [];
      for (const run of now) run();
      // What a turn resolved runs before the next turn, as on the event loop.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    get pending() {
      return due.length;
    },
  };
}

describe('TurnQueue', () => {
  it('lets one waiting request go per turn of the loop, never two', async () => {
    const loop = manualLoop();
    const queue = new TurnQueue(loop.schedule);
    const done: number[] = [];
    for (let k = 0; k < 3; k++) void queue.turn('agent').then(() => done.push(k));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done).toEqual([]);
    await loop.tick();
    expect(done).toEqual([0]);
    await loop.tick();
    expect(done).toEqual([0, 1]);
    await loop.tick();
    expect(done).toEqual([0, 1, 2]);
    expect(loop.pending).toBe(0);
    expect(queue.length).toBe(0);
  });

  it("takes callers in rotation: one caller's many requests do not keep another's waiting behind them all", async () => {
    const loop = manualLoop();
    const queue = new TurnQueue(loop.schedule);
    const done: string[] = [];
    for (let k = 0; k < 5; k++) void queue.turn('flood').then(() => done.push(`flood ${k}`));
    void queue.turn('other').then(() => done.push('other'));
    while (queue.length > 0) await loop.tick();
    expect(done).toEqual(['flood 0', 'other', 'flood 1', 'flood 2', 'flood 3', 'flood 4']);
  });

  it('on the real event loop, work queued meanwhile (I/O, timers, other immediates) runs between two turns', async () => {
    const queue = new TurnQueue();
    const order: string[] = [];
    const turns = [0, 1, 2].map((k) =>
      queue.turn('agent').then(() => {
        order.push(`turn ${k}`);
        // Something that came in during this turn's work: it must not wait for the other turns.
        if (k === 0) setImmediate(() => order.push('came meanwhile'));
      }),
    );
    await Promise.all(turns);
    expect(order).toEqual(['turn 0', 'came meanwhile', 'turn 1', 'turn 2']);
  });
});
