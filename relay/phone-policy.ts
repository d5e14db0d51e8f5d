import { PHONE_ERROR_TEXTS, PhoneError, normalizePhone, type NormalizedPhone, type PhoneOptions } from '../shared/phones';
import { rejected } from './domain/errors';

/** Normalises a number for sending, or refuses it (invalid_phone) naming the field and the reason. */
export function phoneForSending(input: string, options: PhoneOptions, field = 'to'): NormalizedPhone {
  try {
    return normalizePhone(input, options);
  } catch (error) {
    if (!(error instanceof PhoneError)) throw error;
    throw rejected('invalid_phone', `Field "${field}": ${error.message}`, { field, messageRu: PHONE_ERROR_TEXTS[error.reason].ru });
  }
}
