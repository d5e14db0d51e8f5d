import { PHONE_ERROR_TEXTS, PhoneError, normalizePhone } from '../../shared/phones';
import { invalid } from '../domain/errors';

/**
 * A number as the stop list keeps it (E.164 digits), from what a person typed or a path carried:
 * «8 912 345-67-89» and «+7 (912) 345 67 89» are both 79123456789. A number of any country may be
 * listed; one that is no phone number is refused (400) naming the field and the reason.
 */
export function stopListPhone(input: string, defaultCountry: string, field = 'phone'): string {
  try {
    return normalizePhone(input, { defaultCountry }).digits;
  } catch (error) {
    if (!(error instanceof PhoneError)) throw error;
    throw invalid(field, `Field "${field}": ${error.message}`, { messageRu: PHONE_ERROR_TEXTS[error.reason].ru });
  }
}
