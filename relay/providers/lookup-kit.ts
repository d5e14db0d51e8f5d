import { systemClock, type Clock } from '../clock';
import { ProviderError } from './provider-error';
import type { LookupQuery, LookupResult } from './types';

/** What an adapter that can look messages up takes besides its connection settings. */
export interface LookupOptions {
  /** Default: the system clock. */
  clock?: Clock;
  /**
   * How long after an attempt a provider's "no such message" is believed (default 60 s): a request our
   * timeout or a cut connection left behind may still be being processed by the provider.
   */
  lookupSettleMs?: number;
}

export const LOOKUP_SETTLE_MS = 60_000;

/** Provider clocks are not ours: a time the provider stamped on a message is matched with this much slack. */
export const CLOCK_SLACK_MS = 120_000;

export const sentAs = (query: LookupQuery, providerMessageId: string): LookupResult => ({ to: query.to, found: 'sent', providerMessageId });
export const unknownFate = (query: LookupQuery): LookupResult => ({ to: query.to, found: 'unknown' });

/** "Not sent", once the attempt is old enough that no request of it can still be under way; else unknown. */
export function notSentOnceSettled(query: LookupQuery, options: LookupOptions): LookupResult {
  const now = (options.clock ?? systemClock).now();
  const settled = now >= query.sentBefore + (options.lookupSettleMs ?? LOOKUP_SETTLE_MS);
  return settled ? { to: query.to, found: 'not_sent' } : unknownFate(query);
}

/** Whether a time the provider stamped on a message (epoch ms) can belong to this attempt. */
export const withinAttempt = (stampedAt: number, query: LookupQuery): boolean =>
  Number.isFinite(stampedAt) && stampedAt >= query.sentAfter - CLOCK_SLACK_MS && stampedAt <= query.sentBefore + CLOCK_SLACK_MS;

/** The single candidate, or undefined when there is none or more than one (then it is not known which). */
export const onlyOne = <T>(candidates: T[]): T | undefined => (candidates.length === 1 ? candidates[0] : undefined);

/**
 * Looks messages up one request each. When the provider fails, that query and every later one end unknown
 * without further requests: a failing service is not asked again for each message.
 */
export async function lookupOneByOne(queries: LookupQuery[], lookupOne: (query: LookupQuery) => Promise<LookupResult>): Promise<LookupResult[]> {
  const results: LookupResult[] = [];
  for (const [index, query] of queries.entries()) {
    try {
      results.push(await lookupOne(query));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      results.push(...queries.slice(index).map(unknownFate));
      break;
    }
  }
  return results;
}
