import { sleep, type EngineClock } from '../clock';
import type { Logger } from '../logger';
import type { ProviderRegistry } from '../providers/registry';
import type { SmsProvider } from '../providers/types';
import type { SkipReason } from '../../shared/mailings';
import type { MailingStorage, RecipientChange, StoredRecipient } from '../store/mailing-storage';
import type { MailingRecord } from '../store/mailings';
import type { StopList } from './skip-reason';
import { StorageError } from '../store/storage-error';
import { lacksConsent, type ConsentCheck } from './advertising-consent';
import type { EngineConfig } from './engine-config';
import { storageReason, type Fault, type Faults } from './faults';
import { nextBatch } from './next-batch';
import { SlidingWindowLimiter } from './rate-limiter';
import { newRun, type Run } from './run';
import type { createBatchSender } from './send-batch';

export interface DispatcherDeps {
  storage: MailingStorage;
  contacts: { doNotUseSms(crmId: string): boolean | null | undefined };
  stopList: StopList;
  consents: ConsentCheck;
  providers: ProviderRegistry;
  clock: EngineClock;
  logger: Logger;
  config: Pick<EngineConfig, 'ratePerSecond' | 'concurrency' | 'errorRateWindow' | 'quietWindow'>;
  faults: Faults;
  sender: ReturnType<typeof createBatchSender>;
  /** Stops the mailing at once for a fault, to be written down as a pause. */
  halt(mailingId: string, fault: Fault): void;
  /** Nothing is left to send: the engine finishes the mailing. */
  finish(mailingId: string): Promise<unknown>;
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/**
 * The send loops: one per running mailing, taking its queued recipients in batches under the rate
 * limit (one per provider) and the concurrency limit, each batch durably claimed before it goes.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { storage, providers, clock, logger, config } = deps;
  const runs = new Map<string, Run>();
  const limiters = new Map<string, SlidingWindowLimiter>();
  /** Send requests at the provider, per mailing, until their outcomes are journalled. */
  const inFlight = new Map<string, Set<Promise<void>>>();

  const limiterFor = (providerId: string) => {
    let limiter = limiters.get(providerId);
    if (!limiter) limiters.set(providerId, (limiter = new SlidingWindowLimiter(config.ratePerSecond)));
    return limiter;
  };

  function start(mailing: MailingRecord): void {
    if (runs.has(mailing.id) || deps.faults.isCorrupt(mailing.id) || !storage.isOpen(mailing.id)) return;
    const provider = providers.get(mailing.provider as SmsProvider['id']) ?? providers.active;
    const run = newRun(mailing.id, mailing.kind, provider, storage.recipientsIn(mailing.id, ['queued']), config.errorRateWindow);
    runs.set(mailing.id, run);
    void loop(run).catch((error: unknown) => onRunFailure(run, error));
  }

  function stop(mailingId: string): void {
    const run = runs.get(mailingId);
    if (run) run.stopped = true;
    runs.delete(mailingId);
  }

  /** Nothing a run meets may take the relay down: a write failure halts the mailing; anything else is logged and halts it too. */
  function onRunFailure(run: Run, error: unknown): void {
    if (run.stopped) return;
    if (error instanceof StorageError) return deps.halt(run.mailingId, { kind: 'storage', reason: storageReason(error) });
    logger.error(`mailing ${run.mailingId}: send loop failed: ${(error as Error).stack ?? error}`);
    deps.halt(run.mailingId, {
      kind: 'storage',
      reason: {
        code: 'internal_error',
        message: `The send loop failed (${(error as Error).message}); the relay log has the details`,
        messageRu: 'Сбой цикла отправки; подробности в журнале сервера',
      },
    });
  }

