import type { QuietWindow } from './quiet-hours';

export interface EngineConfig {
  /** Messages per second to the provider (sliding one-second window); 0: no limit. */
  ratePerSecond: number;
  /** Send requests in flight at once. */
  concurrency: number;
  /** Tries per recipient for retryable errors, the first one included. */
  maxAttempts: number;
  /** First retry delay; doubles with each try. */
  retryBaseMs: number;
  /** Share of failures among the latest outcomes that pauses the mailing. */
  errorRateThreshold: number;
  /** How many latest outcomes the error rate looks at (and needs before it judges). */
  errorRateWindow: number;
  quietWindow: QuietWindow | null;
  /** A deferred mailing whose start passed longer ago than this (relay was down) waits for a human. */
  startGraceMs: number;
  /** Highest estimated cost one mailing may be launched with; null: no cap. */
  budgetCap: number | null;
  allowedCountries: readonly string[] | '*';
  /** How often the scheduler looks for due mailings. */
  tickMs: number;
  /** After a mailing ends with unknown recipients (or the relay starts with some), when to ask the provider about them. */
  unknownLookupMs: number;
}
