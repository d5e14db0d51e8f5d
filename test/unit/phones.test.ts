import { describe, expect, it } from 'vitest';
import { PHONE_ERROR_TEXTS, PhoneError, normalizePhone, priceClassOf, tryNormalizePhone, type PhoneErrorReason, type PhoneOptions } from '../../shared/phones.js';

const RU: PhoneOptions = { defaultCountry: 'RU' };

function reasonOf(input: string, options: PhoneOptions = RU): PhoneErrorReason | 'accepted' {
  const result = tryNormalizePhone(input, options);
  return result.ok ? 'accepted' : result.error.reason;
}

function errorOf(input: string, options: PhoneOptions = RU): PhoneError {
  const result = tryNormalizePhone(input, options);
  if (result.ok) throw new Error(`"${input}" was accepted as ${result.phone.e164}`);
  return result.error;
}

describe('normalizePhone: Russian mobiles', () => {
  it.each([
    '8 (912) 345-67-89',
    '+7 912 345 67 89',
    '7(912)3456789',
    '9123456789',
    '+7-912-345-67-89',
    '79123456789',
    '89123456789',
    '  +7 (912) 345 67 89  ',
    '+7\u00a0912\u00a0345\u00a067\u00a089',
  ])('%j → 79123456789', (input) => {
    expect(normalizePhone(input, RU)).toEqual({
      digits: '79123456789',
      e164: '+79123456789',
      country: 'RU',
      type: 'mobile',
      international: '+7 912 345 67 89',
    });
  });

  it.each([
    ['+7 901 123 45 67', '79011234567'],
    ['8 958 123 45 67', '79581234567'],
    ['+7 999 000 00 00', '79990000000'],
  ])('%j is a mobile', (input, digits) => {
    expect(normalizePhone(input, RU)).toMatchObject({ digits, country: 'RU', type: 'mobile' });
  });

  it('drops an extension, which SMS cannot reach anyway', () => {
    expect(normalizePhone('+7 912 345 67 89 доб. 12', RU).digits).toBe('79123456789');
  });

  it('accepts the default country in lower case', () => {
    expect(normalizePhone('8 912 345 67 89', { defaultCountry: 'ru' }).country).toBe('RU');
  });
});

describe('normalizePhone: Kazakhstan shares +7', () => {
  it.each([
    ['+7 701 123 45 67', '77011234567'],
    ['8 701 123 45 67', '77011234567'],
    ['+7 (700) 123-45-67', '77001234567'],
    ['87471234567', '77471234567'],
  ])('%j with default RU is Kazakh', (input, digits) => {
    const phone = normalizePhone(input, RU);
    expect(phone).toMatchObject({ digits, e164: `+${digits}`, country: 'KZ', type: 'mobile' });
    expect(phone.international).toMatch(/^\+7 7\d\d /);
  });

  it('a Russian mobile stays Russian with default KZ', () => {
    expect(normalizePhone('8 912 345 67 89', { defaultCountry: 'KZ' }).country).toBe('RU');
  });
});

describe('normalizePhone: other countries', () => {
  it.each([
    ['+44 7400 123456', RU, '447400123456', 'GB', 'mobile', '+44 7400 123456'],
    ['+375 29 123-45-67', RU, '375291234567', 'BY', 'mobile', '+375 29 123 45 67'],
    ['8 029 123 45 67', { defaultCountry: 'BY' }, '375291234567', 'BY', 'mobile', '+375 29 123 45 67'],
    ['+380 67 123 4567', RU, '380671234567', 'UA', 'mobile', '+380 67 123 4567'],
    ['+49 1512 3456789', RU, '4915123456789', 'DE', 'mobile', '+49 1512 3456789'],
    ['+1 650 253 0000', RU, '16502530000', 'US', 'fixed_or_mobile', '+1 650 253 0000'],
    ['+44 56 1234 5678', RU, '445612345678', 'GB', 'unknown', '+44 56 1234 5678'],
  ] as const)('%j → %s', (input, options, digits, country, type, international) => {
    expect(normalizePhone(input, options)).toEqual({ digits, e164: `+${digits}`, country, type, international });
  });

  it('reads a Belarus number written nationally with default RU as Russian, and rejects it', () => {
    // "8 029 …" only means Belarus when Belarus is the default country.
    expect(reasonOf('8 029 123 45 67')).toBe('invalid');
  });
});

