import { existsSync } from 'node:fs';
import type { MessageView } from '../../shared/api';
import type { MailingCounters, MailingStatus, RecipientState } from '../../shared/mailings';
import { PROVIDER_ERRORS } from '../../shared/provider-errors';
import { templateContextFor } from '../../shared/macros';
import { countSegments } from '../../shared/segments';
import type { MessageStatus } from '../../shared/status';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ProviderError } from '../providers/provider-error';
import type { ProviderRegistry } from '../providers/registry';
import type { SmsProvider, StatusUpdate } from '../providers/types';
import type { MailingRecord } from '../store/mailings';
import type { Store } from '../store/store';
import type { EngineConfig } from './engine-config';
import { ErrorRate } from './error-rate';
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
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const places = new RecipientIndex();
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

  function transition(mailing: MailingRecord, event: MailingEvent, reason: StatusReason | null = null): Promise<MailingRecord> {
    return enqueue(mailing.id, () => applyTransition(mailing.id, event, reason));
  }

  /** For what the engine itself raises (pause on an error, finish): a person may have acted first. */
  function transitionIfPossible(id: string, event: MailingEvent, reason: StatusReason | null = null): Promise<MailingRecord | null> {
    return enqueue(id, async () => {
      const current = store.mailings.get(id);
      return current && canHappen(current.status, event) ? applyTransition(id, event, reason) : null;
    });
  }

  function enqueue<T>(id: string, step: () => Promise<T>): Promise<T> {
    const next = (transitionQueues.get(id) ?? Promise.resolve()).catch(() => undefined).then(step);
    transitionQueues.set(id, next);
    return next;
  }

  async function applyTransition(id: string, event: MailingEvent, reason: StatusReason | null): Promise<MailingRecord> {
    const current = store.mailings.get(id);
    if (!current) throw new ApiError(404, 'not_found', `No mailing "${id}"`);
    const from = current.status;
    const status = nextStatus(from, current.launchType, event);
    const patch: Partial<MailingRecord> = { status, statusReason: reason, updatedAt: iso() };
    if (event === 'launch' || event === 'start') patch.launchedAt = current.launchedAt ?? iso();
    if (status === 'finished' || status === 'cancelled') patch.finishedAt = iso();
    if (event === 'retry') patch.finishedAt = null;
    // The run follows the new status before anything is awaited, so no other step sees a stale run.
    if (status !== 'running') stopRun(id);
    const updated = await store.mailings.update(id, patch);
    if (status === 'running') startRun(updated);
    if (status === 'finished' || status === 'cancelled') ledgers.get(id)?.compact();
    logger.info(`mailing ${id} "${updated.name}": ${from} → ${status}${reason ? ` (${reason.message})` : ''}`);
    return updated;
  }

  function startRun(mailing: MailingRecord): void {
    if (runs.has(mailing.id)) return;
    const ledger = ledgers.get(mailing.id);
    const provider = providers.get(mailing.provider as SmsProvider['id']) ?? providers.active;
    if (!ledger) return;
    const run: Run = {
      mailingId: mailing.id, ledger, provider, queue: ledger.indicesIn(['queued']), cursor: 0, retryAt: new Map(),
      inFlight: 0, errors: new ErrorRate(config.errorRateWindow), stopped: false, held: 0,
    };
    runs.set(mailing.id, run);
    void loop(run).catch((error: unknown) => logger.error(`mailing ${mailing.id}: send loop failed: ${(error as Error).stack ?? error}`));
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
      run.ledger.record(sendable.map((i) => ({ i, s: 'sending' as const })), now());
      run.inFlight++;
      void sendBatch(run, sendable).finally(() => run.inFlight--);
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
    const messages = ledger.recipients.getMany(batch).map((r) => ({ to: r.phone!, text: r.text! }));
    let outcomes;
    try {
      outcomes = await provider.send(messages);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
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
    if (stop) await pauseFor(run, stop);
    else if (run.errors.exceeds(config.errorRateThreshold)) await pauseForErrorRate(run);
  }

  /** The whole request failed: nothing went (back to the queue), or it may have gone (unknown). */
  async function settleFailedRequest(run: Run, batch: number[], error: ProviderError): Promise<void> {
    if (error.outcomeUnknown) {
      run.ledger.record(batch.map((i) => ({ i, s: 'unknown' as const, e: error.message })), now());
      return;
    }
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
  }

  /** The scheduler: deferred mailings start at their time, or wait for a human if it passed long ago. */
  async function tick(): Promise<void> {
    const at = now();
    for (const mailing of store.mailings.all()) {
      if (mailing.status !== 'scheduled' || !mailing.startAt) continue;
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

  return {
    /** Opens every ledger, settles what a crash left in flight, resumes running mailings, starts the scheduler. */
    async start(options: { scheduler: boolean } = { scheduler: true }): Promise<{ lostInFlight: number }> {
      let lostInFlight = 0;
      for (const mailing of store.mailings.all()) {
        const dir = store.mailingDir(mailing.id);
        if (!existsSync(dir) || !RecipientLedger.exists(dir)) continue;
        const ledger = RecipientLedger.open(dir);
        const inFlight = ledger.indicesIn(['sending']);
        ledger.record(inFlight.map((i) => ({ i, s: 'unknown' as const, e: 'The relay stopped while handing this message to the provider; it may have been sent' })), now());
        lostInFlight += inFlight.length;
        ledgers.set(mailing.id, ledger);
        places.addLedger(mailing.id, ledger);
      }
      for (const mailing of store.mailings.all()) if (mailing.status === 'running') startRun(mailing);
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
      clearTimeout(schedulerTimer);
      for (const id of [...runs.keys()]) stopRun(id);
      for (const ledger of ledgers.values()) ledger.close();
    },

    tick,
    transition,

    /** A writer for a mailing's ledger (at launch): the frozen audience goes in as it is rendered. */
    ledgerWriter: (mailingId: string): LedgerWriter => RecipientLedger.writer(store.mailingDir(mailingId)),

    /** Takes a finished ledger into use. */
    adoptLedger(mailingId: string, ledger: RecipientLedger): void {
      ledgers.get(mailingId)?.close();
      ledgers.set(mailingId, ledger);
      places.addLedger(mailingId, ledger);
    },

    ledger: (mailingId: string) => ledgers.get(mailingId),

    counters(mailingId: string): MailingCounters {
      const ledger = ledgers.get(mailingId);
      const held = runs.get(mailingId)?.held ?? 0;
      return ledger
        ? ledger.counters(held)
        : { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, unknown: 0, skipped: { do_not_use_sms: 0, no_phone: 0, invalid_phone: 0, duplicate_phone: 0 }, held: 0 };
    },

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

    /** Puts failed and unknown recipients back in the queue (a person asked). */
    async retry(mailing: MailingRecord): Promise<MailingRecord> {
      const ledger = ledgers.get(mailing.id);
      nextStatus(mailing.status, mailing.launchType, 'retry');
      const again = ledger ? ledger.indicesIn(['failed', 'unknown']) : [];
      ledger?.record(again.map((i) => ({ i, s: 'queued' as const })), now());
      return transition(mailing, 'retry');
    },

    /** Delivery reports for mailing messages; returns how many recipients changed. */
    applyStatusUpdates(updates: StatusUpdate[]): number {
      const perMailing = new Map<string, LedgerChange[]>();
      for (const update of updates) {
        const where = places.byProviderMessageId(update.providerMessageId);
        if (!where) continue;
        const ledger = ledgers.get(where.mailingId)!;
        const current = ledger.state(where.index);
        const next: RecipientState | null = update.status === 'delivered' ? 'delivered' : update.status === 'failed' ? 'failed' : null;
        if (!next || !(current === 'sent' || current === 'unknown')) continue;
        const change: LedgerChange = { i: where.index, s: next };
        if (update.cost !== undefined) change.c = update.cost;
        if (next === 'failed') change.e = update.errorText ?? `not delivered (${update.providerStatus ?? ''})`;
        const changes = perMailing.get(where.mailingId);
        if (changes) changes.push(change);
        else perMailing.set(where.mailingId, [change]);
      }
      let changed = 0;
      for (const [mailingId, changes] of perMailing) {
        ledgers.get(mailingId)!.record(changes, now());
        changed += changes.length;
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
      return ids;
    },

    /** A contact's mailing messages as the sent-SMS list shows them. */
    messagesForContact(crmId: string): MessageView[] {
      const views: MessageView[] = [];
      for (const { mailingId, index } of places.ofContact(crmId)) {
        const mailing = store.mailings.get(mailingId);
        const ledger = ledgers.get(mailingId);
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

/** Russian providers bill in roubles; Twilio says its currency with each price. */
const providerCurrency = (providerId: string): string | null => (providerId === 'twilio' ? null : 'RUB');
