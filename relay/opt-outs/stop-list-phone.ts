import { PHONE_ERROR_TEXTS, PhoneError, normalizePhone } from '../../shared/phones';
import { invalid } from '../domain/errors';

/**
 * A number as the stop list keeps it (E.164 digits), from what a person typed or a path carried:
 * «8 912 345-67-89» and «+7 (912) 345 67 89» are both 79123456789, and the list's own digits
 * (447700900123, a path such as /api/stop-list/447700900123) read as E.164 where they are not a
 * national number. A number of any country may be listed; one that is no phone number is refused
 * (400) naming the field and the reason.
 */
export function stopListPhone(input: string, defaultCountry: string, field = 'phone'): string {
  try {
    return normalizePhone(input, { defaultCountry }).digits;
  } catch (error) {
    if (!(error instanceof PhoneError)) throw error;
    if (/^\d{8,15}$/.test(input.trim())) {
      try {
        return normalizePhone(`+${input.trim()}`, { defaultCountry }).digits;
      } catch {
        // Not E.164 digits either: the first reading's reason is the one to tell.
      }
    }
    throw invalid(field, `Field "${field}": ${error.message}`, { messageRu: PHONE_ERROR_TEXTS[error.reason].ru });
  }
}
