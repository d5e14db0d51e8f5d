import { useState } from 'preact/hooks';
import type { MailingView, PreflightView } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import { isUserGesture } from '../../user-gesture';

export interface LaunchConfirm {
  step: 'confirm';
  preflight: PreflightView;
  launching: boolean;
  error: UiError | null;
  /** The estimate is over the balance and the first click was made: the next one launches anyway. */
  overBalanceAsked: boolean;
  /** Skip the recipients whose text has an empty macro. */
  skipEmptyMacros: boolean;
  /** What to put where each empty macro stands, as typed, by macro path. */
  defaults: Record<string, string>;
  /** The figures are being asked again (after a change of the options or the text). */
  refreshing: boolean;
}

export type LaunchState = { step: 'closed' } | { step: 'checking' } | LaunchConfirm | { step: 'launched'; mailing: MailingView } | { step: 'error'; error: UiError };

/** A first guess at the word for an empty name: «клиент». Other macros start empty. */
const NAME_MACROS = new Set(['contact.name', 'contact.firstName', 'contact.lastName', 'contact.middleName']);
// A relay from before empty macros were counted sends no `emptyMacros`.
const defaultsFor = (preflight: PreflightView, word: string, typed: Record<string, string> = {}) =>
  Object.fromEntries((preflight.emptyMacros?.macros ?? []).map(({ path }) => [path, typed[path] ?? (NAME_MACROS.has(path) ? word : '')]));

/**
 * [Запустить рассылку] (S9): save, show the preflight figures for confirmation, launch, then
 * «Рассылка запущена». A launch over the balance takes a second click that names the shortfall;
 * recipients with an empty macro can be skipped, or the template given a default for it. A refusal
 * (409 wrong state or over the balance, 422 over the budget) stays in the dialog in words; when the
 * figures changed since they were shown (409 preflight_changed), the new ones are shown with it. Every step
 * acts only on a real user's click: the preflight asks the provider for the cost, the launch sends.
 */
export function useLaunch(ensureSaved: () => Promise<MailingView | null>, onMailing: (next: MailingView) => void, defaultWord = 'клиент') {
  const [state, setState] = useState<LaunchState>({ step: 'closed' });
  const [mailingId, setMailingId] = useState<string | null>(null);
  const update = (patch: Partial<LaunchConfirm>) => setState((s) => (s.step === 'confirm' ? { ...s, ...patch } : s));

  /** New figures: the over-balance question is asked again, since the shortfall may have changed. */
  async function refresh(id: string, skipEmptyMacros: boolean, error: UiError | null = null): Promise<void> {
    update({ refreshing: true, skipEmptyMacros });
    const result = await ask('preflight', { id, skipEmptyMacros });
    setState((s) => {
      if (s.step !== 'confirm') return s;
      if (!result.ok) return { ...s, refreshing: false, error: result.error };
      return {
        ...s,
        preflight: result.value,
        refreshing: false,
        overBalanceAsked: error?.code === 'over_balance',
        defaults: defaultsFor(result.value, defaultWord, s.defaults),
        error,
      };
    });
  }

  return {
    state,
    async open(event: Event): Promise<void> {
      if (!isUserGesture(event)) return;
      const mailing = await ensureSaved();
      if (!mailing) return;
      setMailingId(mailing.id);
      setState({ step: 'checking' });
      const result = await ask('preflight', { id: mailing.id });
      setState(
        result.ok
          ? {
              step: 'confirm',
              preflight: result.value,
              launching: false,
              error: null,
              overBalanceAsked: false,
              skipEmptyMacros: false,
              defaults: defaultsFor(result.value, defaultWord),
              refreshing: false,
            }
          : { step: 'error', error: result.error },
      );
    },
    async confirm(event: Event): Promise<void> {
      if (state.step !== 'confirm' || !mailingId || state.launching || state.refreshing || !isUserGesture(event)) return;
      const overBalance = (state.preflight.shortfall ?? null) !== null;
      if (overBalance && !state.overBalanceAsked) return update({ overBalanceAsked: true, error: null });
      update({ launching: true, error: null });
      // Naming the pre-flight shown lets the relay launch what it froze for it, when nothing changed since.
      const { preflightId } = state.preflight;
      const options = {
        ...(overBalance ? { confirmOverBalance: true } : {}),
        ...(state.skipEmptyMacros ? { skipEmptyMacros: true } : {}),
        ...(preflightId ? { preflightId } : {}),
      };
      const result = await ask('mailingAction', { id: mailingId, action: 'launch', ...(Object.keys(options).length > 0 ? { options } : {}) });
      if (!result.ok) {
        update({ launching: false });
        // The balance fell, or what the figures depend on changed, since these figures: show the new ones and ask again.
        if (result.error.code === 'over_balance' || result.error.code === 'preflight_changed') return refresh(mailingId, state.skipEmptyMacros, result.error);
        return update({ error: result.error });
      }
      onMailing(result.value);
      setState({ step: 'launched', mailing: result.value });
    },
    async setSkipEmptyMacros(event: Event, skip: boolean): Promise<void> {
      if (state.step !== 'confirm' || !mailingId || !isUserGesture(event)) return;
      await refresh(mailingId, skip);
    },
    setDefault: (path: string, text: string) => setState((s) => (s.step === 'confirm' ? { ...s, defaults: { ...s.defaults, [path]: text } } : s)),
    /** «Подставить»: the template gets `{{default macro "text"}}` for each empty macro, then new figures. */
    async applyDefaults(event: Event): Promise<void> {
      if (state.step !== 'confirm' || !mailingId || state.refreshing || !isUserGesture(event)) return;
      const defaults = Object.fromEntries(
        Object.entries(state.defaults)
          .map(([path, text]) => [path, text.trim()])
          .filter(([, text]) => text !== ''),
      );
      if (Object.keys(defaults).length === 0) return;
      update({ refreshing: true, error: null });
      const result = await ask('macroDefaults', { id: mailingId, defaults });
      if (!result.ok) return update({ refreshing: false, error: result.error });
      onMailing(result.value);
      await refresh(mailingId, state.skipEmptyMacros);
    },
    close: () => setState({ step: 'closed' }),
  };
}

export type LaunchHook = ReturnType<typeof useLaunch>;
