import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { PHONE_ERROR_TEXTS, tryNormalizePhone } from '../../shared/phones';
import type { PhoneCheck } from '../messaging/protocol';

/**
 * Phone logic for the pages, run in the background so the content script stays small
 * (libphonenumber's metadata is most of its weight).
 */
export function checkPhone(input: string, defaultCountry: string): PhoneCheck {
  const result = tryNormalizePhone(input, { defaultCountry });
  if (result.ok) return { ok: true, digits: result.phone.digits, international: result.phone.international, country: result.phone.country };
  return { ok: false, reason: result.error.reason, message: result.error.message, messageRu: PHONE_ERROR_TEXTS[result.error.reason].ru };
}

/** Numbers written in a page's text, as they were written, mobiles first. */
export function findPhonesInText(text: string, defaultCountry: string, limit = 10): string[] {
  const found = findPhoneNumbersInText(text.slice(0, 50_000), { defaultCountry: defaultCountry as CountryCode });
  const seen = new Set<string>();
  const scored: { raw: string; mobile: boolean }[] = [];
  for (const match of found) {
    const e164 = match.number.number;
    if (seen.has(e164)) continue;
    seen.add(e164);
    const type = match.number.getType();
    scored.push({ raw: text.slice(match.startsAt, match.endsAt), mobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' });
  }
  return scored
    .sort((a, b) => Number(b.mobile) - Number(a.mobile))
    .slice(0, limit)
    .map((s) => s.raw);
}
