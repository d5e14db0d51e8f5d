import { useEffect, useRef, useState } from 'preact/hooks';
import type { StopListEntry } from '../../../shared/stop-list';
import { relay } from '../../messaging/client';
import type { UiError } from '../../messaging/protocol';
import { isUserGesture } from '../user-gesture';

/** unknown: no number to look up yet, or its answer is on its way; error: the addition was refused. */
export type CardStopListState =
  { state: 'unknown' } | { state: 'not-listed' } | { state: 'adding' } | { state: 'listed'; entry: StopListEntry } | { state: 'error'; error: UiError };

/**
 * The selected number's place on the stop list, from the card's dialog: looked up when the number is
 * checked (GET /api/stop-list/:phone), and «Добавить в стоп-лист» (POST /api/stop-list) on a real click.
 */
export function useCardStopList(digits: string | null) {
  const [state, setState] = useState<CardStopListState>({ state: 'unknown' });
  // An answer about a number no longer in the field is dropped.
  const current = useRef(digits);
  current.current = digits;

  useEffect(() => {
    setState({ state: 'unknown' });
    if (!digits) return;
    void relay['stop-list'][':phone'].$get({ param: { phone: digits } }).then((result) => {
      if (current.current !== digits) return;
      // Never listed (404) or taken off (entry null): the button stays; a lookup that failed says why.
      if (result.ok) setState(result.value.entry ? { state: 'listed', entry: result.value.entry } : { state: 'not-listed' });
      else setState(result.error.code === 'not_found' ? { state: 'not-listed' } : { state: 'error', error: result.error });
    });
  }, [digits]);

  return {
    state,
    async add(event: Event): Promise<void> {
      if (!digits || !isUserGesture(event) || state.state === 'adding' || state.state === 'listed') return;
      setState({ state: 'adding' });
      const result = await relay['stop-list'].$post({ json: { phone: `+${digits}` } });
      if (current.current !== digits) return;
      setState(result.ok ? { state: 'listed', entry: result.value } : { state: 'error', error: result.error });
    },
  };
}
