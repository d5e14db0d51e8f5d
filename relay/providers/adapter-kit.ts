import type { ProviderErrorCode } from '../../shared/provider-errors';
import { lenientNumber } from './http';
import { ProviderError } from './provider-error';
import type { Balance, CallbackRequest, OutgoingSms, SendOutcome, StatusUpdate } from './types';

/** Small pieces the HTTP provider adapters share. */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** The provider's refusal or failure in its own code and words (keep-secrets.ts takes credentials out of them). */
export const refusal = (code: ProviderErrorCode, providerCode?: string | number, providerText?: string): ProviderError =>
  new ProviderError(code, { providerCode, providerText });

/**
 * A callback's records: a JSON object or list (optionally wrapped in `{data: …}`) or form fields,
 * each merged over the query parameters.
 */
export function readCallbackRecords(request: CallbackRequest): Json[] {
  const fromQuery: Json = { ...request.query };
  const body = request.body.trim();
  if (request.contentType.includes('json') || body.startsWith('{') || body.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(body);
      const inner = isObject(parsed) && parsed.data !== undefined ? parsed.data : parsed;
      const list = Array.isArray(inner) ? inner : [inner];
      return list.filter(isObject).map((record) => ({ ...fromQuery, ...record }));
    } catch {
      return [];
    }
  }
  const record: Json = { ...fromQuery };
  for (const [key, value] of new URLSearchParams(body)) record[key] = value;
  return [record];
}

/**
 * Sends messages one request each. A permanent refusal (number, text) is that message's outcome. A request
 * that fails as a whole stops the call: the messages after it are "not attempted" (retryable, certainly not
 * sent). The failure is reported per message instead of thrown when something must not be lost: the ids of
 * messages already sent, or an unknown outcome, which belongs to that one message only.
 */
export async function sendOneByOne(messages: OutgoingSms[], sendOne: (message: OutgoingSms) => Promise<SendOutcome>): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  for (const [index, message] of messages.entries()) {
    try {
      outcomes.push(await sendOne(message));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.errorClass === 'permanent') {
        outcomes.push({ to: message.to, ok: false, error });
        continue;
      }
      if (!error.outcomeUnknown && !outcomes.some((outcome) => outcome.ok)) throw error;
      outcomes.push({ to: message.to, ok: false, error });
      outcomes.push(...messages.slice(index + 1).map((rest) => notAttempted(rest, error)));
      break;
    }
  }
  return outcomes;
}

/** A message a call never sent because an earlier one failed: the same error, but certainly not sent. */
function notAttempted(message: OutgoingSms, cause: ProviderError): SendOutcome {
  const error = new ProviderError(cause.code, {
    providerCode: cause.providerCode,
    providerText: 'not attempted: an earlier message of the same call failed',
  });
  return { to: message.to, ok: false, error };
}

/** Asks about messages one request each; ids `statusOf` has no update for (unknown, malformed) are left out. */
export async function statusOneByOne(ids: string[], statusOf: (id: string) => Promise<StatusUpdate | undefined>): Promise<StatusUpdate[]> {
  const updates: StatusUpdate[] = [];
  for (const id of ids) {
    const update = await statusOf(id);
    if (update) updates.push(update);
  }
  return updates;
}

/** The `balance` of an account answer; an answer without one comes from a failing service. */
export function balanceIn(answer: unknown): number {
  const amount = isObject(answer) ? lenientNumber(answer.balance) : undefined;
  if (amount === undefined) throw new ProviderError('service_unavailable', { providerText: 'balance answer without a balance' });
  return amount;
}

/** The credentials check of a provider that has none of its own: a balance request needs valid credentials. */
export const checkThroughBalance = (balance: () => Promise<Balance>) => async (): Promise<void> => {
  await balance();
};
