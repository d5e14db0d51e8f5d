import type { Logger } from '../logger';
import { StorageError } from '../store/storage-error';
import type { Store } from '../store/store';

/**
 * At start: messages still "sending" were being handed to the provider when the relay stopped.
 * Whether the provider took them cannot be known, so they become "unknown" and are never re-sent
 * on their own.
 */
export async function recoverInFlight(store: Store, now: Date, logger: Logger): Promise<number> {
  const lost = store.messages.inFlight();
  const marking = store.messages.update(
    lost.map((message) => ({
      id: message.id,
      patch: {
        status: 'unknown' as const,
        updatedAt: now.toISOString(),
        error: {
          code: 'lost_in_crash',
          message: 'The relay stopped while handing this message to the provider; it may have been sent — check before sending again',
          messageRu: 'Сервер остановился во время отправки; сообщение могло уйти — проверьте, прежде чем отправлять снова',
        },
      },
    })),
  );
  // A full disk must not keep the relay from starting: they stay "sending" until a later start can write.
  await marking.catch((error: unknown) => {
    if (!(error instanceof StorageError)) throw error;
    logger.error(`${lost.length} message(s) left "sending" by a crash could not be marked "unknown": ${error.message}`);
  });
  return lost.length;
}
