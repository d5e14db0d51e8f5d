import { asText, isObject, type Json } from './adapter-kit';
import { CLOCK_SLACK_MS, withinAttempt } from './lookup-kit';
import type { LookupQuery } from './types';

/**
 * Finding a message again in Twilio's Messages list resource (GET Messages.json, filters `To`, `From`,
 * `DateSent>` / `DateSent<`, "GMT dates YYYY-MM-DD"; newest first, pages linked by `next_page_uri`).
 */

/** Who the relay sends as: the Message's `from`, or the Messaging Service it went through. */
export interface TwilioSender {
  from?: string;
  messagingServiceSid?: string;
}

const DAY_MS = 86_400_000;
const gmtDate = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/**
 * The list filters for one attempt. `DateSent` only takes dates, and a message is sent at or after it was
 * created: from the attempt's day (less the clock slack) up to the day after today.
 */
export function messagesListFilter(query: LookupQuery, now: number, sender: TwilioSender, pageSize: number): URLSearchParams {
  const filter = new URLSearchParams({ To: `+${query.to}` });
  if (!sender.messagingServiceSid && sender.from) filter.set('From', sender.from);
  filter.set('DateSent>', gmtDate(query.sentAfter - CLOCK_SLACK_MS));
  filter.set('DateSent<', gmtDate(now + DAY_MS));
  filter.set('PageSize', String(pageSize));
  return filter;
}

/** Whether a listed Message is the one this attempt created: same number, sender and body, created in its window. */
export function isTheAttempt(record: Json, query: LookupQuery, sender: TwilioSender): boolean {
  if (record.to !== `+${query.to}` || record.body !== query.text) return false;
  if (!String(record.direction ?? 'outbound-api').startsWith('outbound')) return false;
  if (sender.messagingServiceSid ? record.messaging_service_sid !== sender.messagingServiceSid : sender.from && record.from !== sender.from) {
    return false;
  }
  return withinAttempt(Date.parse(asText(record.date_created) ?? ''), query);
}

/** One page of the list: its Messages, and the path of the next page (undefined on the last). */
export function listPage(reply: Json): { messages: Json[]; nextPageUri?: string } | undefined {
  if (!Array.isArray(reply.messages)) return undefined;
  const next = asText(reply.next_page_uri);
  return { messages: reply.messages.filter(isObject), ...(next ? { nextPageUri: next } : {}) };
}
