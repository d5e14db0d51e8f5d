import { existsSync } from 'node:fs';
import type { MessageView } from '../../shared/api';
import { noSkips, type MailingCounters, type MailingStatus, type RecipientState, type UnknownResolution } from '../../shared/mailings';
import { PROVIDER_ERRORS } from '../../shared/provider-errors';
import { templateContextFor } from '../../shared/macros';
import { countSegments } from '../../shared/segments';
import type { MessageStatus } from '../../shared/status';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ProviderError } from '../providers/provider-error';
import type { ProviderRegistry } from '../providers/registry';
import type { SmsProvider, StatusUpdate } from '../providers/types';
import { CorruptDataError } from '../store/json-db';
import type { MailingRecord } from '../store/mailings';
import { StorageError } from '../store/storage-error';
import type { Store } from '../store/store';
import type { EngineConfig } from './engine-config';
import { ErrorRate } from './error-rate';
import { MailingArchive } from './mailing-archive';
import { totalsOf, type LedgerTotals } from './ledger-totals';
import { RecipientLedger, type LedgerChange, type LedgerWriter } from './ledger';
import { canHappen, nextStatus, type MailingEvent } from './lifecycle';
import { ApiError } from '../api-error';
import { isQuiet } from './quiet-hours';
import { RecipientIndex } from './recipient-index';
import { SlidingWindowLimiter } from './rate-limiter';
import type { CompiledTemplate } from './template';

export interface StatusReason {
  code: string;
  message: string;
  messageRu: string;
}

