import { sleep, type EngineClock } from '../clock';
import { conflict, notFound } from '../domain/errors';
import type { SystemAudit } from '../domain/system-audit';
import type { Logger } from '../logger';
import type { CorruptDataError } from '../store/json-db';
import type { MailingStorage, StatusChange } from '../store/mailing-storage';
import type { MailingRecord } from '../store/mailings';
import { StorageError } from '../store/storage-error';
import { corruptReason, storageReason, type Fault, type Faults, type StatusReason } from './faults';
import { canHappen, haltEventFor, hasEnded, nextStatus, type MailingEvent } from './lifecycle';

/** How often a mailing halted by a write failure tries again to write down its pause. */
export const PERSIST_RETRY_MS = 500;

/** What a status change starts and stops: the send loop of each running mailing. */
export interface RunControl {
  start(mailing: MailingRecord): void;
  stop(mailingId: string): void;
  isRunning(mailingId: string): boolean;
  /** The mailing ended (finished, cancelled): its recipients may be archived once its requests settle. */
  ended(mailingId: string): void;
}

export type Transitions = ReturnType<typeof createTransitions>;

/**
 * The one place that writes a mailing's status: through the lifecycle table, one change of a mailing
 * at a time (each sees the status the last one left), the new status on disk before memory and the
 * send loop follow. A change the disk refuses halts the mailing and is written later.
 */
export function createTransitions(deps: {
  storage: MailingStorage;
  clock: EngineClock;
  logger: Logger;
  faults: Faults;
  runs: RunControl;
  /** Where the engine's own steps (not a person's: the request that asked says those) are recorded once on disk. */
  audit: Pick<SystemAudit, 'record'>;
}) {
  const { storage, clock, logger, faults, runs } = deps;
  const queues = new Map<string, Promise<unknown>>();
  let stopping = false;
  const iso = () => new Date(clock.now()).toISOString();

  function enqueue<T>(id: string, step: () => Promise<T>): Promise<T> {
    const next = (queues.get(id) ?? Promise.resolve()).catch(() => undefined).then(step);
    queues.set(id, next);
    return next;
  }

  /** A failed write throws and leaves the mailing, and its send loop, exactly as they were. */
  async function apply(id: string, event: MailingEvent, reason: StatusReason | null, asStored = false, beforeRun?: () => void): Promise<MailingRecord> {
    const current = storage.get(id);
    if (!current) throw notFound('mailing', `"${id}"`);
    const fault = faults.get(id);
    if (fault?.kind === 'corrupt' && (event === 'resume' || event === 'retry' || event === 'start')) {
      throw conflict('ledger_corrupt', fault.reason.message, { messageRu: fault.reason.messageRu });
    }
    const from = asStored ? current.status : faults.effectiveStatus(current);
    const status = nextStatus(from, current.launchType, event);
    const change: StatusChange = { from: current.status, to: status, statusReason: reason, updatedAt: iso() };
    if (event === 'launch' || event === 'start') change.launchedAt = current.launchedAt ?? iso();
    if (hasEnded(status)) change.finishedAt = iso();
    if (event === 'retry') change.finishedAt = null;
    // No batch leaves while the step is being written; if the write fails, the run goes on as before.
    const wasRunning = runs.isRunning(id);
    if (status !== 'running') runs.stop(id);
    let updated: MailingRecord;
    try {
      updated = await storage.setStatus(id, change);
    } catch (error) {
      if (wasRunning) runs.start(current);
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
    if (status === 'running') runs.start(updated);
    if (hasEnded(status)) runs.ended(id);
    logger.info(`mailing ${id} "${updated.name}": ${from} → ${status}${reason ? ` (${reason.message})` : ''}`);
    return updated;
  }

  /** The step the engine took by itself, in the audit log: the scheduler's start or hold, the engine's pause or finish. */
  function recordOwn(updated: MailingRecord, event: MailingEvent, from: string, reason: StatusReason | null): void {
    const user = event === 'start' || event === 'hold' ? 'system:scheduler' : 'system:engine';
    const details = { from, to: updated.status, ...(reason ? { reason: reason.code } : {}) };
    deps.audit.record({ user, action: `mailing ${event}`, target: { id: updated.id }, details });
  }

  /** Stops sending at once and writes down `event` (a pause with the fault's reason unless told otherwise) as soon as the disk lets it. */
  function haltFor(id: string, fault: Fault, event: MailingEvent = 'pause', reason: StatusReason | null = fault.reason): void {
    runs.stop(id);
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
        const current = storage.get(id);
        if (!current || faults.get(id) !== fault) return true;
        const from = current.status;
        if (canHappen(from, event)) recordOwn(await apply(id, event, reason, true), event, from, reason);
        if (fault.kind === 'storage') faults.delete(id);
        return true;
      }).catch((error: unknown) => {
        if (error instanceof StorageError) return false;
        logger.error(`mailing ${id}: ${(error as Error).message}`);
        return true;
      });
      if (!written) void sleep(clock, PERSIST_RETRY_MS).then(attempt);
    };
    void sleep(clock, 0).then(attempt);
  }

  return {
    /** A person's (or the launch's) step; `beforeRun` runs once the new status is on disk, before sending starts. */
    transition(mailing: MailingRecord, event: MailingEvent, reason: StatusReason | null = null, beforeRun?: () => void): Promise<MailingRecord> {
      return enqueue(mailing.id, () => apply(mailing.id, event, reason, false, beforeRun));
    },

    /**
     * For what the engine itself raises (pause on an error, finish, the scheduler's start): a person
     * may have acted first. When the disk refuses the status write, the mailing is halted and the step is written later.
     */
    async ifPossible(id: string, event: MailingEvent, reason: StatusReason | null = null): Promise<MailingRecord | null> {
      try {
        return await enqueue(id, async () => {
          const current = storage.get(id);
          const from = current && faults.effectiveStatus(current);
          if (!from || !canHappen(from, event)) return null;
          const updated = await apply(id, event, reason);
          recordOwn(updated, event, from, reason);
          return updated;
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
    },

    haltFor,

    /** A mailing whose recipients cannot be read is set aside: it sends nothing, and a running or scheduled one is halted on disk. */
    quarantine(mailing: MailingRecord, error: CorruptDataError): void {
      const fault: Fault = { kind: 'corrupt', reason: corruptReason(error) };
      logger.error(`mailing ${mailing.id}: ${fault.reason.message}`);
      faults.set(mailing.id, fault);
      const event = haltEventFor(mailing.status);
      if (event) persistLater(mailing.id, fault, event, fault.reason);
    },

    stop(): void {
      stopping = true;
    },
  };
}
