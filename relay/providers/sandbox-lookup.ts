import { sentAs, unknownFate } from './lookup-kit';
import type { SandboxOutboxEntry } from './sandbox';
import type { LookupQuery, LookupResult } from './types';

/** The span the sandbox's outbox remembers: since it started, less what it let go of (epoch ms). */
export interface OutboxMemory {
  since: number;
  forgottenUpTo: number;
}

/**
 * A message in the sandbox's outbox: by its reference when it has one (the latest try), else by number and
 * text sent within the attempt's window (only when exactly one was). "Not sent" only for a window the outbox
 * remembers in full: a sandbox started after the attempt (a relay restart) or one that has let older messages
 * go cannot tell.
 */
export function lookupInOutbox(outbox: readonly SandboxOutboxEntry[], memory: OutboxMemory, query: LookupQuery): LookupResult {
  const toThisNumber = outbox.filter((entry) => entry.to === query.to);
  const candidates = query.ref
    ? toThisNumber.filter((entry) => entry.ref === query.ref).slice(-1)
    : toThisNumber.filter((entry) => entry.text === query.text && withinWindow(Date.parse(entry.at), query));
  if (candidates.length > 1) return unknownFate(query);
  const [found] = candidates;
  if (found) return sentAs(query, found.providerMessageId);
  const remembersAll = memory.since <= query.sentAfter && memory.forgottenUpTo < query.sentAfter;
  return remembersAll ? { to: query.to, found: 'not_sent' } : unknownFate(query);
}

/** The sandbox stamps messages with the relay's own clock: no slack needed. */
const withinWindow = (at: number, query: LookupQuery): boolean => at >= query.sentAfter && at <= query.sentBefore;
