import type { EngineClock } from '../clock';
import type { SystemAudit } from '../domain/system-audit';
import type { Logger } from '../logger';
import type { ProviderRegistry } from '../providers/registry';
import type { StatusUpdate } from '../providers/types';
import type { MailingStorage } from '../store/mailing-storage';
import type { MailingRecord } from '../store/mailings';
import { StorageError } from '../store/storage-error';
import type { StopList } from './skip-reason';
import type { ConsentCheck } from './advertising-consent';
import { createDeliveryReports } from './delivery-reports';
import { createDispatcher, type Dispatcher } from './dispatcher';
import type { EngineConfig } from './engine-config';
import { Faults, storageReason } from './faults';
import { hasEnded, nextStatus } from './lifecycle';
import { createMailingFigures } from './mailing-figures';
import { createScheduler } from './scheduler';
import { createBatchSender } from './send-batch';
import { createTransitions, type Transitions } from './transitions';
import { createUnknownLookups } from './unknown-lookups';

export interface MailingEngineDeps {
  storage: MailingStorage;
  /** The directory's do-not-use-SMS flags, checked again as each batch goes. */
  contacts: { doNotUseSms(crmId: string): boolean | null | undefined };
  /** The stop list, asked again for each recipient as its batch goes. */
  stopList: StopList;
  /** Consents to advertising, checked again as each batch of an advertising mailing goes. */
  consents: ConsentCheck;
  /**
   * A number the provider refused because its owner opted out there (Twilio's 21610; `words` the refusal):
   * it goes on the relay's stop list (source "provider"). Absent: only the recipient is skipped.
   */
  optedOutAtProvider?(providerId: string, phone: string, words: string): Promise<unknown>;
  providers: ProviderRegistry;
  clock: EngineClock;
  logger: Logger;
  config: EngineConfig;
  /** Where the engine's own steps are recorded: the scheduler's starts, its pauses and finishes. */
  audit: Pick<SystemAudit, 'record'>;
}

/**
 * Runs mailings, composed of its parts: transitions (the one writer of a mailing's status), the
 * dispatcher (send loops), the scheduler (deferred starts), unknown lookups, delivery reports and
 * figures. It freezes nothing itself (a launch does, through the storage) and keeps nothing but
 * through its storage.
 */
export class MailingEngine {
  private readonly faults = new Faults();
  private readonly dispatcher: Dispatcher;
  private readonly transitions: Transitions;
  private readonly scheduler: ReturnType<typeof createScheduler>;
  private readonly unknowns: ReturnType<typeof createUnknownLookups>;
  private readonly reports: ReturnType<typeof createDeliveryReports>;
  private readonly figures: ReturnType<typeof createMailingFigures>;
  private stopping = false;

  constructor(private readonly deps: MailingEngineDeps) {
    const { storage, providers, clock, logger, config } = deps;
    const faults = this.faults;
    this.figures = createMailingFigures({ storage, held: (id) => this.dispatcher.held(id) });
    this.unknowns = createUnknownLookups({ storage, providers, clock, logger, config });
    this.reports = createDeliveryReports({ storage, clock, logger });
    this.transitions = createTransitions({
      storage,
      clock,
      logger,
      faults,
      audit: deps.audit,
      runs: {
        start: (mailing) => this.dispatcher.start(mailing),
        stop: (id) => this.dispatcher.stop(id),
        isRunning: (id) => this.dispatcher.isRunning(id),
        ended: (id) => void this.retireWhenSettled(id),
      },
    });
    const sender = createBatchSender({
      storage,
      clock,
      config,
      learnCurrency: this.figures.learnCurrency,
      optedOutAtProvider: async (providerId, phone, error) => deps.optedOutAtProvider?.(providerId, phone, error.message),
      pause: (id, reason) => this.transitions.ifPossible(id, 'pause', reason),
    });
    this.dispatcher = createDispatcher({
      storage,
      contacts: deps.contacts,
      stopList: deps.stopList,
      consents: deps.consents,
      providers,
      clock,
      logger,
      config,
      faults,
      sender,
      halt: (id, fault) => this.transitions.haltFor(id, fault),
      finish: async (id) => {
        await this.transitions.ifPossible(id, 'finish');
        this.unknowns.lookUpLater(id);
      },
    });
    this.scheduler = createScheduler({ storage, clock, logger, config, faults, raise: (id, event, reason) => this.transitions.ifPossible(id, event, reason) });
  }

