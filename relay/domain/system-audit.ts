import type { AuditValue, SystemActor } from '../../shared/audit';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { AuditLog } from '../store/audit-log';
import { StorageError } from '../store/storage-error';
import { auditValues, TARGET_CHARS, TEXT_CHARS } from './audit-text';

/** A change of data made without an API request: who (the relay's part, or the CLI), what, on what. */
export interface SystemChange {
  user: SystemActor;
  /** What was done, in words: "stop-list add", "consent withdraw", "mailing pause", "token create". */
  action: string;
  target: Record<string, string>;
  details?: Record<string, AuditValue>;
}

export interface SystemAudit {
  /**
   * For a change that may as well not happen (a reply's STOP, a number pulled from the provider, a CLI
   * token): its beginning is on disk before it is made, so a disk that refuses it refuses the change (the
   * StorageError is thrown, nothing done); its outcome after — 200, or the failure — with what `noted`
   * reads from the result.
   */
  around<T>(change: SystemChange, work: () => Promise<T>, noted?: (result: T) => Pick<SystemChange, 'target' | 'details'>): Promise<T>;
  /**
   * For a change that must not wait for the log (the engine's own start, pause, finish): written whole
   * once made; an entry the disk refuses waits for the next write of the log and is logged, never thrown.
   */
  record(change: SystemChange): void;
}

const failedStatus = (error: unknown): number => (error instanceof StorageError ? 503 : 500);

/** The audit log as the relay's own changes and the CLI write to it (role "system", no token, no site). */
export function createSystemAudit(deps: { audit: Pick<AuditLog, 'begin' | 'end' | 'record'>; clock: Clock; logger: Logger }): SystemAudit {
  const { audit, logger } = deps;
  const beginningOf = (change: SystemChange) => ({
    at: new Date(deps.clock.now()).toISOString(),
    user: change.user,
    role: 'system' as const,
    tokenId: null,
    action: change.action,
    target: auditValues(change.target, TARGET_CHARS),
    site: null,
  });
  const details = (values: Record<string, AuditValue> | undefined) => auditValues(values, TEXT_CHARS);

  function end(n: number, change: SystemChange, status: number, noted: Pick<SystemChange, 'target' | 'details'> = { target: {} }): void {
    try {
      audit.end(n, { status, target: auditValues(noted.target, TARGET_CHARS), details: details({ ...change.details, ...noted.details }) });
    } catch (error) {
      logger.error(`audit log: the outcome of entry ${n} (${change.user} ${change.action}) waits for the disk: ${(error as Error).message}`);
    }
  }

  return {
    async around(change, work, noted) {
      const n = audit.begin(beginningOf(change));
      let result;
      try {
        result = await work();
      } catch (error) {
        end(n, change, failedStatus(error), { target: {}, details: { error: (error as Error).message } });
        throw error;
      }
      end(n, change, 200, noted?.(result));
      return result;
    },

    record(change) {
      try {
        audit.record({ ...beginningOf(change), status: 200, details: details(change.details) });
      } catch (error) {
        logger.error(`audit log: ${change.user} ${change.action} ${JSON.stringify(change.target)} waits for the disk: ${(error as Error).message}`);
      }
    },
  };
}

/** For a change an API request makes: the request's own entry says it. */
export const coveredByRequest: SystemAudit = {
  around: (_change, work) => work(),
  record: () => {},
};
