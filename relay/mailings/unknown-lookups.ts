import type { UnknownResolution } from '../../shared/mailings';
import type { EngineClock } from '../clock';
import type { Logger } from '../logger';
import type { ProviderRegistry } from '../providers/registry';
import type { SmsProvider } from '../providers/types';
import type { MailingStorage, RecipientChange } from '../store/mailing-storage';
import type { EngineConfig } from './engine-config';
import { referenceFor } from './run';

/** Unknown recipients asked about per provider request. */
const LOOKUP_CHUNK = 100;

export interface UnknownLookupDeps {
  storage: MailingStorage;
  providers: ProviderRegistry;
  clock: EngineClock;
  logger: Logger;
  config: Pick<EngineConfig, 'unknownLookupMs'>;
}

/**
 * Asks the provider what became of a mailing's unknown recipients, where it can tell: those it had
 * become "sent" (with its id, so delivery reports arrive), those it never got "failed" (safe to retry).
 */
export function createUnknownLookups(deps: UnknownLookupDeps) {
  const { storage, providers, clock, logger, config } = deps;
  let stopped = false;
  const providerOf = (mailingId: string) => {
    const mailing = storage.get(mailingId);
    return mailing ? providers.get(mailing.provider as SmsProvider['id']) : undefined;
  };

  async function resolve(mailingId: string): Promise<UnknownResolution> {
    const provider = providerOf(mailingId);
    const unknown = storage.recipientsIn(mailingId, ['unknown']);
    const result: UnknownResolution = { sent: 0, notSent: 0, unresolved: unknown.length };
    if (!provider?.lookup || unknown.length === 0) return result;
    for (let k = 0; k < unknown.length; k += LOOKUP_CHUNK) {
      const chunk = unknown.slice(k, k + LOOKUP_CHUNK);
      // Read afresh after every wait: meanwhile the mailing may have been archived, or let go and opened again.
      const recipients = storage.read(mailingId, chunk);
      if (recipients.length === 0) break;
      const queries = recipients.map((r) => ({
        to: r.phone!,
        text: r.text!,
        ref: referenceFor(mailingId, r.index),
        sentAfter: r.handedOverAt ?? r.updatedAt ?? 0,
        sentBefore: r.updatedAt ?? 0,
      }));
      const answers = await provider.lookup(queries);
      const changes: RecipientChange[] = [];
      answers.forEach((answer, j) => {
        const i = chunk[j]!;
        if (storage.glance(mailingId, i)?.state !== 'unknown') return;
        if (answer.found === 'sent') {
          changes.push({ i, s: 'sent', p: answer.providerMessageId });
          result.sent++;
        } else if (answer.found === 'not_sent') {
          changes.push({ i, s: 'failed', e: 'The provider confirms it never received this message; safe to retry' });
          result.notSent++;
        }
      });
      storage.commit(mailingId, changes, clock.now());
    }
    result.unresolved = storage.counts(mailingId)?.unknown ?? 0;
    return result;
  }

  return {
    resolve,
    /** Where the provider can tell, the relay asks it about a mailing's unknown recipients once, before a person has to decide. */
    lookUpLater(mailingId: string): void {
      if (!providerOf(mailingId)?.lookup || (storage.counts(mailingId)?.unknown ?? 0) === 0) return;
      clock.after(config.unknownLookupMs, () => {
        if (stopped) return;
        resolve(mailingId).then(
          (found) =>
            found.sent + found.notSent > 0 &&
            logger.info(
              `mailing ${mailingId}: the provider had ${found.sent} of its unknown recipients and never got ${found.notSent}; ${found.unresolved} still unknown`,
            ),
          (error: unknown) => logger.warn(`mailing ${mailingId}: asking the provider about unknown recipients failed: ${(error as Error).message}`),
        );
      });
    },
    stop(): void {
      stopped = true;
    },
  };
}
