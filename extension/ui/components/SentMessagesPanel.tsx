import type { MessageView } from '../../../shared/api';
import { displayPhone } from '../../../shared/phone-display';
import { STATUS_LABELS } from '../../../shared/status';
import { formatMoney, formatNumber } from '../../i18n/format';
import { pickError, translate, type Language } from '../../i18n/texts';
import type { UiError } from '../../messaging/protocol';

interface Props {
  language: Language;
  messages: MessageView[];
  error: UiError | null;
  onRefresh(): void;
}

const formatDate = (iso: string, language: Language) => new Date(iso).toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** «Отправленные СМС»: the contact's messages, newest first, with the mailing column. */
export function SentMessagesPanel({ language, messages, error, onRefresh }: Props) {
  return (
    <section class="crm-sms-panel" data-crm-sms="sent-panel">
      <header class="crm-sms-panel-head">
        <h3>{translate(language, 'sentSms')}</h3>
        <button type="button" class="crm-sms-link" onClick={onRefresh}>
          {translate(language, 'refresh')}
        </button>
      </header>
      {error && (
        <div class="crm-sms-error" data-crm-sms="sent-error">
          {pickError(language, error)}
        </div>
      )}
      {messages.length === 0 && !error ? (
        <p class="crm-sms-hint">{translate(language, 'noSentSms')}</p>
      ) : (
        <table class="crm-sms-table">
          <thead>
            <tr>
              {(['colDate', 'colPhone', 'colText', 'colParts', 'colStatus', 'colCost', 'colMailing'] as const).map((key) => (
                <th key={key}>{translate(language, key)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id} data-crm-sms="sent-row" data-status={m.status}>
                <td>{formatDate(m.createdAt, language)}</td>
                <td data-crm-sms="sent-phone">{displayPhone(m.phone)}</td>
                <td class="crm-sms-cell-text">{m.text}</td>
                <td>{formatNumber(m.parts, language)}</td>
                <td title={m.error ? pickError(language, m.error) : undefined} data-crm-sms="sent-status">
                  {STATUS_LABELS[m.status][language]}
                </td>
                <td data-crm-sms="sent-cost">{m.cost === null ? '' : formatMoney(m.cost, m.currency, language)}</td>
                <td data-crm-sms="sent-mailing">{m.mailing?.name ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
