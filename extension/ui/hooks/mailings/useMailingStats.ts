import { useCallback, useEffect, useState } from 'preact/hooks';
import { isLive, SENDING_ACTIONS, showsAnalytics, type MailingAction } from '../../../../shared/lifecycle';
import type { MailingStats, MailingView } from '../../../../shared/mailings';
import type { Language } from '../../../i18n/texts';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import { csvFileName, downloadText } from '../../mailings/download';
import { isUserGesture } from '../../user-gesture';

/**
 * Analytics (S10) of a launched mailing: its stats, polled every `pollMs` while it runs (or waits for
 * its start) and every 3 × `pollMs` while delivery reports are still due; pause / resume / cancel /
 * retry; the per-recipient CSV saved as a file, in the UI's language with dates in this browser's time zone.
 */
export function useMailingStats(mailing: MailingView | null, onMailing: (next: MailingView) => void, pollMs = 1000) {
  const [stats, setStats] = useState<MailingStats | null>(null);
  // Apart, so that the next good poll does not wipe out why an action was refused.
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [actionError, setActionError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState<MailingAction | 'csv' | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const id = mailing?.id ?? null;
  const status = mailing?.status ?? 'draft';

  const load = useCallback(async () => {
    if (!id) return;
    const result = await ask('mailingStats', { id });
    if (!result.ok) return setLoadError(result.error);
    setLoadError(null);
    setStats(result.value);
    // The relay moved it on (finished, paused by itself): fetch the whole mailing once.
    if (result.value.status !== status) {
      const fresh = await ask('getMailing', { id });
      if (fresh.ok) onMailing(fresh.value);
    }
  }, [id, status]);

  // Once everything is handed over, delivery reports still come in: keep asking, less often.
  const counters = stats?.counters;
  const awaitingReports = Boolean(counters && counters.queued + counters.sending + counters.sent > 0);
  const every = isLive(status) ? pollMs : awaitingReports && status !== 'cancelled' ? pollMs * 3 : 0;

  useEffect(() => {
    if (!id || !showsAnalytics(status)) return;
    void load();
  }, [id, status, load]);

  useEffect(() => {
    if (!id || every === 0) return;
    const timer = setInterval(() => void load(), every);
    return () => clearInterval(timer);
  }, [id, every, load]);

  async function act(action: MailingAction, event?: Event): Promise<void> {
    if (!id || (SENDING_ACTIONS.includes(action) && !isUserGesture(event))) return;
    setBusy(action);
    setConfirmingCancel(false);
    const result = await ask('mailingAction', { id, action });
    setBusy(null);
    if (!result.ok) return setActionError(result.error);
    setActionError(null);
    onMailing(result.value);
  }

  return {
    stats,
    error: actionError ?? loadError,
    busy,
    confirmingCancel,
    act,
    reload: load,
    askCancel: () => setConfirmingCancel(true),
    keep: () => setConfirmingCancel(false),
    async exportCsv(language: Language): Promise<void> {
      if (!id || !mailing) return;
      setBusy('csv');
      const result = await ask('mailingCsv', { id, language, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      setBusy(null);
      if (!result.ok) return setActionError(result.error);
      setActionError(null);
      downloadText(result.value, csvFileName(mailing.name));
    },
  };
}

export type MailingStatsState = ReturnType<typeof useMailingStats>;
