import { useState } from 'preact/hooks';
import type { StopListEntry } from '../../../../shared/stop-list';
import type { Language } from '../../../i18n/texts';
import { ask, relay } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import { downloadText } from '../../mailings/download';

export type StopListDone = { action: 'added'; entry: StopListEntry } | { action: 'removed'; phone: string };

const REASON_REQUIRED: UiError = {
  code: 'reason_required',
  message: "Give the reason: it is kept in the number's history",
  messageRu: 'Укажите причину: она сохранится в истории номера',
  field: 'reason',
};

/**
 * What the «Стоп-лист» page changes: a number added (POST /api/stop-list), one taken off with its
 * reason (DELETE /api/stop-list/:phone, an admin's; anyone else gets the relay's refusal in its words),
 * and the whole list saved as CSV in the UI's language. `onChanged` shows the list again after a change.
 */
export function useStopListEdits(onChanged: () => Promise<void>) {
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const [removal, setRemoval] = useState<{ phone: string; reason: string } | null>(null);
  const [busy, setBusy] = useState<'add' | 'remove' | 'csv' | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<StopListDone | null>(null);

  function started(what: 'add' | 'remove' | 'csv'): void {
    setBusy(what);
    setError(null);
    setDone(null);
  }

  return {
    phone,
    reason,
    removal,
    busy,
    error,
    done,
    onPhone: setPhone,
    onReason: setReason,
    async add(): Promise<void> {
      if (!phone.trim() || busy) return;
      started('add');
      const trimmed = reason.trim();
      const result = await relay['stop-list'].$post({ json: { phone: phone.trim(), ...(trimmed ? { reason: trimmed } : {}) } });
      setBusy(null);
      if (!result.ok) return setError(result.error);
      setDone({ action: 'added', entry: result.value });
      setPhone('');
      setReason('');
      await onChanged();
    },
    askRemoval: (number: string) => {
      setRemoval({ phone: number, reason: '' });
      setError(null);
    },
    onRemovalReason: (text: string) => setRemoval((r) => r && { ...r, reason: text }),
    keep: () => setRemoval(null),
    async remove(): Promise<void> {
      if (!removal || busy) return;
      if (!removal.reason.trim()) return setError(REASON_REQUIRED);
      started('remove');
      const result = await relay['stop-list'][':phone'].$delete({ param: { phone: removal.phone }, json: { reason: removal.reason.trim() } });
      setBusy(null);
      if (!result.ok) return setError(result.error);
      setDone({ action: 'removed', phone: removal.phone });
      setRemoval(null);
      await onChanged();
    },
    async exportCsv(language: Language): Promise<void> {
      if (busy) return;
      started('csv');
      const result = await ask('stopListCsv', { language });
      setBusy(null);
      if (!result.ok) return setError(result.error);
      downloadText(result.value, 'stop-list.csv');
    },
  };
}
