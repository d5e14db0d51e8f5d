/** Phone number normalisation for sending SMS, on top of libphonenumber-js. */

import {
  ParseError,
  getCountryCallingCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
  type PhoneNumberType,
} from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';

export type PhoneErrorReason = 'empty' | 'not_a_number' | 'too_short' | 'too_long' | 'invalid_country_code' | 'invalid' | 'not_mobile' | 'country_not_allowed';

export class PhoneError extends Error {
  override readonly name = 'PhoneError';
  readonly reason: PhoneErrorReason;
  readonly input: string;
  readonly country?: string;

  constructor(reason: PhoneErrorReason, input: string, message: string, country?: string) {
    super(message);
    this.reason = reason;
    this.input = input;
    if (country !== undefined) this.country = country;
  }
}

export interface NormalizedPhone {
  /** E.164 without '+', e.g. '79123456789': what providers get. */
  digits: string;
  e164: string;
  /** ISO 3166 alpha-2, e.g. 'RU', 'KZ'. */
  country: string;
  type: 'mobile' | 'fixed_or_mobile' | 'unknown';
  /** As libphonenumber formats it, e.g. '+7 912 345 67 89'. */
  international: string;
}

export interface PhoneOptions {
  /** Country assumed for numbers written without an international prefix, e.g. 'RU'. */
  defaultCountry: string;
  /** '*' or undefined means any country. */
  allowedCountries?: readonly string[] | '*';
}

export const PHONE_ERROR_TEXTS: Record<PhoneErrorReason, { ru: string; en: string }> = {
  empty: { ru: 'Номер телефона не указан', en: 'The phone number is missing' },
  not_a_number: { ru: 'Это не номер телефона', en: 'This is not a phone number' },
  too_short: { ru: 'Номер слишком короткий', en: 'The number is too short' },
  too_long: { ru: 'Номер слишком длинный', en: 'The number is too long' },
  invalid_country_code: { ru: 'Неизвестный код страны', en: 'Unknown country code' },
  invalid: { ru: 'Такого номера не существует', en: 'No such phone number exists' },
  not_mobile: { ru: 'Это не мобильный номер', en: 'This is not a mobile number' },
  country_not_allowed: { ru: 'Отправка в эту страну запрещена', en: 'Sending to this country is not allowed' },
};

/** Number types that certainly cannot receive SMS, with how a message names them. */
const NON_MOBILE_TYPES: Partial<Record<PhoneNumberType, string>> = {
  FIXED_LINE: 'a landline',
  TOLL_FREE: 'a toll-free',
  PREMIUM_RATE: 'a premium-rate',
  SHARED_COST: 'a shared-cost',
  UAN: 'a universal access',
  VOICEMAIL: 'a voicemail',
};

/** Reasons that need nothing but the input to explain them. */
type InputProblem = Exclude<PhoneErrorReason, 'empty' | 'not_mobile' | 'country_not_allowed'>;

const INPUT_PROBLEM_MESSAGES: Record<InputProblem, string> = {
  not_a_number: 'is not a phone number.',
  too_short: 'is too short for a phone number.',
  too_long: 'is too long for a phone number.',
  invalid_country_code: 'starts with an unknown country calling code.',
  invalid: 'is not a valid phone number.',
};

