import { isStatusProgress } from '../../shared/status';
import type { StatusUpdate } from '../providers/types';
import type { Store } from '../store/store';
import type { StoredMessage } from '../store/messages';

/**
 * Applies delivery reports (from callbacks or polling) to the messages they name. A report never
 * moves a message back; reports for ids the relay does not know are ignored. Returns how many changed.
 */
export async function applyStatusUpdates(store: Store, updates: StatusUpdate[], now: Date): Promise<number> {
  const changes: { id: string; patch: Partial<StoredMessage> }[] = [];
  for (const update of updates) {
    const message = store.messages.byProviderMessageId(update.providerMessageId);
    if (!message || !isStatusProgress(message.status, update.status)) continue;
    const patch: Partial<StoredMessage> = { status: update.status, updatedAt: now.toISOString() };
    if (update.cost !== undefined) {
      patch.cost = update.cost;
      patch.currency = update.currency ?? message.currency;
    }
    if (update.status === 'failed') {
      const detail = update.errorText ?? update.providerStatus ?? '';
      patch.error = {
        code: 'not_delivered',
        message: `The operator did not deliver the message${detail ? ` (${detail})` : ''}`,
        messageRu: `Оператор не доставил сообщение${detail ? ` (${detail})` : ''}`,
      };
    }
    changes.push({ id: message.id, patch });
  }
  await store.messages.update(changes);
  return changes.length;
}
