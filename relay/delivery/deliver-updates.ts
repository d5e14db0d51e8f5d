import type { MailingEngine } from '../mailings/engine';
import type { StatusUpdate } from '../providers/types';
import type { Store } from '../store/store';
import { applyStatusUpdates } from './apply-status-updates';

/** Delivery reports go to card messages and to mailing ledgers alike; returns how many changed. */
export async function deliverUpdates(deps: { store: Store; engine: MailingEngine }, updates: StatusUpdate[], now: Date): Promise<number> {
  return (await applyStatusUpdates(deps.store, updates, now)) + deps.engine.applyStatusUpdates(updates);
}
