import { useState } from 'preact/hooks';
import type { MailingView, PreflightView } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import { isUserGesture } from '../../user-gesture';

export type LaunchState =
  | { step: 'closed' }
  | { step: 'checking' }
  | { step: 'confirm'; preflight: PreflightView; launching: boolean; error: UiError | null }
  | { step: 'launched'; mailing: MailingView }
  | { step: 'error'; error: UiError };

/**
 * [Запустить рассылку] (S9): save, show the preflight figures for confirmation, launch, then
 * «Рассылка запущена». A refusal (409 wrong state, 422 over the budget) stays in the dialog in words.
 * Both steps act only on a real user's click: the preflight asks the provider for the cost, the launch sends.
 */
export function useLaunch(ensureSaved: () => Promise<MailingView | null>, onMailing: (next: MailingView) => void) {
  const [state, setState] = useState<LaunchState>({ step: 'closed' });
  const [mailingId, setMailingId] = useState<string | null>(null);
  return {
    state,
    async open(event: Event): Promise<void> {
      if (!isUserGesture(event)) return;
      const mailing = await ensureSaved();
      if (!mailing) return;
      setMailingId(mailing.id);
      setState({ step: 'checking' });
      const result = await ask('preflight', { id: mailing.id });
      setState(result.ok ? { step: 'confirm', preflight: result.value, launching: false, error: null } : { step: 'error', error: result.error });
    },
    async confirm(event: Event): Promise<void> {
      if (state.step !== 'confirm' || !mailingId || state.launching || !isUserGesture(event)) return;
      setState({ ...state, launching: true, error: null });
      const result = await ask('mailingAction', { id: mailingId, action: 'launch' });
      if (!result.ok) return setState({ ...state, launching: false, error: result.error });
      onMailing(result.value);
      setState({ step: 'launched', mailing: result.value });
    },
    close: () => setState({ step: 'closed' }),
  };
}

export type LaunchHook = ReturnType<typeof useLaunch>;
