import type { ProviderErrorCode } from '../../shared/provider-errors';
import type { StopListSyncReport } from '../../shared/stop-list';
import type { EngineClock } from '../clock';
import type { SystemAudit } from '../domain/system-audit';
import type { Logger } from '../logger';
import { ProviderError } from '../providers/provider-error';
import type { SmsProvider } from '../providers/types';
import type { StopListStore } from '../store/stop-list';
import type { StopListSyncStore } from '../store/stop-list-sync';
import { StorageError } from '../store/storage-error';
import { owedPush, type OwedPush } from './stop-list-owed';
import { takeInPulledList } from './stop-list-pull';
import type { Addition } from './stop-list-service';

export interface StopListSyncDeps {
  /** The active provider: the one whose list is kept in step. */
  provider: SmsProvider;
  stopList: StopListStore;
  ledger: StopListSyncStore;
  /** Puts a number on the relay's list (the stop-list service's add). */
  add(addition: Addition): Promise<unknown>;
  /** The numbers a pull puts on the relay's list are recorded there as the sync's own changes. */
  audit: SystemAudit;
  clock: EngineClock;
  logger: Logger;
  defaultCountry: string;
  /** A full round this often (setting stopListSyncMinutes); 0: rounds only at start, on change and when asked. */
  everyMs: number;
}

/** Refusals about the number itself: that change will never go, so it is not pushed again (others are outages, tried again). */
const REFUSED_FOR_GOOD = new Set<ProviderErrorCode>(['invalid_number', 'no_route', 'number_blocked', 'opted_out']);
const REFUSALS_SHOWN = 100;

/**
 * The relay's stop list kept in step with the provider's own (capabilities.stopList 'sync'), both ways. A
 * change on the relay is pushed at once; what the provider has not acknowledged stays owed in the ledger
 * (stop-list-sync.jsonl) and is pushed again at the next round - on the schedule, at the next start, at the
 * next change, or when an admin asks. A full round pushes what is owed, reads the provider's list (new
 * numbers come onto the relay's with source "provider"; none is taken off because the provider lacks it),
 * then pushes what that showed to be owed. Rounds take turns; a change during one is pushed by the next.
 */
export function createStopListSync(deps: StopListSyncDeps) {
  const { provider, stopList, ledger, clock, logger } = deps;
  const list =
    provider.capabilities.stopList === 'sync' && provider.stopListAdd && provider.stopListRemove && provider.stopListGet
      ? { add: provider.stopListAdd, remove: provider.stopListRemove, get: provider.stopListGet }
      : null;
  const iso = () => new Date(clock.now()).toISOString();
  let turn: Promise<unknown> = Promise.resolve();
  let pushQueued = false;
  let stopped = false;
  let cancelTimer = () => {};

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  }

  const owedNow = (phone: string): OwedPush | null => {
    const record = stopList.get(phone);
    return record ? owedPush(record, ledger.get(provider.id, phone), provider.id) : null;
  };
  const allOwed = (): OwedPush[] => [...stopList.everyNumber()].flatMap((record) => owedNow(record.phone) ?? []);

  async function pushOne(phone: string, report: StopListSyncReport): Promise<void> {
    // Asked again as it goes: the number may have changed since the round began.
    const push = owedNow(phone);
    if (!push || !list) return;
    try {
      if (push.add) await list.add(push.phone, push.note);
      else await list.remove(push.phone);
    } catch (error) {
      if (!(error instanceof ProviderError) || !REFUSED_FOR_GOOD.has(error.code)) throw error;
      const listed = ledger.get(provider.id, phone)?.listed ?? false;
      await ledger.put([{ provider: provider.id, phone, listed, at: iso(), refused: { change: push.change, words: error.message } }]);
      if (report.refused.length < REFUSALS_SHOWN) report.refused.push({ phone, change: push.add ? 'add' : 'remove', words: error.message });
      return;
    }
    await ledger.put([{ provider: provider.id, phone, listed: push.add, at: iso() }]);
    report.pushed[push.add ? 'added' : 'removed']++;
  }

  /** Every push owed, in turn. One the provider refuses (but not for good) stays owed and the others go on; an outage stops them all. */
  async function pushOwed(report: StopListSyncReport): Promise<void> {
    for (const { phone } of allOwed()) {
      if (stopped) return;
      try {
        await pushOne(phone, report);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.errorClass !== 'permanent') throw error;
        report.error = problemOf(error);
      }
    }
  }

  async function round(pull: boolean): Promise<StopListSyncReport> {
    const report: StopListSyncReport = { provider: provider.id, at: iso(), pushed: { added: 0, removed: 0 }, refused: [], pulled: null, pending: 0, error: null };
    if (!list) return report;
    try {
      await pushOwed(report);
      if (pull && !stopped) {
        const pullDeps = { providerId: provider.id, stopList, ledger, add: deps.add, audit: deps.audit, defaultCountry: deps.defaultCountry, now: iso };
        report.pulled = await takeInPulledList(pullDeps, await list.get());
        await pushOwed(report);
      }
    } catch (error) {
      report.error = problemOf(error);
    }
    report.pending = allOwed().length;
    return report;
  }

  /** A round nobody waits for: what went wrong goes to the log. `starting` runs as its turn comes. */
  function inBackground(pull: boolean, starting = () => {}): Promise<void> {
    return exclusive(() => {
      starting();
      return round(pull);
    }).then(
      (report) => {
        if (report.error) logger.warn(`stop list sync with ${provider.name}: ${report.error.message}; ${report.pending} change(s) owed, pushed at the next round`);
      },
      (error: unknown) => logger.error(`stop list sync with ${provider.name} failed: ${(error as Error).stack ?? error}`),
    );
  }

  function scheduleRounds(): void {
    cancelTimer = clock.after(deps.everyMs, () => void inBackground(true).then(() => !stopped && scheduleRounds()));
  }

  return {
    support: provider.capabilities.stopList,

    /** One full round now (POST /api/stop-list/sync), after any round under way. */
    syncNow: (): Promise<StopListSyncReport> => exclusive(() => round(true)),

    /** A number changed on the relay's list: pushed soon (one push round for the changes that come meanwhile). */
    changed(): void {
      if (!list || stopped || pushQueued) return;
      pushQueued = true;
      void inBackground(false, () => (pushQueued = false));
    },

    /** At start: a full round and then the schedule, or (without a schedule) the pushes still owed from before. */
    start(): void {
      if (!list) return;
      if (deps.everyMs > 0) {
        void inBackground(true);
        scheduleRounds();
      } else if (allOwed().length > 0) {
        void inBackground(false);
      }
    },

    /** Stops the schedule and waits for the round under way (its acknowledgements are written). */
    async stop(): Promise<void> {
      stopped = true;
      cancelTimer();
      await turn;
    },
  };
}

export type StopListSync = ReturnType<typeof createStopListSync>;

/** What stopped a round, in words: the provider's refusal or outage, or the disk; anything else is a bug, thrown on. */
function problemOf(error: unknown): NonNullable<StopListSyncReport['error']> {
  if (error instanceof ProviderError) return { code: error.code, message: error.message, messageRu: error.messageRu };
  if (error instanceof StorageError) return { code: 'storage_unwritable', message: error.message, messageRu: error.messageRu };
  throw error;
}
