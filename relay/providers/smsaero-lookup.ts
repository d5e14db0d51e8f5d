import { asText, isObject, type Json } from './adapter-kit';
import { lenientNumber } from './http';
import { withinAttempt } from './lookup-kit';
import type { LookupQuery } from './types';

/**
 * Finding a message again in SMS Aero's list of sent messages, `sms/list` (filters `number` and `text`,
 * `?page=N`). Its `data` is the page's messages keyed "0", "1", … beside `links` (`next` while there are more
 * pages) and `totalCount`. It has no time filter: the window is checked on each message's `dateCreate`.
 */

export const smsListFilter = (query: LookupQuery): Json => ({ number: query.to, text: query.text });

/** The `sms/list` method for a page (the first page has no `page` parameter). */
export const smsListPath = (page: number): string => (page <= 1 ? 'sms/list' : `sms/list?page=${page}`);

/** One page of the answer: its messages, and whether `links.next` says another follows. */
export function listPage(data: unknown): { messages: Json[]; hasNext: boolean } | undefined {
  if (Array.isArray(data)) return { messages: data.filter(isObject), hasNext: false };
  if (data === null) return { messages: [], hasNext: false };
  if (!isObject(data)) return undefined;
  const messages = Object.entries(data)
    .filter(([key]) => /^\d+$/.test(key))
    .map(([, value]) => value)
    .filter(isObject);
  const links = isObject(data.links) ? data.links : {};
  return { messages, hasNext: typeof links.next === 'string' && links.next !== '' };
}

/** Whether a listed message is the one this attempt made: same number and text, created in its window. */
export function isTheAttempt(record: Json, query: LookupQuery): boolean {
  if (asText(record.number)?.replace(/^\+/, '') !== query.to || record.text !== query.text) return false;
  const createdSeconds = lenientNumber(record.dateCreate);
  return createdSeconds !== undefined && withinAttempt(createdSeconds * 1000, query);
}