interface Run {
  mailingId: string;
  ledger: RecipientLedger;
  provider: SmsProvider;
  /** Queued recipients not yet taken, in order; retries come back with a time. */
  queue: number[];
  cursor: number;
  retryAt: Map<number, number>;
  inFlight: number;
  errors: ErrorRate;
  stopped: boolean;
  held: number;
  /** Send requests in a row whose answers left every recipient unknown. */
  ambiguousInARow: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** How often a mailing halted by a write failure tries again to write down its pause. */
const PERSIST_RETRY_MS = 500;

/**
 * Why a mailing cannot go on although its stored status says otherwise: the disk refused a write
 * (clears once its pause is written down, or a person resumes it) or its ledger is damaged (stays).
 */
interface Fault {
  kind: 'storage' | 'corrupt';
  reason: StatusReason;
}

const storageReason = (error: StorageError): StatusReason => ({
  code: 'storage_unwritable',
  message: `${error.message}; nothing more is sent — resume once the disk is writable again`,
  messageRu: `${error.messageRu}; отправка остановлена — возобновите рассылку, когда диск снова доступен для записи`,
});

const corruptReason = (error: CorruptDataError): StatusReason => ({
  code: 'ledger_corrupt',
  message: `This mailing's ledger is damaged and was set aside for inspection (${error.message}); nothing is sent from it`,
  messageRu: `Журнал рассылки повреждён и сохранён для проверки (${error.message}); отправка из него не ведётся`,
});

/** A recipient's ledger state as the sent-SMS list shows it. */
const MESSAGE_STATUS: Partial<Record<RecipientState, MessageStatus>> = {
  queued: 'queued', sending: 'sending', sent: 'sent', delivered: 'delivered', failed: 'failed', unknown: 'unknown',
};

/**
 * Runs mailings: freezes nothing itself (launch does), sends each running mailing's queued recipients
 * in batches under the rate limit, journals every step in the ledger before acting on it, and
 * routes delivery reports to ledgers. Status changes go through `transition`, the one place that
 * decides a mailing's status.
 */
export function createMailingEngine(deps: { store: Store; providers: ProviderRegistry; clock: Clock; logger: Logger; config: EngineConfig }) {
  const { store, providers, clock, logger, config } = deps;
  const ledgers = new Map<string, RecipientLedger>();
  const runs = new Map<string, Run>();
  const limiters = new Map<string, SlidingWindowLimiter>();
  /** Recipients of the mailings that may still send (finished ones are in the archive, on disk). */
  const places = new RecipientIndex();
  const archive = new MailingArchive(store.mailingDir, store.io);
  const ledgerOf = (id: string): RecipientLedger | undefined => ledgers.get(id) ?? archive.ledger(id);
  const faults = new Map<string, Fault>();
  /** Send requests at the provider, per mailing, until their outcomes are journalled. */
  const inFlight = new Map<string, Set<Promise<void>>>();
  let stopping = false;
  /** The currency each mailing's provider reports costs in (learnt from its answers). */
  const currencies = new Map<string, string>();
  let schedulerTimer: NodeJS.Timeout | undefined;

  const now = () => clock.now();
  const iso = (ms = now()) => new Date(ms).toISOString();
  const limiterFor = (providerId: string) => {
    let limiter = limiters.get(providerId);
    if (!limiter) limiters.set(providerId, (limiter = new SlidingWindowLimiter(config.ratePerSecond)));
    return limiter;
  };

  /** Transitions of one mailing happen one at a time, in order: each sees the status the last one left. */
  const transitionQueues = new Map<string, Promise<unknown>>();

  function transition(mailing: MailingRecord, event: MailingEvent, reason: StatusReason | null = null, beforeRun?: () => void): Promise<MailingRecord> {
    return enqueue(mailing.id, () => applyTransition(mailing.id, event, reason, false, beforeRun));
  }

  /**
   * For what the engine itself raises (pause on an error, finish): a person may have acted first.
   * When the disk refuses the status write, the mailing is halted and the step is written later.
   */
  async function transitionIfPossible(id: string, event: MailingEvent, reason: StatusReason | null = null): Promise<MailingRecord | null> {
    try {
      return await enqueue(id, async () => {
        const current = store.mailings.get(id);
        return current && canHappen(effectiveStatus(current), event) ? applyTransition(id, event, reason) : null;
      });
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      // The scheduler tries a due start again at its next tick (and holds it once the grace period is over).
      if (event === 'start') {
        logger.error(`mailing ${id}: ${error.message}; its start waits for the disk`);
        return null;
      }
      haltFor(id, { kind: 'storage', reason: storageReason(error) }, event, reason);
      return null;
    }
  }

  /** The status that holds now: a mailing halted by a fault is paused, whatever its record still says. */
  function effectiveStatus(mailing: MailingRecord): MailingStatus {
    return faults.has(mailing.id) && mailing.status === 'running' ? 'paused' : mailing.status;
  }

  /** Stops sending at once and writes down `event` (a pause with the fault's reason unless told otherwise) as soon as the disk lets it. */
  function haltFor(id: string, fault: Fault, event: MailingEvent = 'pause', reason: StatusReason | null = fault.reason): void {
    stopRun(id);
    const known = faults.get(id);
    if (known?.kind === 'corrupt') return;
    faults.set(id, fault);
    if (known) return; // its pause is being written already
    logger.error(`mailing ${id}: ${fault.reason.message}`);
    persistLater(id, fault, event, reason);
  }

  /** Tries to write `event` until it is on disk, a person acts first (the fault is gone), or the relay stops. */
  function persistLater(id: string, fault: Fault, event: MailingEvent, reason: StatusReason | null): void {
    const attempt = async (): Promise<void> => {
      if (stopping || faults.get(id) !== fault) return;
      const written = await enqueue(id, async () => {
        const current = store.mailings.get(id);
        if (!current || faults.get(id) !== fault) return true;
        if (canHappen(current.status, event)) await applyTransition(id, event, reason, true);
        if (fault.kind === 'storage') faults.delete(id);
        return true;
      }).catch((error: unknown) => {
        if (error instanceof StorageError) return false;
        logger.error(`mailing ${id}: ${(error as Error).message}`);
        return true;
      });
      if (!written) setTimeout(() => void attempt(), PERSIST_RETRY_MS).unref();
    };
    setTimeout(() => void attempt(), 0).unref();
  }

  function enqueue<T>(id: string, step: () => Promise<T>): Promise<T> {
    const next = (transitionQueues.get(id) ?? Promise.resolve()).catch(() => undefined).then(step);
    transitionQueues.set(id, next);
    return next;
  }

  /**
   * Writes the new status first; memory and the send loop follow only once it is on disk. A failed
   * write throws and leaves the mailing, and its send loop, exactly as they were.
   */
  async function applyTransition(id: string, event: MailingEvent, reason: StatusReason | null, asStored = false, beforeRun?: () => void): Promise<MailingRecord> {
    const current = store.mailings.get(id);
    if (!current) throw new ApiError(404, 'not_found', `No mailing "${id}"`);
    const fault = faults.get(id);
    if (fault?.kind === 'corrupt' && (event === 'resume' || event === 'retry' || event === 'start')) {
      throw new ApiError(409, 'ledger_corrupt', fault.reason.message, { messageRu: fault.reason.messageRu });
    }
    const from = asStored ? current.status : effectiveStatus(current);
    const status = nextStatus(from, current.launchType, event);
    const patch: Partial<MailingRecord> = { status, statusReason: reason, updatedAt: iso() };
    if (event === 'launch' || event === 'start') patch.launchedAt = current.launchedAt ?? iso();
    if (status === 'finished' || status === 'cancelled') patch.finishedAt = iso();
    if (event === 'retry') patch.finishedAt = null;
    // No batch leaves while the step is being written; if the write fails, the run goes on as before.
    const wasRunning = runs.has(id);
    if (status !== 'running') stopRun(id);
    let updated: MailingRecord;
    try {
      updated = await store.mailings.update(id, patch);
    } catch (error) {
      if (wasRunning) startRun(current);
      throw error;
    }
    if (fault?.kind === 'storage') faults.delete(id);
    if (status === 'running' && beforeRun) {
      try {
        beforeRun();
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        haltFor(id, { kind: 'storage', reason: storageReason(error) });
        return updated;
      }
    }
    if (status === 'running') startRun(updated);
    if (status === 'finished' || status === 'cancelled') void retireWhenSettled(id);
    logger.info(`mailing ${id} "${updated.name}": ${from} → ${status}${reason ? ` (${reason.message})` : ''}`);
    return updated;
  }

  function quarantine(mailing: MailingRecord, error: CorruptDataError): void {
    const fault: Fault = { kind: 'corrupt', reason: corruptReason(error) };
    logger.error(`mailing ${mailing.id}: ${fault.reason.message}`);
    faults.set(mailing.id, fault);
    if (mailing.status === 'running') persistLater(mailing.id, fault, 'pause', fault.reason);
    if (mailing.status === 'scheduled') persistLater(mailing.id, fault, 'hold', fault.reason);
  }

  /**
   * A mailing that will not send again moves to the archive: its ledger leaves memory (folded up,
   * indexed on disk). Housekeeping: a full disk leaves it in memory, to be archived at the next start.
   */
  function retire(id: string): void {
    const ledger = ledgers.get(id);
    if (!ledger) return;
    try {
      ledger.compact();
      archive.add(id, ledger);
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return;
    }
    ledgers.delete(id);
    places.removeMailing(id);
  }

  /** A cancelled mailing may still have requests at the provider: their outcomes go in its ledger first. */
  async function retireWhenSettled(id: string): Promise<void> {
    const requests = inFlight.get(id);
    if (requests && requests.size > 0) await Promise.allSettled([...requests]);
    inFlight.delete(id);
    const mailing = store.mailings.get(id);
    if (!stopping && (mailing?.status === 'finished' || mailing?.status === 'cancelled')) retire(id);
  }

  /** A finished mailing a person retries comes back from the archive. */
  function activate(id: string): RecipientLedger | undefined {
    const ledger = archive.take(id);
    if (ledger) {
      ledgers.set(id, ledger);
      places.addLedger(id, ledger);
    }
    return ledger ?? ledgers.get(id);
  }

  const isArchived = (id: string) => !ledgers.has(id) && archive.has(id);

  function startRun(mailing: MailingRecord): void {
    if (runs.has(mailing.id) || faults.get(mailing.id)?.kind === 'corrupt') return;
    const ledger = ledgers.get(mailing.id);
    const provider = providers.get(mailing.provider as SmsProvider['id']) ?? providers.active;
    if (!ledger) return;
    const run: Run = {
      mailingId: mailing.id, ledger, provider, queue: ledger.indicesIn(['queued']), cursor: 0, retryAt: new Map(),
      inFlight: 0, errors: new ErrorRate(config.errorRateWindow), stopped: false, held: 0, ambiguousInARow: 0,
    };
    runs.set(mailing.id, run);
    void loop(run).catch((error: unknown) => onRunFailure(run, error));
  }

  /** Nothing a run meets may take the relay down: a write failure halts the mailing; anything else is logged and halts it too. */
  function onRunFailure(run: Run, error: unknown): void {
    if (run.stopped) return;
    if (error instanceof StorageError) return haltFor(run.mailingId, { kind: 'storage', reason: storageReason(error) });
    logger.error(`mailing ${run.mailingId}: send loop failed: ${(error as Error).stack ?? error}`);
    haltFor(run.mailingId, {
      kind: 'storage',
      reason: { code: 'internal_error', message: `The send loop failed (${(error as Error).message}); the relay log has the details`, messageRu: 'Сбой цикла отправки; подробности в журнале сервера' },
    });
  }

  function stopRun(mailingId: string): void {
    const run = runs.get(mailingId);
    if (run) run.stopped = true;
    runs.delete(mailingId);
  }


  /** The next recipients that may go now: not held by quiet hours, not waiting for a retry. */
  function nextBatch(run: Run, max: number): { batch: number[]; waitMs: number } {
    const batch: number[] = [];
    const at = now();
    let waitMs = Number.POSITIVE_INFINITY;
    let held = 0;
    const deferred: number[] = [];
    while (run.cursor < run.queue.length && batch.length < max) {
      const index = run.queue[run.cursor++]!;
      if (run.ledger.states[index] !== 0) continue; // no longer queued (0 = queued)
      const retryAt = run.retryAt.get(index) ?? 0;
      if (retryAt > at) {
        deferred.push(index);
        waitMs = Math.min(waitMs, retryAt - at);
      } else if (isQuiet(config.quietWindow, at, run.ledger.recipients.timeZone(index))) {
        deferred.push(index);
        held++;
      } else {
        batch.push(index);
      }
    }
    // What waits goes to the back of the queue, to be looked at again.
    if (deferred.length > 0) {
      run.queue = run.queue.slice(run.cursor).concat(deferred);
      run.cursor = 0;
      if (held > 0) waitMs = Math.min(waitMs, 30_000);
    }
    run.held = held;
    return { batch, waitMs };
  }

  async function loop(run: Run): Promise<void> {
    const limiter = limiterFor(run.provider.id);
    const batchSize = Math.min(run.provider.capabilities.batchSize, limiter.burst);
    while (!run.stopped) {
      if (run.inFlight >= config.concurrency) {
        await sleep(2);
        continue;
      }
      const pacing = limiter.waitMs(performance.now());
      if (pacing > 0) {
        await sleep(pacing);
        continue;
      }
      const { batch, waitMs } = nextBatch(run, batchSize);
      if (batch.length === 0) {
        const { queued, sending } = run.ledger.counters();
        if (run.inFlight === 0 && queued === 0 && sending === 0) return finishRun(run);
        if (run.inFlight === 0 && sending === 0 && run.cursor >= run.queue.length) {
          // Recipients put back by requests of an earlier run (settled after a pause) are not in this
          // run's queue yet: the ledger is the truth.
          run.queue = run.ledger.indicesIn(['queued']);
          run.cursor = 0;
          if (run.queue.length > 0) continue;
        }
        await sleep(Number.isFinite(waitMs) ? Math.max(1, Math.min(waitMs, 1000)) : 5);
        continue;
      }
      const granted = limiter.take(batch.length, performance.now());
      if (granted < batch.length) run.queue.splice(run.cursor, 0, ...batch.splice(granted));
      const sendable = skipNewlyFlagged(run, batch);
      if (sendable.length === 0) continue;
      // Durable before sent: if the disk refuses this line, the batch stays queued and nothing goes.
      run.ledger.commit(sendable.map((i) => ({ i, s: 'sending' as const })), now());
      run.inFlight++;
      const sending = sendBatch(run, sendable)
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

  /** A contact flagged "do not use SMS" after the launch is skipped at dispatch. */
  function skipNewlyFlagged(run: Run, batch: number[]): number[] {
    const skipped: LedgerChange[] = [];
    const sendable = batch.filter((i) => {
      const flagged = store.contacts.doNotUseSms(run.ledger.recipients.contactId(i)) === true;
      if (flagged) skipped.push({ i, s: 'skipped', e: 'do_not_use_sms' });
      return !flagged;
    });
    run.ledger.record(skipped, now());
    return sendable;
  }

  async function sendBatch(run: Run, batch: number[]): Promise<void> {
    const { ledger, provider } = run;
    let messages;
    try {
      messages = ledger.recipients.getMany(batch).map((r, k) => ({ to: r.phone!, text: r.text!, ref: referenceFor(run.mailingId, batch[k]!) }));
    } catch (error) {
      // Nothing left: the batch goes back to the queue, and the failure halts the mailing.
      ledger.record(batch.map((i) => ({ i, s: 'queued' as const })), now());
      throw error;
    }
    let outcomes;
    try {
      outcomes = await provider.send(messages);
    } catch (error) {
      if (!(error instanceof ProviderError)) {
        // An adapter that failed unexpectedly may have sent: unknown, never a batch stuck "sending".
        ledger.record(batch.map((i) => ({ i, s: 'unknown' as const, e: `The relay failed while sending (${(error as Error).message})` })), now());
        throw error;
      }
      return settleFailedRequest(run, batch, error);
    }
    const changes: LedgerChange[] = [];
    let stop: ProviderError | null = null;
    outcomes.forEach((outcome, k) => {
      const i = batch[k]!;
      if (outcome.ok) {
        const change: LedgerChange = { i, s: 'sent', p: outcome.providerMessageId };
        if (outcome.cost !== undefined) change.c = outcome.cost;
        if (outcome.currency) currencies.set(run.mailingId, outcome.currency);
        changes.push(change);
        places.addProviderId(outcome.providerMessageId, run.mailingId, i);
        run.errors.add(false);
        return;
      }
      const error = outcome.error;
      if (error.outcomeUnknown) changes.push({ i, s: 'unknown', e: error.message });
      else if (error.errorClass === 'stop') {
        changes.push({ i, s: 'queued' });
        stop = error;
      } else if (error.errorClass === 'retryable') changes.push(retryOrFail(run, i, error));
      else {
        changes.push({ i, s: 'failed', e: error.message });
        run.errors.add(true);
      }
    });
    ledger.record(changes, now());
    ledger.compactIfLong();
    const ambiguous = changes.every((change) => change.s === 'unknown');
    if (stop) await pauseFor(run, stop);
    else if (ambiguous) await noteAmbiguousAnswer(run, outcomes.find((o) => !o.ok)?.error);
    else {
      run.ambiguousInARow = 0;
      if (run.errors.exceeds(config.errorRateThreshold)) await pauseForErrorRate(run);
    }
  }

  /**
   * A provider that keeps answering so that nobody can tell whether it sent (an outage behind a
   * gateway, timeouts) pauses the mailing after a few such requests in a row, before the rest of
   * it ends "unknown".
   */
  async function noteAmbiguousAnswer(run: Run, error: ProviderError | undefined): Promise<void> {
    run.ambiguousInARow++;
    // One hiccup can catch every request in flight at once; more than that in a row is an outage.
    if (run.ambiguousInARow < Math.max(3, config.concurrency + 2)) return;
    const detail = error ? ` (${error.message})` : '';
    await transitionIfPossible(run.mailingId, 'pause', {
      code: 'ambiguous_answers',
      message: `The last ${run.ambiguousInARow} requests got answers that do not say whether the provider sent${detail}; paused before more recipients end "unknown"`,
      messageRu: `На последние ${run.ambiguousInARow} запроса оператор ответил так, что неясно, ушли ли сообщения${detail}; рассылка приостановлена, чтобы больше получателей не осталось с неизвестным статусом`,
    });
  }

  /** The whole request failed: nothing went (back to the queue), or it may have gone (unknown). */
  async function settleFailedRequest(run: Run, batch: number[], error: ProviderError): Promise<void> {
    if (error.outcomeUnknown) {
      run.ledger.record(batch.map((i) => ({ i, s: 'unknown' as const, e: error.message })), now());
      return noteAmbiguousAnswer(run, error);
    }
    run.ambiguousInARow = 0;
    if (error.errorClass === 'stop') {
      run.ledger.record(batch.map((i) => ({ i, s: 'queued' as const })), now());
      return pauseFor(run, error);
    }
    if (error.errorClass === 'retryable') {
      run.ledger.record(batch.map((i) => retryOrFail(run, i, error)), now());
    } else {
      run.ledger.record(batch.map((i) => ({ i, s: 'failed' as const, e: error.message })), now());
      batch.forEach(() => run.errors.add(true));
    }
    if (run.errors.exceeds(config.errorRateThreshold)) await pauseForErrorRate(run);
  }

  function retryOrFail(run: Run, i: number, error: ProviderError): LedgerChange {
    const attempts = run.ledger.attempts[i]!;
    if (attempts >= config.maxAttempts) {
      run.errors.add(true);
      return { i, s: 'failed', e: `${error.message} (after ${attempts} tries)` };
    }
    run.retryAt.set(i, now() + config.retryBaseMs * 2 ** (attempts - 1));
    run.queue.push(i);
    return { i, s: 'queued' };
  }

  async function pauseFor(run: Run, error: ProviderError): Promise<void> {
    await transitionIfPossible(run.mailingId, 'pause', { code: error.code, message: error.message, messageRu: PROVIDER_ERRORS[error.code].ru });
  }

  async function pauseForErrorRate(run: Run): Promise<void> {
    const share = Math.round(run.errors.share * 100);
    await transitionIfPossible(run.mailingId, 'pause', {
      code: 'error_rate',
      message: `${share}% of the latest ${config.errorRateWindow} messages failed; paused so a person can look`,
      messageRu: `${share}% последних ${config.errorRateWindow} сообщений не ушли; рассылка приостановлена для проверки`,
    });
  }

  async function finishRun(run: Run): Promise<void> {
    if (runs.get(run.mailingId) === run) runs.delete(run.mailingId);
    await transitionIfPossible(run.mailingId, 'finish');
    lookUpUnknownsLater(run.mailingId);
  }

  /** Where the provider can tell, the relay asks it about a mailing's unknown recipients once, before a person has to decide. */
  function lookUpUnknownsLater(mailingId: string): void {
    const mailing = store.mailings.get(mailingId);
    const provider = mailing && providers.get(mailing.provider as SmsProvider['id']);
    if (!provider?.lookup || (counters(mailingId).unknown ?? 0) === 0) return;
    setTimeout(() => {
      if (stopping) return;
      resolveUnknown(mailingId).then(
        (found) => found.sent + found.notSent > 0 && logger.info(`mailing ${mailingId}: the provider had ${found.sent} of its unknown recipients and never got ${found.notSent}; ${found.unresolved} still unknown`),
        (error: unknown) => logger.warn(`mailing ${mailingId}: asking the provider about unknown recipients failed: ${(error as Error).message}`),
      );
    }, config.unknownLookupMs).unref();
  }

  /** The scheduler: deferred mailings start at their time, or wait for a human if it passed long ago. */
  async function tick(): Promise<void> {
    const at = now();
    for (const mailing of store.mailings.all()) {
      if (mailing.status !== 'scheduled' || !mailing.startAt || faults.has(mailing.id)) continue;
      const startAt = Date.parse(mailing.startAt);
      if (startAt > at) continue;
      if (at - startAt > config.startGraceMs) {
        const minutes = Math.round((at - startAt) / 60_000);
        await transitionIfPossible(mailing.id, 'hold', {
          code: 'missed_start',
          message: `The start time passed ${minutes} min ago while the relay was not running; resume it to send now`,
          messageRu: `Время начала прошло ${minutes} мин назад, когда сервер не работал; возобновите рассылку, чтобы отправить сейчас`,
        });
      } else {
        await transitionIfPossible(mailing.id, 'start');
      }
    }
  }

  function counters(mailingId: string): MailingCounters {
    const ledger = ledgers.get(mailingId);
    const held = runs.get(mailingId)?.held ?? 0;
    if (!ledger) {
      const archived = archive.counters(mailingId);
      if (archived) return archived;
    }
    return ledger
      ? ledger.counters(held)
      : { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, unknown: 0, skipped: noSkips(), held: 0 };
  }

  /**
   * Asks the provider what became of the unknown recipients, where it can tell: those it had
   * become "sent" (with its id, so delivery reports arrive), those it never got "failed" (safe to retry).
   */
  async function resolveUnknown(mailingId: string): Promise<UnknownResolution> {
    const mailing = store.mailings.get(mailingId);
    const provider = mailing ? providers.get(mailing.provider as SmsProvider['id']) : undefined;
    const unknown = ledgerOf(mailingId)?.indicesIn(['unknown']) ?? [];
    const result: UnknownResolution = { sent: 0, notSent: 0, unresolved: unknown.length };
    if (!provider?.lookup || unknown.length === 0) return result;
    for (let k = 0; k < unknown.length; k += LOOKUP_CHUNK) {
      const chunk = unknown.slice(k, k + LOOKUP_CHUNK);
      // The ledger is taken afresh after every wait: meanwhile the mailing may have been archived,
      // or its archived ledger let go and opened again.
      const asked = ledgerOf(mailingId);
      if (!asked) break;
      const recipients = asked.recipients.getMany(chunk);
      const queries = chunk.map((i, j) => {
        const handedOver = asked.handedOverAt.get(i) ?? asked.updatedAt[i]!;
        return { to: recipients[j]!.phone!, text: recipients[j]!.text!, ref: referenceFor(mailingId, i), sentAfter: handedOver, sentBefore: asked.updatedAt[i]! };
      });
      const answers = await provider.lookup(queries);
      const ledger = ledgerOf(mailingId);
      if (!ledger) break;
      const changes: LedgerChange[] = [];
      answers.forEach((answer, j) => {
        const i = chunk[j]!;
        if (ledger.state(i) !== 'unknown') return;
        if (answer.found === 'sent') {
          changes.push({ i, s: 'sent', p: answer.providerMessageId });
          if (!isArchived(mailingId)) places.addProviderId(answer.providerMessageId, mailingId, i);
          result.sent++;
        } else if (answer.found === 'not_sent') {
          changes.push({ i, s: 'failed', e: 'The provider confirms it never received this message; safe to retry' });
          result.notSent++;
        }
      });
      ledger.commit(changes, now());
      if (isArchived(mailingId)) archive.changed(mailingId);
    }
    result.unresolved = ledgerOf(mailingId)?.counters().unknown ?? 0;
    return result;
  }

  return {
    /** Opens every ledger, settles what a crash left in flight, resumes running mailings, starts the scheduler. */
    async start(options: { scheduler: boolean } = { scheduler: true }): Promise<{ lostInFlight: number }> {
      let lostInFlight = 0;
      for (const mailing of store.mailings.all()) {
        const dir = store.mailingDir(mailing.id);
        const done = mailing.status === 'finished' || mailing.status === 'cancelled';
        if (done && archive.adopt(mailing.id)) continue;
        if (!existsSync(dir) || !RecipientLedger.exists(dir)) continue;
        let ledger: RecipientLedger;
        try {
          ledger = RecipientLedger.open(dir, store.io);
        } catch (error) {
          if (!(error instanceof CorruptDataError)) throw error;
          // One damaged ledger sets its mailing aside; the relay and every other mailing go on.
          quarantine(mailing, error);
          continue;
        }
        const inFlight = ledger.indicesIn(['sending']);
        ledgers.set(mailing.id, ledger);
        places.addLedger(mailing.id, ledger);
        lostInFlight += inFlight.length;
        try {
          ledger.record(inFlight.map((i) => ({ i, s: 'unknown' as const, e: 'The relay stopped while handing this message to the provider; it may have been sent' })), now());
        } catch (error) {
          if (!(error instanceof StorageError)) throw error;
          if (mailing.status === 'running') haltFor(mailing.id, { kind: 'storage', reason: storageReason(error) });
        }
        if (done) retire(mailing.id);
      }
      for (const mailing of store.mailings.all()) if (mailing.status === 'running' && !faults.has(mailing.id)) startRun(mailing);
      for (const mailing of store.mailings.all()) if (mailing.status !== 'running' && !faults.has(mailing.id)) lookUpUnknownsLater(mailing.id);
      if (options.scheduler) {
        const every = async () => {
          await tick().catch((error: unknown) => logger.error(`scheduler: ${(error as Error).message}`));
          schedulerTimer = setTimeout(every, config.tickMs);
        };
        await tick();
        schedulerTimer = setTimeout(every, config.tickMs);
      }
      return { lostInFlight };
    },

    async stop(): Promise<void> {
      stopping = true;
      clearTimeout(schedulerTimer);
      for (const id of [...runs.keys()]) stopRun(id);
      // Their answers take at most the provider timeout; their outcomes belong in the journal, not in "unknown".
      await Promise.allSettled([...inFlight.values()].flatMap((requests) => [...requests]));
      for (const ledger of ledgers.values()) ledger.close();
      archive.close();
    },

    tick,
    transition,

    /** A writer for a mailing's ledger (at launch): the frozen audience goes in as it is rendered. */
    ledgerWriter: (mailingId: string): LedgerWriter => RecipientLedger.writer(store.mailingDir(mailingId), store.io),

    /** Takes a finished ledger into use. */
    adoptLedger(mailingId: string, ledger: RecipientLedger): void {
      ledgers.get(mailingId)?.close();
      ledgers.set(mailingId, ledger);
      places.addLedger(mailingId, ledger);
    },

    /** A mailing's ledger: in memory while it may send, read from its folder (and kept open a while) once archived. */
    ledger: (mailingId: string) => ledgerOf(mailingId),

    totals(mailingId: string): LedgerTotals | null {
      const ledger = ledgers.get(mailingId);
      return ledger ? totalsOf(ledger) : (archive.totals(mailingId) ?? null);
    },

    /** The mailing as it stands now: halted by a fault, it is paused with the fault's reason whatever its record still says. */
    current(mailing: MailingRecord): MailingRecord {
      const fault = faults.get(mailing.id);
      if (!fault) return mailing;
      return { ...mailing, status: effectiveStatus(mailing), statusReason: fault.reason };
    },

    counters,

    /** After the text was edited in a paused mailing: recipients still queued get the new text. */
    rerender(mailingId: string, template: CompiledTemplate, mailingName: string): void {
      const ledger = ledgers.get(mailingId);
      if (!ledger) return;
      const texts = new Map<number, { text: string; parts: number }>();
      for (const i of ledger.indicesIn(['queued'])) {
        const recipient = ledger.recipients.get(i);
        const contact = store.contacts.get(recipient.contactId);
        if (!contact || !recipient.phone) continue;
        const text = template.render(templateContextFor(contact, recipient.phone, mailingName));
        texts.set(i, { text, parts: countSegments(text).parts });
      }
      ledger.replaceTexts(texts);
    },

    /**
     * Puts failed and unknown recipients back in the queue (a person asked). The queue change is on
     * disk before the status; if the status cannot be written, they go back to what they were.
     */
    async retry(mailing: MailingRecord): Promise<MailingRecord> {
      if (faults.get(mailing.id)?.kind === 'corrupt') return transition(mailing, 'retry');
      nextStatus(effectiveStatus(mailing), mailing.launchType, 'retry');
      const ledger = activate(mailing.id);
      // Written after the status and before the run starts: a crash in between leaves them as they were.
      const requeue = () => {
        if (ledger) ledger.commit(ledger.indicesIn(['failed', 'unknown']).map((i) => ({ i, s: 'queued' as const })), now());
      };
      return transition(mailing, 'retry', null, requeue);
    },

    resolveUnknown,

    /**
     * Delivery reports for mailing messages; returns how many recipients changed. Reports are grouped
     * by mailing first, so an archived ledger is opened once per batch; a ledger that cannot be
     * read or written costs only its own reports.
     */
    applyStatusUpdates(updates: StatusUpdate[]): number {
      const perMailing = new Map<string, { index: number; update: StatusUpdate }[]>();
      for (const update of updates) {
        const where = places.byProviderMessageId(update.providerMessageId) ?? archive.locate(update.providerMessageId);
        if (!where) continue;
        const list = perMailing.get(where.mailingId);
        if (list) list.push({ index: where.index, update });
        else perMailing.set(where.mailingId, [{ index: where.index, update }]);
      }
      let changed = 0;
      for (const [mailingId, reports] of perMailing) {
        try {
          const ledger = ledgerOf(mailingId);
          if (!ledger) continue;
          const changes: LedgerChange[] = [];
          for (const { index, update } of reports) {
            const current = ledger.state(index);
            const next: RecipientState | null = update.status === 'delivered' ? 'delivered' : update.status === 'failed' ? 'failed' : null;
            if (!next || !(current === 'sent' || current === 'unknown')) continue;
            const change: LedgerChange = { i: index, s: next };
            if (update.cost !== undefined) change.c = update.cost;
            if (next === 'failed') change.e = update.errorText ?? `not delivered (${update.providerStatus ?? ''})`;
            changes.push(change);
          }
          ledger.record(changes, now());
          if (isArchived(mailingId)) archive.changed(mailingId);
          changed += changes.length;
        } catch (error) {
          if (!(error instanceof StorageError) && !(error instanceof CorruptDataError)) throw error;
          logger.error(`mailing ${mailingId}: delivery reports not applied: ${error.message}`);
        }
      }
      return changed;
    },

    /** Provider ids of mailing messages whose delivery is still open, for polling. */
    pendingProviderIds(providerId: string): string[] {
      const ids: string[] = [];
      for (const [id, where] of places.providerIds()) {
        const mailing = store.mailings.get(where.mailingId);
        const state = ledgers.get(where.mailingId)?.state(where.index);
        if (mailing?.provider === providerId && (state === 'sent' || state === 'unknown')) ids.push(id);
      }
      const recent = now() - DELIVERY_REPORTS_FOR_MS;
      const archived = archive.pendingIds((mailingId) => {
        const mailing = store.mailings.get(mailingId);
        return mailing?.provider === providerId && Date.parse(mailing.finishedAt ?? mailing.updatedAt) >= recent;
      });
      for (const { ids: pending } of archived) for (const id of pending) ids.push(id);
      return ids;
    },

    /** A contact's mailing messages as the sent-SMS list shows them. */
    messagesForContact(crmId: string): MessageView[] {
      const views: MessageView[] = [];
      for (const { mailingId, index } of [...places.ofContact(crmId), ...archive.placesOfContact(crmId)]) {
        const mailing = store.mailings.get(mailingId);
        const ledger = ledgerOf(mailingId);
        if (!mailing || !ledger) continue;
        const status = MESSAGE_STATUS[ledger.state(index)];
        if (!status) continue;
        const recipient = ledger.recipients.get(index);
        if (!status || !recipient.phone || recipient.text === null) continue;
        const cost = ledger.costs[index]!;
        const error = ledger.errors.get(index);
        const at = ledger.updatedAt[index] ? iso(ledger.updatedAt[index]) : (mailing.launchedAt ?? mailing.createdAt);
        views.push({
          id: `${mailingId}:${index}`, contact: { crmId, name: recipient.name }, phone: recipient.phone, text: recipient.text,
          parts: recipient.parts, encoding: countSegments(recipient.text).encoding, provider: mailing.provider as MessageView['provider'],
          providerMessageId: ledger.providerIds[index] ?? null, status, cost: Number.isNaN(cost) ? null : cost,
          currency: Number.isNaN(cost) ? null : (currencies.get(mailingId) ?? providerCurrency(mailing.provider)),
          error: error ? { code: 'not_delivered', message: error, messageRu: error } : null,
          mailing: { id: mailingId, name: mailing.name }, sentBy: mailing.createdBy, createdAt: mailing.launchedAt ?? mailing.createdAt, updatedAt: at,
        });
      }
      return views;
    },

    currency: (mailingId: string): string | null => currencies.get(mailingId) ?? providerCurrency(store.mailings.get(mailingId)?.provider ?? ''),
    isRunning: (mailingId: string) => runs.has(mailingId),
    statusOf: (mailingId: string): MailingStatus | undefined => store.mailings.get(mailingId)?.status,
  };
}

export type MailingEngine = ReturnType<typeof createMailingEngine>;

/** How long after a mailing finished the relay still polls for its delivery reports (providers forget them too). */
const DELIVERY_REPORTS_FOR_MS = 3 * 24 * 3600_000;

/** Unknown recipients asked about per provider request. */
const LOOKUP_CHUNK = 100;

/** A recipient's reference at the provider, the same on every try: how `lookup` finds the message again. */
export const referenceFor = (mailingId: string, index: number): string => `${mailingId}-${index}`;

/** Russian providers bill in roubles; Twilio says its currency with each price. */
const providerCurrency = (providerId: string): string | null => (providerId === 'twilio' ? null : 'RUB');
