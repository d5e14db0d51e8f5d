import type { ComponentChildren } from 'preact';
import type { CostView } from '../../../shared/api';
import type { SegmentInfo } from '../../../shared/segments';
import { formatMoney, formatNumber } from '../../i18n/format';
import { pickError, translate, type Language } from '../../i18n/texts';
import type { PhoneCheck, UiError } from '../../messaging/protocol';
import type { DialogField } from '../../crm/read-contact';
import { OptedOutConfirmation } from './OptedOutConfirmation';
import { PhonePicker, type PhoneOption } from './PhonePicker';
import { SegmentCounter } from './SegmentCounter';

export interface SendDialogProps {
  language: Language;
  contactName: string;
  /** What the page did not give: the line «Не удалось прочитать: имя, телефон». */
  notRead: Exclude<DialogField, 'doNotUseSms'>[];
  doNotUseSms: boolean | null;
  phoneOptions: PhoneOption[];
  phone: string;
  phoneCheck: PhoneCheck | null;
  text: string;
  segments: SegmentInfo;
  cost: { state: 'idle' | 'loading' } | { state: 'done'; value: CostView } | { state: 'unsupported' } | { state: 'error'; error: UiError };
  sending: boolean;
  sendError: UiError | null;
  /** The relay refused the send: the number is on the stop list (its words ask for a second confirmation). */
  optedOut: UiError | null;
  canSend: boolean;
  /** The card's own tools under the number: the stop list, the consent to advertising. */
  tools?: ComponentChildren;
  onPhoneChange(value: string): void;
  onTextChange(value: string): void;
  /** Both act only on a real user's click (the event says). */
  onCost(event: Event): void;
  onSend(event: Event): void;
  onSendAnyway(event: Event): void;
  onClose(): void;
}

const NOT_READ_NAMES = { name: 'notReadName', phones: 'notReadPhone' } as const;

export function SendDialog(props: SendDialogProps) {
  const { language: lang, cost } = props;
  return (
    <div class="crm-sms-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        class="crm-sms-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="crm-sms-title"
        data-crm-sms="dialog"
        onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
      >
        <header class="crm-sms-dialog-head">
          <h2 id="crm-sms-title">
            {translate(lang, 'dialogTitle')}: <span data-crm-sms="contact-name">{props.contactName}</span>
          </h2>
          <button type="button" class="crm-sms-icon" aria-label={translate(lang, 'close')} onClick={props.onClose}>
            ×
          </button>
        </header>
        {props.notRead.length > 0 && (
          <div class="crm-sms-hint" data-crm-sms="not-read" data-fields={props.notRead.join(',')}>
            {translate(lang, 'notRead', { fields: props.notRead.map((field) => translate(lang, NOT_READ_NAMES[field])).join(', ') })}
          </div>
        )}
        {props.doNotUseSms === true && (
          <div class="crm-sms-flag" data-crm-sms="do-not-use-sms">
            {translate(lang, 'doNotUseSmsFlag')}
          </div>
        )}
        {props.doNotUseSms === null && (
          <div class="crm-sms-hint" data-crm-sms="do-not-use-sms-unknown">
            {translate(lang, 'doNotUseSmsUnknown')}
          </div>
        )}
        <PhonePicker language={lang} options={props.phoneOptions} value={props.phone} check={props.phoneCheck} onChange={props.onPhoneChange} />
        {props.tools}
        <div class="crm-sms-field">
          <label class="crm-sms-label" for="crm-sms-text">
            {translate(lang, 'messageText')}
          </label>
          <textarea id="crm-sms-text" data-crm-sms="text" rows={5} value={props.text} onInput={(e) => props.onTextChange((e.target as HTMLTextAreaElement).value)} />
          <SegmentCounter info={props.segments} language={lang} />
        </div>
        <div class="crm-sms-result" data-crm-sms="cost-result" aria-live="polite">
          {cost.state === 'done' &&
            translate(lang, 'costResult', { cost: formatMoney(cost.value.cost, cost.value.currency, lang), parts: formatNumber(cost.value.parts, lang) })}
          {cost.state === 'unsupported' && translate(lang, 'notSupported')}
          {cost.state === 'error' && <span class="crm-sms-error">{pickError(lang, cost.error)}</span>}
        </div>
        {props.sendError && (
          <div class="crm-sms-error" data-crm-sms="send-error" role="alert">
            {pickError(lang, props.sendError)}
          </div>
        )}
        {props.optedOut && <OptedOutConfirmation language={lang} refusal={props.optedOut} sending={props.sending} onSendAnyway={props.onSendAnyway} />}
        <footer class="crm-sms-actions">
          <button type="button" data-crm-sms="cost" disabled={!props.canSend || cost.state === 'loading'} onClick={props.onCost}>
            {translate(lang, 'cost')}
          </button>
          <span class="crm-sms-spacer" />
          <button type="button" onClick={props.onClose}>
            {translate(lang, 'cancel')}
          </button>
          <button type="button" class="crm-sms-primary" data-crm-sms="send" disabled={!props.canSend || props.sending || props.optedOut !== null} onClick={props.onSend}>
            {translate(lang, props.sending ? 'sending' : 'send')}
          </button>
        </footer>
      </div>
    </div>
  );
}