/** libphonenumber's length verdicts and parse error codes (they share names). */
const LIBPHONENUMBER_PROBLEMS: Record<string, InputProblem> = {
  NOT_A_NUMBER: 'not_a_number',
  INVALID_COUNTRY: 'invalid_country_code',
  TOO_SHORT: 'too_short',
  TOO_LONG: 'too_long',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function normalizePhone(input: string, options: PhoneOptions): NormalizedPhone {
  const defaultCountry = supportedCountry(options.defaultCountry);
  const text = input.trim();
  if (text === '') throw new PhoneError('empty', input, 'The phone number is empty.');

  const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
  if (lengthProblem && lengthProblem !== 'INVALID_LENGTH') throw failure(input, problemFromLibphonenumber(lengthProblem));
  const phone = parseWhole(text, defaultCountry);
  if (typeof phone === 'string') throw failure(input, phone);
  // A length between the shortest and the longest the country uses, yet matching none of them.
  if (lengthProblem === 'INVALID_LENGTH') throw failure(input, reasonForOddLength(phone));

  const country = phone.country;
  if (!phone.isValid() || !country) throw failure(input, 'invalid');

  const { allowedCountries } = options;
  if (allowedCountries !== undefined && allowedCountries !== '*' && !includesCountry(allowedCountries, country)) {
    const allowedList = allowedCountries.join(', ') || 'none';
    throw new PhoneError('country_not_allowed', input, `"${input}" is a number in ${countryName(country)}; allowed countries: ${allowedList}.`, country);
  }

  const type = phone.getType();
  const nonMobileKind = type && NON_MOBILE_TYPES[type];
  if (nonMobileKind) {
    throw new PhoneError('not_mobile', input, `"${input}" is ${nonMobileKind} number, not a mobile one.`, country);
  }

  return {
    digits: phone.number.slice(1),
    e164: phone.number,
    country,
    type: type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE_OR_MOBILE' ? 'fixed_or_mobile' : 'unknown',
    international: phone.formatInternational(),
  };
}

export function tryNormalizePhone(input: string, options: PhoneOptions): { ok: true; phone: NormalizedPhone } | { ok: false; error: PhoneError } {
  try {
    return { ok: true, phone: normalizePhone(input, options) };
  } catch (error) {
    if (error instanceof PhoneError) return { ok: false, error };
    throw error;
  }
}

function supportedCountry(country: string): CountryCode {
  const code = country.toUpperCase();
  if (!isSupportedCountry(code)) throw new RangeError(`Unknown default country "${country}".`);
  return code;
}

/** A number buried in other text is a problem, not something to extract. */
function parseWhole(text: string, defaultCountry: CountryCode): PhoneNumber | InputProblem {
  try {
    return parsePhoneNumberWithError(text, { defaultCountry, extract: false });
  } catch (error) {
    if (error instanceof ParseError) return problemFromLibphonenumber(error.message);
    throw error;
  }
}

/** Too long or too short, judged against a typical mobile number of the number's country. */
function reasonForOddLength(phone: PhoneNumber): InputProblem {
  const country = phone.country ?? phone.getPossibleCountries()[0];
  const example = country && getExampleNumber(country, mobileExamples);
  if (!example) return 'invalid';
  return phone.nationalNumber.length > example.nationalNumber.length ? 'too_long' : 'too_short';
}

function includesCountry(countries: readonly string[], country: string): boolean {
  return countries.some((code) => code.toUpperCase() === country);
}

function countryName(country: string): string {
  const name = regionNames.of(country);
  return name && name !== country ? `${name} (${country})` : country;
}

function problemFromLibphonenumber(code: string): InputProblem {
  return LIBPHONENUMBER_PROBLEMS[code] ?? 'invalid';
}

function failure(input: string, problem: InputProblem): PhoneError {
  return new PhoneError(problem, input, `"${input}" ${INPUT_PROBLEM_MESSAGES[problem]}`);
}

/**
 * What a number's SMS price goes by, as far as its digits tell: its country calling code and the three
 * digits after it (in Russia's numbering the operator's code, 912 of +7 912…; in North America the area
 * code). Numbers of one class cost the same per part at a provider that prices by destination.
 */
export function priceClassOf(digits: string, country: string | null): string {
  let codeLength = country === null ? undefined : callingCodeLengths.get(country);
  if (codeLength === undefined) {
    codeLength = country !== null && isSupportedCountry(country) ? getCountryCallingCode(country).length : 1;
    if (country !== null) callingCodeLengths.set(country, codeLength);
  }
  return digits.slice(0, codeLength + 3);
}

/** By country: a mailing asks for every recipient, and the library looks the code up in its metadata each time. */
const callingCodeLengths = new Map<string, number>();
