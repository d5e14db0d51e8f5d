import type { Logger } from '../logger';
import { StorageError } from '../store/storage-error';
import type { StopListService } from './stop-list-service';

/** The refusal's words are kept as the entry's reason, short enough to read in a list. */
const REASON_MAX = 300;

/**
 * What to do with a number the provider refused because its owner opted out there (Twilio's error 21610,
 * "unsubscribed recipient": a STOP texted to the sender until START): put it on the relay's stop list with
 * source "provider", by that provider, the refusal as the reason - so later mailings skip it at the freeze
 * and a card send asks first. A write the disk refuses is thrown (the caller halts what it does); any other
 * failure is logged, the send it came from already being settled.
 */
export function providerOptOuts(stopList: Pick<StopListService, 'add'>, logger: Logger) {
  return async (providerId: string, phone: string, words: string): Promise<void> => {
    try {
      await stopList.add({ phone, source: 'provider', by: providerId, reason: words.slice(0, REASON_MAX) });
    } catch (error) {
      if (error instanceof StorageError) throw error;
      logger.warn(`could not put ${phone} on the stop list after ${providerId} said it opted out: ${(error as Error).message}`);
    }
  };
}
