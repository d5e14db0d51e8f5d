import type { MessageView } from '../../../shared/api';
import { displayPhone } from '../../../shared/phone-display';
import type { ConversationEntry, ReplyView } from '../../../shared/replies';
import { STATUS_LABELS } from '../../../shared/status';
import { formatMoney, formatNumber } from '../../i18n/format';
import { pickError, translate, type Language } from '../../i18n/texts';

const formatDate = (iso: string, language: Language) => new Date(iso).toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** A message we sent (from the card or in a mailing): its status, cost and mailing. */
function OutgoingRow({ message: m, at, language }: { message: MessageView; at: string; language: Language }) {
  return (
    <tr data-crm-sms="sent-row" data-direction="outgoing" data-status={m.status}>
      <td>{formatDate(at, language)}</td>
      <td data-crm-sms="sent-phone">{displayPhone(m.phone)}</td>
      <td class="crm-sms-cell-text">{m.text}</td>
      <td>{formatNumber(m.parts, language)}</td>
      <td title={m.error ? pickError(language, m.error) : undefined} data-crm-sms="sent-status">
        {STATUS_LABELS[m.status][language]}
      </td>
      <td data-crm-sms="sent-cost">{m.cost === null ? '' : formatMoney(m.cost, m.currency, language)}</td>
      <td data-crm-sms="sent-mailing">{m.mailing?.name ?? ''}</td>
    </tr>
  );
}

/** A reply the person sent: its text, number and time, «Ответ», and «новое» until the conversation was opened. */
function IncomingRow({ reply, language, isNew }: { reply: ReplyView; language: Language; isNew: boolean }) {
  return (
    <tr data-crm-sms="reply-row" data-direction="incoming" class={isNew ? 'crm-sms-row-in crm-sms-row-new' : 'crm-sms-row-in'}>
      <td>{formatDate(reply.receivedAt, language)}</td>
      <td data-crm-sms="reply-phone">{displayPhone(reply.from)}</td>
      <td class="crm-sms-cell-text" data-crm-sms="reply-text">
        {reply.text}
      </td>
      <td />
      <td data-crm-sms="reply-status">
        {translate(language, 'incomingReply')}
        {isNew && ' '}
        {isNew && (
          <span class="crm-sms-new" data-crm-sms="reply-new">
            {translate(language, 'unreadTag')}
          </span>
        )}
      </td>
      <td />
      <td data-crm-sms="reply-mailing">{reply.mailing?.name ?? ''}</td>
    </tr>
  );
}

/** The conversation's rows, in the order given (newest first). */
export function ConversationRows({ entries, language, isNew }: { entries: ConversationEntry[]; language: Language; isNew(replyId: string): boolean }) {
  return (
    <>
      {entries.map((entry) =>
        entry.direction === 'outgoing' ? (
          <OutgoingRow key={`out-${entry.message.id}`} message={entry.message} at={entry.at} language={language} />
        ) : (
          <IncomingRow key={`in-${entry.reply.id}`} reply={entry.reply} language={language} isNew={isNew(entry.reply.id)} />
        ),
      )}
    </>
  );
}
