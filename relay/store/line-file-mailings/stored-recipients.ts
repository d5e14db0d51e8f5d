import type { StoredRecipient } from '../mailing-storage';
import type { RecipientLedger } from './ledger';

/** Recipients of a ledger as the storage hands them out: the frozen line and the columns beside it. */
export function storedRecipients(ledger: RecipientLedger, indices: readonly number[]): StoredRecipient[] {
  const frozen = ledger.recipients.getMany([...indices]);
  return indices.map((i, k) => {
    const cost = ledger.costs[i]!;
    return {
      ...frozen[k]!,
      index: i,
      state: ledger.state(i),
      providerMessageId: ledger.providerIds[i] ?? null,
      cost: Number.isNaN(cost) ? null : cost,
      error: ledger.errors.get(i) ?? null,
      attempts: ledger.attempts[i]!,
      updatedAt: ledger.updatedAt[i] ? ledger.updatedAt[i]! : null,
      handedOverAt: ledger.handedOverAt.get(i) ?? null,
    };
  });
}
