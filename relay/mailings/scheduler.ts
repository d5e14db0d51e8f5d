import type { EngineClock } from '../clock';
import type { Logger } from '../logger';
import type { MailingStorage } from '../store/mailing-storage';
import type { EngineConfig } from './engine-config';
import type { Faults, StatusReason } from './faults';
import { statusesWhere, type MailingEvent } from './lifecycle';

export interface SchedulerDeps {
  storage: Pick<MailingStorage, 'dueMailings'>;
  clock: EngineClock;
  logger: Logger;
  config: Pick<EngineConfig, 'startGraceMs' | 'tickMs'>;
  faults: Pick<Faults, 'has'>;
  /** Raises an event the lifecycle may refuse (a person acted first). */
  raise(mailingId: string, event: MailingEvent, reason?: StatusReason): Promise<unknown>;
}

/** Where the scheduler looks: the mailings a start can happen to. */
const STARTABLE = statusesWhere('start');

/** The scheduler: deferred mailings start at their time, or wait for a human if it passed long ago (the relay was down). */
export function createScheduler(deps: SchedulerDeps) {
  const { storage, clock, logger, config } = deps;
  let cancel: (() => void) | undefined;
  let stopped = false;

  async function tick(): Promise<void> {
    const at = clock.now();
    for (const mailing of storage.dueMailings(at, STARTABLE)) {
      if (deps.faults.has(mailing.id)) continue;
      const late = at - Date.parse(mailing.startAt!);
      if (late > config.startGraceMs) {
        const minutes = Math.round(late / 60_000);
        await deps.raise(mailing.id, 'hold', {
          code: 'missed_start',
          message: `The start time passed ${minutes} min ago while the relay was not running; resume it to send now`,
          messageRu: `Время начала прошло ${minutes} мин назад, когда сервер не работал; возобновите рассылку, чтобы отправить сейчас`,
        });
      } else {
        await deps.raise(mailing.id, 'start');
      }
    }
  }

  const every = async (): Promise<void> => {
    await tick().catch((error: unknown) => logger.error(`scheduler: ${(error as Error).message}`));
    if (!stopped) cancel = clock.after(config.tickMs, () => void every());
  };

  return {
    tick,
    /** A first tick now, then one every tickMs, one at a time. */
    async start(): Promise<void> {
      await tick();
      if (!stopped) cancel = clock.after(config.tickMs, () => void every());
    },
    stop(): void {
      stopped = true;
      cancel?.();
    },
  };
}
