import type { RecipientLedger } from './ledger';

/** «Общее количество СМС» and «Стоимость рассылки» of a ledger. */
export interface LedgerTotals {
  /** Parts of every message the provider took. */
  totalParts: number;
  /** Sum of the costs the provider reported; null when it reported none. */
  cost: number | null;
}

export function totalsOf(ledger: RecipientLedger): LedgerTotals {
  let totalParts = 0;
  let cost = 0;
  let costKnown = false;
  for (let i = 0; i < ledger.size; i++) {
    const state = ledger.state(i);
    if (state === 'sent' || state === 'delivered' || (state === 'failed' && ledger.providerIds[i])) totalParts += ledger.recipients.parts(i);
    if (!Number.isNaN(ledger.costs[i]!)) {
      cost += ledger.costs[i]!;
      costKnown = true;
    }
  }
  return { totalParts, cost: costKnown ? Math.round(cost * 100) / 100 : null };
}
