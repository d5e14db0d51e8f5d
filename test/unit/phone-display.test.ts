import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { displayPhone } from '../../shared/phone-display';
import { normalizePhone } from '../../shared/phones';

/** One way to write a number for people, everywhere: the sent list's (small metadata) is the dialog's (full). */
describe('displayPhone', () => {
  it.each([
    ['79123456789', '+7 912 345 67 89'],
    ['+79123456789', '+7 912 345 67 89'],
    ['375291234567', '+375 29 123 45 67'],
    ['77011234567', '+7 701 123 4567'],
    ['447400123456', '+44 7400 123456'],
  ])('%s → %s', (stored, shown) => {
    expect(displayPhone(stored)).toBe(shown);
  });

  it("writes every country's example mobile exactly as normalizePhone's `international`", () => {
    const differing = getCountries().flatMap((country) => {
      const example = getExampleNumber(country, mobileExamples);
      if (!example) return [];
      const full = normalizePhone(example.number, { defaultCountry: 'RU' }).international;
      return [example.number.slice(1), example.number]
        .map((stored) => displayPhone(stored))
        .filter((shown) => shown !== full)
        .map((shown) => `${country}: ${shown} ≠ ${full}`);
    });
    expect(differing).toEqual([]);
  });

  it('a number it cannot read is shown as stored, with its "+"', () => {
    expect(displayPhone('123')).toBe('+123');
    expect(displayPhone('+999123')).toBe('+999123');
  });
});
