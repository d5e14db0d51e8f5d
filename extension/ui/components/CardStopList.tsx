import { displayPhone } from '../../../shared/phone-display';
import { STOP_LIST_SOURCE_LABELS } from '../../../shared/stop-list';
import { pickError, translate, type Language } from '../../i18n/texts';
import type { CardStopListState } from '../hooks/useCardStopList';
import { formatDateTime } from '../mailings/datetime';

interface Props {
  language: Language;
  state: CardStopListState;
  /** Whether there is a checked number to add. */
  hasNumber: boolean;
  /** Acts only on a real user's click (the event says). */
  onAdd(event: Event): void;
}

/** «Добавить в стоп-лист» for the selected number, or since when and how it is on the list. */
export function CardStopList({ language: lang, state, hasNumber, onAdd }: Props) {
  return (
    <div class="crm-sms-tools" data-crm-sms="card-stop-list" data-state={state.state}>
      <button
        type="button"
        class="crm-sms-button"
        data-crm-sms="add-to-stop-list"
        disabled={!hasNumber || state.state === 'adding' || state.state === 'listed'}
        onClick={onAdd}
      >
        {translate(lang, state.state === 'adding' ? 'addingToStopList' : 'addToStopList')}
      </button>
      {state.state === 'listed' && (
        <span data-crm-sms="stop-listed">
          {translate(lang, 'onStopList', {
            number: displayPhone(state.entry.phone),
            date: formatDateTime(state.entry.addedAt, lang),
            source: STOP_LIST_SOURCE_LABELS[state.entry.source][lang],
            by: state.entry.addedBy,
          })}
        </span>
      )}
      {state.state === 'error' && (
        <span class="crm-sms-error" data-crm-sms="stop-list-error" role="alert">
          {pickError(lang, state.error)}
        </span>
      )}
    </div>
  );
}
