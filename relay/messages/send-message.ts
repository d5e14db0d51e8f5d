import { randomBytes } from 'node:crypto';
import type { SendMessageRequest } from '../../shared/api';
import type { PhoneOptions } from '../../shared/phones';
import type { Clock } from '../clock';
import { DomainError, ProviderRefusedError, conflict } from '../domain/errors';
import { optedOutWords } from '../opt-outs/opted-out-words';
import { phoneForSending } from '../phone-policy';
import { ProviderError } from '../providers/provider-error';
import type { SmsProvider } from '../providers/types';
import type { Store } from '../store/store';
import type { StoredMessage } from '../store/messages';
import { StorageError } from '../store/storage-error';
import { checkTextFits } from './check-text';
import { MayHaveBeenSentError } from './may-have-been-sent';

export interface SendDeps {
  store: Store;
  provider: SmsProvider;
  clock: Clock;
  phones: PhoneOptions;
  /** The provider refused the number because its owner opted out there (Twilio's 21610): the relay lists it too. */
  optedOutAtProvider?(providerId: string, phone: string, words: string): Promise<unknown>;
}

/**
 * Puts a number the provider refused as opted out on the relay's stop list. A disk that refuses it is
 * not hidden behind the refusal: the answer is a 503 that says both (the number opted out; the relay
 * has not listed it, so a later mailing is still refused by the provider for it, not skipped).
 */
async function listOptedOut(deps: SendDeps, phone: string, refusal: ProviderError): Promise<void> {
  try {
    await deps.optedOutAtProvider?.(deps.provider.id, phone, refusal.message);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    throw new DomainError(
      'unavailable',
      'storage_unwritable',
      `${refusal.message}; and ${error.message.replace(/^The relay/, 'the relay')}, so the number is not on the relay's stop list yet`,
      {
        messageRu: `${refusal.messageRu}; но ${error.messageRu.replace(/^Сервер/, 'сервер')}, поэтому номер ещё не в стоп-листе`,
      },
    );
  }
}

/**
 * Sends one SMS from a contact card. The message is written (and fsync'd) as "sending" before the
 * provider is called — no write, no send — so a crash mid-call leaves a record that startup marks "unknown" (never re-sent).
 * A definite refusal removes that record again: only messages the provider took, or may have
 * taken, are kept. A number on the stop list is refused (409, saying when and how it opted out)
 * unless the person confirmed it a second time, as for «Не использовать SMS».
 */
export async function sendSingleMessage(deps: SendDeps, request: SendMessageRequest & { user: string }): Promise<StoredMessage> {
  const phone = phoneForSending(request.to, deps.phones);
  const segments = checkTextFits(request.text, deps.provider);
  const optedOut = deps.store.stopList.entry(phone.digits);
  if (optedOut && request.confirmOptedOut !== true) {
    const words = optedOutWords(optedOut);
    throw conflict('on_stop_list', `${words.en}. To send this one message anyway, confirm it a second time ("confirmOptedOut": true)`, {
      messageRu: `${words.ru}. Чтобы всё же отправить это сообщение, подтвердите отправку ещё раз`,
    });
  }
  const contact = request.contact ? { crmId: request.contact.crmId, name: request.contact.name || deps.store.contacts.get(request.contact.crmId)?.name || null } : null;
  const now = new Date(deps.clock.now()).toISOString();
  const message: StoredMessage = {
    id: `msg_${randomBytes(8).toString('hex')}`,
    contact,
    phone: phone.digits,
    text: request.text,
    parts: segments.parts,
    encoding: segments.encoding,
    provider: deps.provider.id,
    providerMessageId: null,
    status: 'sending',
    cost: null,
    currency: null,
    error: null,
    mailing: null,
    sentBy: request.user,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.messages.insert(message);

  let outcome;
  try {
    [outcome] = await deps.provider.send([{ to: phone.digits, text: request.text }]);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    outcome = { to: phone.digits, ok: false as const, error };
  }
  const updatedAt = new Date(deps.clock.now()).toISOString();

  if (!outcome?.ok) {
    const error = outcome?.error ?? new ProviderError('request_rejected', { providerText: 'no answer for the number', outcomeUnknown: true });
    if (!error.outcomeUnknown) {
      // The refusal is what the user must hear; a record the full disk keeps is shown "unknown" after a restart.
      await deps.store.messages.remove(message.id).catch((error: unknown) => {
        if (!(error instanceof StorageError)) throw error;
      });
      if (error.code === 'opted_out') await listOptedOut(deps, phone.digits, error);
      throw new ProviderRefusedError(error);
    }
    await deps.store.messages
      .update([
        {
          id: message.id,
          patch: {
            status: 'unknown',
            updatedAt,
            error: {
              code: error.code,
              message: `${error.message}; the message may have been sent — check before sending again`,
              messageRu: `${error.messageRu}; сообщение могло уйти — проверьте, прежде чем отправлять снова`,
            },
          },
        },
      ])
      .catch((writeError: unknown) => {
        // Still "sending" on disk, which a restart turns into "unknown": what the user must hear is the same.
        if (!(writeError instanceof StorageError)) throw writeError;
      });
    throw new MayHaveBeenSentError(error);
  }

  try {
    await deps.store.messages.update([
      {
        id: message.id,
        patch: {
          providerMessageId: outcome.providerMessageId,
          status: outcome.status,
          cost: outcome.cost ?? null,
          currency: outcome.cost === undefined ? null : (outcome.currency ?? null),
          parts: outcome.parts ?? message.parts,
          updatedAt,
        },
      },
    ]);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    // The SMS is gone; only its record is missing. Saying "failed" here would invite a second send.
    throw new DomainError(
      'unavailable',
      'storage_unwritable',
      `The provider took the message, but ${error.message.replace(/^The relay/, 'the relay')}; it stays listed as "sending" — do not send it again`,
      {
        messageRu: `Оператор принял сообщение, но ${error.messageRu.replace(/^Сервер/, 'сервер')}; оно остаётся в списке как «Отправляется» — не отправляйте его повторно`,
      },
    );
  }
  return deps.store.messages.get(message.id)!;
}
