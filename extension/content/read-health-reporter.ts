import type { cardOutcome } from '../services/read-health';
import { realTimers, type Timers } from './timers';

type CardFields = ReturnType<typeof cardOutcome>;

/** A card's health goes to the background once, this long after its first read (fields still rendering get their chance). */
export const HEALTH_AFTER_MS = 2_000;

export interface HealthReporter {
  /** The card's latest read outcome; the first note of a card starts its wait. */
  note(key: string, adapter: string, fields: CardFields): void;
  /** Sends what is pending now (leaving the page, the script going away). */
  flush(): void;
}

/**
 * Selector health, once per card per page load: the card's latest read a moment after its first
 * one (or when another card is opened first) — not on every re-render.
 */
export function createHealthReporter(deps: { send(report: { adapter: string; fields: CardFields }): void; timers?: Timers }): HealthReporter {
  const timers = deps.timers ?? realTimers;
  const reported = new Set<string>();
  let pending: { key: string; adapter: string; fields: CardFields } | null = null;
  let timer: unknown;
  const flush = () => {
    timers.clearTimeout(timer);
    if (!pending) return;
    const { key, adapter, fields } = pending;
    pending = null;
    reported.add(key);
    deps.send({ adapter, fields });
  };
  return {
    note(key, adapter, fields) {
      if (reported.has(key)) return;
      if (pending && pending.key !== key) flush();
      if (!pending) timer = timers.setTimeout(flush, HEALTH_AFTER_MS);
      pending = { key, adapter, fields };
    },
    flush,
  };
}
