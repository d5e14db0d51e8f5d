import { PROVIDER_ERRORS } from '../../shared/provider-errors';
import type { Clock } from '../clock';
import { ProviderError } from '../providers/provider-error';
import type { MailingStorage, RecipientChange, StoredRecipient } from '../store/mailing-storage';
import type { EngineConfig } from './engine-config';
import type { StatusReason } from './faults';
import { referenceFor, type Run } from './run';

export interface BatchSenderDeps {
  storage: MailingStorage;
  clock: Clock;
  config: Pick<EngineConfig, 'concurrency' | 'maxAttempts' | 'retryBaseMs' | 'errorRateThreshold' | 'errorRateWindow'>;
  /** The engine pauses the mailing (unless a person acted first). */
  pause(mailingId: string, reason: StatusReason): Promise<unknown>;
  /** The provider said which currency it bills this mailing in. */
  learnCurrency(mailingId: string, currency: string): void;
  /** The provider refused a number because its owner opted out there (Twilio's 21610): it goes on the relay's stop list. */
  optedOutAtProvider(providerId: string, phone: string, error: ProviderError): Promise<unknown>;
}

/**
 * Hands one claimed batch to the provider and journals what became of each recipient: sent, failed,
 * back in the queue for a retry, or unknown (it may have gone). Pauses the mailing when the provider
 * says to stop, when too many fail, or when its answers keep leaving everyone unknown.
 */
export function createBatchSender(deps: BatchSenderDeps) {
  const { storage, clock, config } = deps;
  const now = () => clock.now();

  async function send(run: Run, claimed: StoredRecipient[]): Promise<void> {
    const batch = claimed.map((r) => r.index);
    const messages = claimed.map((r) => ({ to: r.phone!, text: r.text!, ref: referenceFor(run.mailingId, r.index) }));
    let outcomes;
    try {
      outcomes = await run.provider.send(messages);
    } catch (error) {
      if (!(error instanceof ProviderError)) {
        // An adapter that failed unexpectedly may have sent: unknown, never a batch stuck "sending".
        storage.record(
          run.mailingId,
          batch.map((i) => ({ i, s: 'unknown' as const, e: `The relay failed while sending (${(error as Error).message})` })),
          now(),
        );
        throw error;
      }
      return settleFailedRequest(run, batch, error);
    }
    const changes: RecipientChange[] = [];
    const optedOut: { phone: string; error: ProviderError }[] = [];
    let stop: ProviderError | null = null;
    outcomes.forEach((outcome, k) => {
      const i = batch[k]!;
      if (outcome.ok) {
        const change: RecipientChange = { i, s: 'sent', p: outcome.providerMessageId };
        if (outcome.cost !== undefined) change.c = outcome.cost;
        if (outcome.currency) deps.learnCurrency(run.mailingId, outcome.currency);
        changes.push(change);
        run.errors.add(false);
        return;
      }
      const error = outcome.error;
      if (error.code === 'opted_out' && !error.outcomeUnknown) {
        // Not sent, and never will be while the person is opted out: skipped as a listed number is, not failed.
        changes.push({ i, s: 'skipped', e: 'stop_list' });
        optedOut.push({ phone: claimed[k]!.phone!, error });
      } else if (error.outcomeUnknown) changes.push({ i, s: 'unknown', e: error.message });
      else if (error.errorClass === 'stop') {
        changes.push({ i, s: 'queued' });
        stop = error;
      } else if (error.errorClass === 'retryable') changes.push(retryOrFail(run, i, error));
      else {
        changes.push({ i, s: 'failed', e: error.message });
        run.errors.add(true);
      }
    });
    storage.record(run.mailingId, changes, now());
    storage.housekeep(run.mailingId);
    for (const { phone, error } of optedOut) await deps.optedOutAtProvider(run.provider.id, phone, error);
    const ambiguous = changes.every((change) => change.s === 'unknown');
    if (stop) await pauseFor(run, stop);
    else if (ambiguous) await noteAmbiguousAnswer(run, outcomes.find((o) => !o.ok)?.error);
    else {
      run.ambiguousInARow = 0;
      if (run.errors.exceeds(config.errorRateThreshold)) await pauseForErrorRate(run);
    }
  }

  /** The whole request failed: nothing went (back to the queue), or it may have gone (unknown). */
  async function settleFailedRequest(run: Run, batch: number[], error: ProviderError): Promise<void> {
    if (error.outcomeUnknown) {
      storage.record(
        run.mailingId,
        batch.map((i) => ({ i, s: 'unknown' as const, e: error.message })),
        now(),
      );
      return noteAmbiguousAnswer(run, error);
    }
    run.ambiguousInARow = 0;
    if (error.errorClass === 'stop') {
      storage.record(
        run.mailingId,
        batch.map((i) => ({ i, s: 'queued' as const })),
        now(),
      );
      return pauseFor(run, error);
    }
    if (error.errorClass === 'retryable') {
      storage.record(
        run.mailingId,
        batch.map((i) => retryOrFail(run, i, error)),
        now(),
      );
    } else {
      storage.record(
        run.mailingId,
        batch.map((i) => ({ i, s: 'failed' as const, e: error.message })),
        now(),
      );
      batch.forEach(() => run.errors.add(true));
    }
    if (run.errors.exceeds(config.errorRateThreshold)) await pauseForErrorRate(run);
  }

  /** Back in the queue after a growing delay, or failed once it had its tries. */
  function retryOrFail(run: Run, i: number, error: ProviderError): RecipientChange {
    const attempts = storage.glance(run.mailingId, i)?.attempts ?? 0;
    if (attempts >= config.maxAttempts) {
      run.errors.add(true);
      return { i, s: 'failed', e: `${error.message} (after ${attempts} tries)` };
    }
    run.retryAt.set(i, now() + config.retryBaseMs * 2 ** (attempts - 1));
    run.queue.push(i);
    return { i, s: 'queued' };
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
    await deps.pause(run.mailingId, {
      code: 'ambiguous_answers',
      message: `The last ${run.ambiguousInARow} requests got answers that do not say whether the provider sent${detail}; paused before more recipients end "unknown"`,
      messageRu: `На последние ${run.ambiguousInARow} запроса оператор ответил так, что неясно, ушли ли сообщения${detail}; рассылка приостановлена, чтобы больше получателей не осталось с неизвестным статусом`,
    });
  }

  const pauseFor = (run: Run, error: ProviderError) =>
    deps.pause(run.mailingId, { code: error.code, message: error.message, messageRu: PROVIDER_ERRORS[error.code].ru }).then(() => undefined);

  async function pauseForErrorRate(run: Run): Promise<void> {
    const share = Math.round(run.errors.share * 100);
    await deps.pause(run.mailingId, {
      code: 'error_rate',
      message: `${share}% of the latest ${config.errorRateWindow} messages failed; paused so a person can look`,
      messageRu: `${share}% последних ${config.errorRateWindow} сообщений не ушли; рассылка приостановлена для проверки`,
    });
  }

  return { send };
}
