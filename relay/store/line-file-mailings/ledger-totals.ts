import type { LedgerTotals } from '../mailing-storage';
import type { RecipientLedger } from './ledger';

export type { LedgerTotals } from '../mailing-storage';

/** «Общее количество СМС» and «Стоимость рассылки» of a ledger. */
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
