import type { SystemAudit } from '../domain/system-audit';
import type { Logger } from '../logger';
import { StorageError } from '../store/storage-error';
import type { StopListService } from './stop-list-service';

/** The refusal's words are kept as the entry's reason, short enough to read in a list. */
const REASON_MAX = 300;

/**
 * What to do with a number the provider refused because its owner opted out there (Twilio's error 21610,
 * "unsubscribed recipient": a STOP texted to the sender until START; SMS.ru's 209, "number in your
 * stop-list"): put it on the relay's stop list with source "provider", by that provider, the refusal as
 * the reason - so later mailings skip it at the freeze and a card send asks first. The addition is in the
 * audit log ("system:send") before it is made. A write the disk refuses (the entry's or the list's) is
 * thrown (the caller halts what it does); any other failure is logged, the send it came from already being settled.
 */
export function providerOptOuts(stopList: Pick<StopListService, 'add'>, audit: SystemAudit, logger: Logger) {
  return async (providerId: string, phone: string, words: string): Promise<void> => {
    const reason = words.slice(0, REASON_MAX);
    const change = { user: 'system:send' as const, action: 'stop-list add', target: { phone }, details: { source: 'provider', provider: providerId, reason } };
    try {
      await audit.around(
        change,
        () => stopList.add({ phone, source: 'provider', by: providerId, reason }),
        ({ created }) => ({ target: {}, details: { added: created } }),
      );
    } catch (error) {
      if (error instanceof StorageError) throw error;
      logger.warn(`could not put ${phone} on the stop list after ${providerId} said it opted out: ${(error as Error).message}`);
    }
  };
}
