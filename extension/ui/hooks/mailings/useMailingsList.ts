import { useCallback, useEffect, useState } from 'preact/hooks';
import { isLive } from '../../../../shared/lifecycle';
import type { MailingView } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';

/** The registry (S3): every mailing, refreshed every few seconds while one of them is running. */
export function useMailingsList(pollMs = 3000) {
  const [mailings, setMailings] = useState<MailingView[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  const load = useCallback(async () => {
    const result = await ask('listMailings', {});
    if (result.ok) {
      setMailings(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
  }, []);

  useEffect(() => void load(), [load]);

  const active = mailings?.some((m) => isLive(m.status)) ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void load(), pollMs);
    return () => clearInterval(timer);
  }, [active, load, pollMs]);

  return { mailings, error, refresh: load };
}