describe('normalizePhone: rejected input', () => {
  it.each<[string, PhoneErrorReason]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\t\n', 'empty'],
    ['abc', 'not_a_number'],
    ['phone', 'not_a_number'],
    ['+', 'not_a_number'],
    ['++79123456789', 'not_a_number'],
    ['+7 912 345 67 89 abc', 'not_a_number'],
    ['Иван +79123456789', 'not_a_number'],
    ['912345', 'too_short'],
    ['8', 'too_short'],
    ['12', 'too_short'],
    ['+7 9123', 'too_short'],
    ['+7 (912) 345-67-8', 'too_short'],
    ['+44 740 012', 'too_short'],
    ['+7 912 345 67 890', 'too_long'],
    ['8 912 345 67 890', 'too_long'],
    ['+7912345678901234', 'too_long'],
    ['9123456789999999999999', 'too_long'],
    ['+44 7400 1234567', 'too_long'],
    ['+999 123456789', 'invalid_country_code'],
    ['+7 600 000 00 00', 'invalid'],
    ['+7 000 000 00 00', 'invalid'],
    ['+7 727 123 45 67', 'invalid'],
    ['+375 29 123 45 678', 'invalid'],
    ['+44 7700 900123', 'invalid'],
    ['+800 1234 5678', 'invalid'],
    ['+7 495 123-45-67', 'not_mobile'],
    ['8 (812) 123-45-67', 'not_mobile'],
    ['8 (3952) 12-34-56', 'not_mobile'],
    ['8 800 555 35 35', 'not_mobile'],
    ['+7 809 123 45 67', 'not_mobile'],
    ['+7 7172 123456', 'not_mobile'],
    ['+375 17 123-45-67', 'not_mobile'],
    ['+44 20 7946 0958', 'not_mobile'],
  ])('%j → %s', (input, reason) => {
    const error = errorOf(input);
    expect(error).toBeInstanceOf(PhoneError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ reason, input, name: 'PhoneError' });
  });

  it('throws PhoneError from normalizePhone', () => {
    expect(() => normalizePhone('abc', RU)).toThrow(PhoneError);
  });

  it('names the problem in an English message', () => {
    expect(errorOf('').message).toBe('The phone number is empty.');
    expect(errorOf('abc').message).toBe('"abc" is not a phone number.');
    expect(errorOf('912345').message).toBe('"912345" is too short for a phone number.');
    expect(errorOf('+7912345678901234').message).toBe('"+7912345678901234" is too long for a phone number.');
    expect(errorOf('+999 123456789').message).toBe('"+999 123456789" starts with an unknown country calling code.');
    expect(errorOf('+7 600 000 00 00').message).toBe('"+7 600 000 00 00" is not a valid phone number.');
    expect(errorOf('+7 495 123-45-67').message).toBe('"+7 495 123-45-67" is a landline number, not a mobile one.');
    expect(errorOf('8 800 555 35 35').message).toBe('"8 800 555 35 35" is a toll-free number, not a mobile one.');
  });

  it('keeps the input as given, surrounding spaces included', () => {
    expect(errorOf(' abc ')).toMatchObject({ input: ' abc ', message: '" abc " is not a phone number.' });
  });

  it('tells which country a landline belongs to', () => {
    expect(errorOf('+7 495 123-45-67').country).toBe('RU');
    expect(errorOf('+7 7172 123456').country).toBe('KZ');
  });

  it('rejects an unknown default country as a programming error, not a phone error', () => {
    expect(() => normalizePhone('+79123456789', { defaultCountry: 'XX' })).toThrow(RangeError);
    expect(() => tryNormalizePhone('+79123456789', { defaultCountry: 'XX' })).toThrow(RangeError);
  });
});

describe('normalizePhone: allowed countries', () => {
  it.each<[string, PhoneOptions['allowedCountries']]>([
    ['+7 701 123 45 67', undefined],
    ['+7 701 123 45 67', '*'],
    ['+7 701 123 45 67', ['RU', 'KZ']],
    ['+7 701 123 45 67', ['ru', 'kz']],
    ['+79123456789', ['RU']],
  ])('%j is accepted with %j', (input, allowedCountries) => {
    expect(reasonOf(input, { defaultCountry: 'RU', allowedCountries })).toBe('accepted');
  });

  it('rejects a Kazakh number when only Russia and Belarus are allowed, naming both sides', () => {
    const error = errorOf('+7 701 123 45 67', { defaultCountry: 'RU', allowedCountries: ['RU', 'BY'] });
    expect(error).toMatchObject({ reason: 'country_not_allowed', country: 'KZ', input: '+7 701 123 45 67' });
    expect(error.message).toBe('"+7 701 123 45 67" is a number in Kazakhstan (KZ); allowed countries: RU, BY.');
  });

  it('rejects every country when the list is empty', () => {
    const error = errorOf('+79123456789', { defaultCountry: 'RU', allowedCountries: [] });
    expect(error).toMatchObject({ reason: 'country_not_allowed', country: 'RU' });
    expect(error.message).toContain('allowed countries: none');
  });

  it('reports the country before the number type', () => {
    expect(reasonOf('+7 7172 123456', { defaultCountry: 'RU', allowedCountries: ['RU'] })).toBe('country_not_allowed');
  });

  it('still reports malformed input as such', () => {
    expect(reasonOf('912345', { defaultCountry: 'RU', allowedCountries: ['RU'] })).toBe('too_short');
  });
});

describe('tryNormalizePhone', () => {
  it('returns the phone on success', () => {
    expect(tryNormalizePhone('8 (912) 345-67-89', RU)).toEqual({ ok: true, phone: normalizePhone('+79123456789', RU) });
  });

  it('returns the error on failure', () => {
    const result = tryNormalizePhone('abc', RU);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toBe('not_a_number');
  });
});

describe('PHONE_ERROR_TEXTS', () => {
  const reasons: PhoneErrorReason[] = ['empty', 'not_a_number', 'too_short', 'too_long', 'invalid_country_code', 'invalid', 'not_mobile', 'country_not_allowed'];

  it('has a Russian and an English text for every reason', () => {
    expect(Object.keys(PHONE_ERROR_TEXTS).sort()).toEqual([...reasons].sort());
    for (const reason of reasons) {
      expect(PHONE_ERROR_TEXTS[reason].ru).toMatch(/[а-яё]/i);
      expect(PHONE_ERROR_TEXTS[reason].en).toMatch(/^[A-Z][a-z ]+$/);
    }
  });

  it('says "too short" in plain Russian', () => {
    expect(PHONE_ERROR_TEXTS.too_short.ru).toBe('Номер слишком короткий');
  });
});

describe('priceClassOf', () => {
  it('is the country calling code and the three digits after it', () => {
    expect(priceClassOf('79123456789', 'RU')).toBe('7912');
    expect(priceClassOf('77011234567', 'KZ')).toBe('7701');
    expect(priceClassOf('375291234567', 'BY')).toBe('375291');
    expect(priceClassOf('12025550123', 'US')).toBe('1202');
    // No country known: the first digit stands for the code.
    expect(priceClassOf('79123456789', null)).toBe('7912');
  });
});