  /** Opens every mailing's recipients, settles what a crash left in flight, resumes running mailings, starts the scheduler. */
  async start(options: { scheduler: boolean } = { scheduler: true }): Promise<{ lostInFlight: number }> {
    const { storage, clock } = this.deps;
    const { opened, corrupt } = storage.open();
    // One damaged ledger sets its mailing aside; the relay and every other mailing go on.
    for (const { mailingId, error } of corrupt) this.transitions.quarantine(storage.get(mailingId)!, error);
    let lostInFlight = 0;
    for (const { mailingId, sending } of opened) {
      const mailing = storage.get(mailingId)!;
      lostInFlight += sending.length;
      try {
        storage.record(
          mailingId,
          sending.map((i) => ({ i, s: 'unknown' as const, e: 'The relay stopped while handing this message to the provider; it may have been sent' })),
          clock.now(),
        );
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        if (mailing.status === 'running') this.transitions.haltFor(mailingId, { kind: 'storage', reason: storageReason(error) });
      }
      if (hasEnded(mailing.status)) storage.archive(mailingId);
    }
    for (const mailing of storage.list()) if (mailing.status === 'running' && !this.faults.has(mailing.id)) this.dispatcher.start(mailing);
    for (const mailing of storage.list()) if (mailing.status !== 'running' && !this.faults.has(mailing.id)) this.unknowns.lookUpLater(mailing.id);
    if (options.scheduler) await this.scheduler.start();
    return { lostInFlight };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.scheduler.stop();
    this.transitions.stop();
    this.unknowns.stop();
    await this.dispatcher.stopAll();
    this.deps.storage.close();
  }

  /** A cancelled mailing may still have requests at the provider: their outcomes go in first, then it is archived. */
  private async retireWhenSettled(id: string): Promise<void> {
    await this.dispatcher.settled(id);
    const mailing = this.deps.storage.get(id);
    if (!this.stopping && mailing && hasEnded(mailing.status)) this.deps.storage.archive(id);
  }

  tick = (): Promise<void> => this.scheduler.tick();
  transition: Transitions['transition'] = (...args) => this.transitions.transition(...args);

  /**
   * Puts failed and unknown recipients back in the queue (a person asked). The queue change is on
   * disk before the status; if the status cannot be written, they go back to what they were.
   */
  async retry(mailing: MailingRecord): Promise<MailingRecord> {
    const { storage, clock } = this.deps;
    if (this.faults.isCorrupt(mailing.id)) return this.transition(mailing, 'retry');
    nextStatus(this.faults.effectiveStatus(mailing), mailing.launchType, 'retry');
    storage.unarchive(mailing.id);
    // Written after the status and before the run starts: a crash in between leaves them as they were.
    const requeue = () =>
      storage.commit(
        mailing.id,
        storage.recipientsIn(mailing.id, ['failed', 'unknown']).map((i) => ({ i, s: 'queued' as const })),
        clock.now(),
      );
    return this.transition(mailing, 'retry', null, requeue);
  }

  /** The mailing as it stands now: halted by a fault, it is paused with the fault's reason whatever its record still says. */
  current = (mailing: MailingRecord): MailingRecord => this.faults.current(mailing);
  counters = (mailingId: string) => this.figures.counters(mailingId);
  totals = (mailingId: string) => this.figures.totals(mailingId);
  currency = (mailingId: string) => this.figures.currency(mailingId);
  messagesForContact = (crmId: string) => this.figures.messagesForContact(crmId);
  resolveUnknown = (mailingId: string) => this.unknowns.resolve(mailingId);
  /** Delivery reports for mailing messages; returns how many recipients changed. */
  applyStatusUpdates = (updates: StatusUpdate[]): number => this.reports.apply(updates);
  pendingProviderIds = (providerId: string) => this.reports.pendingProviderIds(providerId);
  isRunning = (mailingId: string): boolean => this.dispatcher.isRunning(mailingId);
}
