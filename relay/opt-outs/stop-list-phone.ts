import { PHONE_ERROR_TEXTS, PhoneError, normalizePhone } from '../../shared/phones';
import { invalid } from '../domain/errors';

/**
 * A number as the stop list keeps it (E.164 digits), from what a person typed, a path carried or a
 * file held: «8 912 345-67-89» and «+7 (912) 345 67 89» are both 79123456789, and the list's own
 * digits (447700900123, a path such as /api/stop-list/447700900123) read as E.164 where they are not
 * a national number. A number of any country may be listed. One that is no phone number: the reason.
 */
export function readStopListPhone(input: string, defaultCountry: string): { digits: string } | { error: PhoneError } {
  try {
    return { digits: normalizePhone(input, { defaultCountry }).digits };
  } catch (error) {
    if (!(error instanceof PhoneError)) throw error;
    if (/^\d{8,15}$/.test(input.trim())) {
      try {
        return { digits: normalizePhone(`+${input.trim()}`, { defaultCountry }).digits };
      } catch {
        // Not E.164 digits either: the first reading's reason is the one to tell.
      }
    }
    return { error };
  }
}

/** As readStopListPhone; one that is no phone number is refused (400) naming the field and the reason. */
export function stopListPhone(input: string, defaultCountry: string, field = 'phone'): string {
  const read = readStopListPhone(input, defaultCountry);
  if ('digits' in read) return read.digits;
  throw invalid(field, `Field "${field}": ${read.error.message}`, { messageRu: PHONE_ERROR_TEXTS[read.error.reason].ru });
}