  async function loop(run: Run): Promise<void> {
    const limiter = limiterFor(run.provider.id);
    const batchSize = Math.min(run.provider.capabilities.batchSize, limiter.burst);
    while (!run.stopped) {
      if (run.inFlight >= config.concurrency) {
        await sleep(clock, 2);
        continue;
      }
      const pacing = limiter.waitMs(clock.monotonic());
      if (pacing > 0) {
        await sleep(clock, pacing);
        continue;
      }
      const { batch, waitMs } = nextBatch(run, batchSize, clock.now(), config.quietWindow, (i) => storage.glance(run.mailingId, i));
      if (batch.length === 0) {
        const { queued = 0, sending = 0 } = storage.counts(run.mailingId) ?? {};
        if (run.inFlight === 0 && queued === 0 && sending === 0) return finishRun(run);
        if (run.inFlight === 0 && sending === 0 && run.cursor >= run.queue.length) {
          // Recipients put back by requests of an earlier run (settled after a pause) are not in this
          // run's queue yet: the storage is the truth.
          run.queue = storage.recipientsIn(run.mailingId, ['queued']);
          run.cursor = 0;
          if (run.queue.length > 0) continue;
        }
        await sleep(clock, Number.isFinite(waitMs) ? Math.max(1, Math.min(waitMs, 1000)) : 5);
        continue;
      }
      const granted = limiter.take(batch.length, clock.monotonic());
      if (granted < batch.length) run.queue.splice(run.cursor, 0, ...batch.splice(granted));
      const sendable = skipNewlyBarred(run, batch);
      if (sendable.length === 0) continue;
      const claimed = skipNewlyListed(run, storage.claim(run.mailingId, sendable, clock.now()));
      if (claimed.length === 0) continue;
      run.inFlight++;
      const sending = deps.sender
        .send(run, claimed)
        .catch((error: unknown) => onRunFailure(run, error))
        .finally(() => {
          run.inFlight--;
          inFlight.get(run.mailingId)?.delete(sending);
        });
      let requests = inFlight.get(run.mailingId);
      if (!requests) inFlight.set(run.mailingId, (requests = new Set()));
      requests.add(sending);
    }
  }

  /** Why a contact may no longer get this mailing's message, although it could at the launch. */
  function barredSince(run: Run, contactId: string): SkipReason | null {
    if (deps.contacts.doNotUseSms(contactId) === true) return 'do_not_use_sms';
    if (lacksConsent(run.kind, deps.consents, contactId)) return 'no_consent';
    return null;
  }

  /** A contact flagged "do not use SMS" after the launch, or whose consent to an advertising mailing was withdrawn, is skipped at dispatch. */
  function skipNewlyBarred(run: Run, batch: number[]): number[] {
    const skipped: RecipientChange[] = [];
    const sendable = batch.filter((i) => {
      const contactId = storage.glance(run.mailingId, i)?.contactId;
      const reason = contactId === undefined ? null : barredSince(run, contactId);
      if (reason) skipped.push({ i, s: 'skipped', e: reason });
      return reason === null;
    });
    storage.record(run.mailingId, skipped, clock.now());
    return sendable;
  }

  /**
   * A number put on the stop list after the launch (a STOP reply while the mailing runs) is skipped
   * at dispatch. It is asked right after the claim, the last moment before the provider is called,
   * where the batch's numbers have been read anyway: the recipient goes from "sending" to skipped
   * without a request (after a crash in between it is "unknown", never re-sent by itself).
   */
  function skipNewlyListed(run: Run, claimed: StoredRecipient[]): StoredRecipient[] {
    const listed = claimed.filter((r) => r.phone !== null && deps.stopList.has(r.phone));
    if (listed.length === 0) return claimed;
    storage.record(
      run.mailingId,
      listed.map((r) => ({ i: r.index, s: 'skipped' as const, e: 'stop_list' })),
      clock.now(),
    );
    return claimed.filter((r) => !listed.includes(r));
  }

  async function finishRun(run: Run): Promise<void> {
    if (runs.get(run.mailingId) === run) runs.delete(run.mailingId);
    await deps.finish(run.mailingId);
  }

  return {
    start,
    stop,
    isRunning: (mailingId: string): boolean => runs.has(mailingId),
    /** Recipients of a running mailing held back by quiet hours at its last look. */
    held: (mailingId: string): number => runs.get(mailingId)?.held ?? 0,
    /** Waits until the requests a mailing has at the provider are settled (their outcomes journalled). */
    async settled(mailingId: string): Promise<void> {
      const requests = inFlight.get(mailingId);
      if (requests && requests.size > 0) await Promise.allSettled([...requests]);
      inFlight.delete(mailingId);
    },
    /** Stops every loop and waits for the requests at the provider: their outcomes belong in the journal, not in "unknown". */
    async stopAll(): Promise<void> {
      for (const id of [...runs.keys()]) stop(id);
      await Promise.allSettled([...inFlight.values()].flatMap((requests) => [...requests]));
    },
  };
}
