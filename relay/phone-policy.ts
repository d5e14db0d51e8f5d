import { PHONE_ERROR_TEXTS, PhoneError, normalizePhone, type NormalizedPhone, type PhoneOptions } from '../shared/phones';
import { ApiError } from './api-error';

/** Normalises a number for sending, or throws a 422 ApiError naming the field and the reason. */
export function phoneForSending(input: string, options: PhoneOptions, field = 'to'): NormalizedPhone {
  try {
    return normalizePhone(input, options);
  } catch (error) {
    if (!(error instanceof PhoneError)) throw error;
    throw new ApiError(422, 'invalid_phone', `Field "${field}": ${error.message}`, {
      field,
      messageRu: PHONE_ERROR_TEXTS[error.reason].ru,
    });
  }
}
