import { createHash } from 'node:crypto';
import { asText, readCallbackRecords, type Json } from './adapter-kit';
import type { InboundRequest, InboundResult, InboundSms, StatusUpdate } from './types';

/**
 * SMSC.ru posts the statuses of sent messages and the messages people send to the account's receive
 * numbers to the one handler address of the account («Передача статусов и сообщений на обработчик
 * Клиента»). A record with a message text (`mes`, the name SMSC gives a message's text everywhere) from a
 * `phone` is an incoming message; any other record is read as a delivery status. SMSC signs nothing: the
 * secret in the URL is what keeps strangers out. Its `id` identifies the message, so a notification SMSC
 * sends again is stored once; without one, its number, text and times stand in for it.
 */
export function parseSmscInbound(request: InboundRequest, statusUpdateOf: (record: Json) => StatusUpdate | undefined): InboundResult {
  const replies: InboundSms[] = [];
  const updates: StatusUpdate[] = [];
  for (const record of readCallbackRecords(request)) {
    const from = asText(record.phone);
    const text = asText(record.mes);
    if (from && text !== undefined) {
      replies.push({ providerMessageId: incomingId(record, from, text), from, to: asText(record.to) ?? '', text });
      continue;
    }
    const update = statusUpdateOf(record);
    if (update) updates.push(update);
  }
  // SMSC only needs an HTTP 200 to stop sending the notification again (the body is not read).
  return { replies, updates, reply: { status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' } };
}

function incomingId(record: Json, from: string, text: string): string {
  const id = asText(record.id) ?? asText(record.sms_id);
  if (id) return `in:${id}`;
  const when = asText(record.sent) ?? asText(record.time) ?? '';
  return `in:${createHash('sha256').update(`${from}\n${when}\n${text}`).digest('hex').slice(0, 32)}`;
}
