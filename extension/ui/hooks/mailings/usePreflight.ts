import { useEffect, useState } from 'preact/hooks';
import type { PreflightView } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';

/** What a launch would do now (GET /api/mailings/:id/preflight), reloaded when `version` changes. */
export function usePreflight(mailingId: string | null, version: string) {
  const [preflight, setPreflight] = useState<PreflightView | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  useEffect(() => {
    if (!mailingId) return;
    let current = true;
    void ask('preflight', { id: mailingId }).then((result) => {
      if (!current) return;
      setPreflight(result.ok ? result.value : null);
      setError(result.ok ? null : result.error);
    });
    return () => void (current = false);
  }, [mailingId, version]);
  return { preflight, error };
}
