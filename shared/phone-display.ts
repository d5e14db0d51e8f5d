/**
 * How a stored number is shown to a user: libphonenumber's international format, «+7 912 345 67 89».
 * On the small metadata (formats without number types) so extension pages can carry it; it formats
 * exactly as shared/phones.ts's `international` does.
 */

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** `phone` in E.164, with or without its '+' (the relay stores '79123456789'); one it cannot read comes back as '+digits'. */
export function displayPhone(phone: string): string {
  const e164 = /^\d+$/.test(phone) ? `+${phone}` : phone;
  const parsed = parsePhoneNumberFromString(e164);
  return parsed?.isValid() ? parsed.formatInternational() : e164;
}
