import { pickError, translate, type Language } from '../../i18n/texts';
import type { UiError } from '../../messaging/protocol';

interface Props {
  language: Language;
  /** The relay's refusal (on_stop_list): when and how the number opted out. */
  refusal: UiError;
  sending: boolean;
  /** Acts only on a real user's click (the event says). */
  onSendAnyway(event: Event): void;
}

/** The second confirmation a number on the stop list needs: the relay's words, then «Всё равно отправить». */
export function OptedOutConfirmation({ language, refusal, sending, onSendAnyway }: Props) {
  return (
    <div class="crm-sms-flag" data-crm-sms="opted-out" role="alert">
      <p class="crm-sms-flag-text" data-crm-sms="opted-out-words">
        {pickError(language, refusal)}
      </p>
      <button type="button" class="crm-sms-button crm-sms-danger" data-crm-sms="send-anyway" disabled={sending} onClick={onSendAnyway}>
        {translate(language, sending ? 'sending' : 'sendAnyway')}
      </button>
    </div>
  );
}
