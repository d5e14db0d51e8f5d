import type { MailingKind } from '../../shared/mailings';
import type { SmsProvider } from '../providers/types';
import { ErrorRate } from './error-rate';

/** One running mailing's send loop: what it has yet to take, and how its requests went. */
export interface Run {
  mailingId: string;
  /** An advertising mailing's recipients are checked for consent again as each batch goes. */
  kind: MailingKind;
  provider: SmsProvider;
  /** Queued recipients not yet taken, in order; retries come back with a time. */
  queue: number[];
  cursor: number;
  retryAt: Map<number, number>;
  inFlight: number;
  errors: ErrorRate;
  stopped: boolean;
  /** Recipients held back by quiet hours at the last look. */
  held: number;
  /** Send requests in a row whose answers left every recipient unknown. */
  ambiguousInARow: number;
}

export const newRun = (mailingId: string, kind: MailingKind, provider: SmsProvider, queue: number[], errorRateWindow: number): Run => ({
  mailingId,
  kind,
  provider,
  queue,
  cursor: 0,
  retryAt: new Map(),
  inFlight: 0,
  errors: new ErrorRate(errorRateWindow),
  stopped: false,
  held: 0,
  ambiguousInARow: 0,
});

/** A recipient's reference at the provider, the same on every try: how `lookup` finds the message again. */
export const referenceFor = (mailingId: string, index: number): string => `${mailingId}-${index}`;
