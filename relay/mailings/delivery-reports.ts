import type { RecipientState } from '../../shared/mailings';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { StatusUpdate } from '../providers/types';
import { CorruptDataError } from '../store/json-db';
import type { MailingStorage, RecipientChange } from '../store/mailing-storage';
import { StorageError } from '../store/storage-error';

/** How long after a mailing finished the relay still polls for its delivery reports (providers forget them too). */
const DELIVERY_REPORTS_FOR_MS = 3 * 24 * 3600_000;

/** Delivery reports for mailing messages, and the ids still awaiting one. */
export function createDeliveryReports(deps: { storage: MailingStorage; clock: Clock; logger: Logger }) {
  const { storage, clock, logger } = deps;

  return {
    /**
     * Applies reports; returns how many recipients changed. Reports are grouped by mailing first, so
     * an archived mailing is opened once per batch; a mailing whose recipients cannot be read or
     * written costs only its own reports. A report never moves a recipient back.
     */
    apply(updates: StatusUpdate[]): number {
      const perMailing = new Map<string, { index: number; update: StatusUpdate }[]>();
      for (const update of updates) {
        const where = storage.locate(update.providerMessageId);
        if (!where) continue;
        const list = perMailing.get(where.mailingId);
        if (list) list.push({ index: where.index, update });
        else perMailing.set(where.mailingId, [{ index: where.index, update }]);
      }
      let changed = 0;
      for (const [mailingId, reports] of perMailing) {
        try {
          const changes: RecipientChange[] = [];
          for (const { index, update } of reports) {
            const current = storage.glance(mailingId, index)?.state;
            const next: RecipientState | null = update.status === 'delivered' ? 'delivered' : update.status === 'failed' ? 'failed' : null;
            if (!next || !(current === 'sent' || current === 'unknown')) continue;
            const change: RecipientChange = { i: index, s: next };
            if (update.cost !== undefined) change.c = update.cost;
            if (next === 'failed') change.e = update.errorText ?? `not delivered (${update.providerStatus ?? ''})`;
            changes.push(change);
          }
          storage.record(mailingId, changes, clock.now());
          changed += changes.length;
        } catch (error) {
          if (!(error instanceof StorageError) && !(error instanceof CorruptDataError)) throw error;
          logger.error(`mailing ${mailingId}: delivery reports not applied: ${error.message}`);
        }
      }
      return changed;
    },

    /** Provider ids of mailing messages whose delivery is still open, for polling (finished mailings for a few days). */
    pendingProviderIds(providerId: string): string[] {
      const recent = clock.now() - DELIVERY_REPORTS_FOR_MS;
      return storage.pendingProviderIds((mailingId, archived) => {
        const mailing = storage.get(mailingId);
        if (mailing?.provider !== providerId) return false;
        return !archived || Date.parse(mailing.finishedAt ?? mailing.updatedAt) >= recent;
      });
    },
  };
}
