import { useEffect, useState } from 'preact/hooks';
import type { MailingStats, UnknownResolution } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';
import type { Result, UiError } from '../../../messaging/protocol';

interface Deps {
  /** Sends the retry (POST retry) as the stats hook does for every action; `event` is the user's click. */
  retry(event: Event): Promise<void>;
  /** Fetches the stats again: asking the provider moves recipients out of "unknown". */
  reload(): Promise<void>;
}

/**
 * A mailing's recipients of unknown fate: asking the provider what became of them (where it can tell),
 * and a retry that, while some stay unresolved, asks the person first — they may get the message twice.
 */
export function useUnknownRecipients(id: string | null, stats: MailingStats | null, deps: Deps) {
  const [resolution, setResolution] = useState<UnknownResolution | null>(null);
  const [resolving, setResolving] = useState(false);
  /** How many are still unknown while the retry waits for a yes; null when it does not. */
  const [confirmingRetry, setConfirmingRetry] = useState<number | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    setResolution(null);
    setConfirmingRetry(null);
    setError(null);
  }, [id]);

  async function resolve(): Promise<Result<UnknownResolution> | null> {
    if (!id) return null;
    setResolving(true);
    setError(null);
    const result = await ask('resolveUnknown', { id });
    setResolving(false);
    if (!result.ok) {
      setError(result.error);
      return result;
    }
    setResolution(result.value);
    await deps.reload();
    return result;
  }

  async function retry(event: Event): Promise<void> {
    if (!stats || stats.counters.unknown === 0) return deps.retry(event);
    setConfirmingRetry(null);
    let unresolved = stats.counters.unknown;
    let failed = stats.counters.failed;
    if (stats.unknownLookup) {
      // When the provider cannot be asked now, its error shows and all of them count as unresolved.
      const asked = await resolve();
      if (asked?.ok) {
        unresolved = asked.value.unresolved;
        failed += asked.value.notSent;
      }
    }
    if (unresolved > 0) return setConfirmingRetry(unresolved);
    // The provider had every one of them: nothing left to send unless something had failed.
    if (failed > 0) return deps.retry(event);
  }

  return {
    resolution,
    resolving,
    confirmingRetry,
    error,
    resolve: async () => void (await resolve()),
    retry,
    async confirmRetry(event: Event): Promise<void> {
      setConfirmingRetry(null);
      setError(null);
      await deps.retry(event);
    },
    keep: () => setConfirmingRetry(null),
  };
}

export type UnknownRecipientsState = ReturnType<typeof useUnknownRecipients>;
