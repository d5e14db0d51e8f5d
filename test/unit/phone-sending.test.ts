import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownErrorAnswer } from '../../relay/http/on-error';
import { loadConfig } from '../../relay/config';
import { phoneForSending } from '../../relay/phone-policy';

/**
 * The relay with its default settings (RU for numbers without a code; RU, KZ and BY allowed): the number
 * must come with its "+" — bare digits are read as a Russian number — and a refusal says why in Russian.
 */
const config = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'crmsms-phones-')) });
const phones = { defaultCountry: config.defaultCountry, allowedCountries: config.allowedCountries };

/** The relay's answer to the refusal: its status and `error` body. */
function refusal(input: string) {
  try {
    phoneForSending(input, phones);
  } catch (error) {
    const answer = knownErrorAnswer(error);
    if (answer) return { status: answer.status, ...answer.body.error };
    throw error;
  }
  throw new Error(`"${input}" was accepted`);
}

describe("the relay's phone policy, default settings", () => {
  it('allows Russia, Kazakhstan and Belarus', () => {
    expect(config.defaultCountry).toBe('RU');
    expect(config.allowedCountries).toEqual(['RU', 'KZ', 'BY']);
  });

  it.each([
    ['+375291234567', '375291234567', 'BY'],
    ['+375 29 123-45-67', '375291234567', 'BY'],
    ['+77011234567', '77011234567', 'KZ'],
    ['+79123456789', '79123456789', 'RU'],
    ['79123456789', '79123456789', 'RU'],
  ])('takes %j as %s (%s)', (input, digits, country) => {
    expect(phoneForSending(input, phones)).toMatchObject({ digits, country });
  });

  it('reads bare Belarus digits as a Russian number that is too long: why the dialog sends the "+"', () => {
    const error = refusal('375291234567');
    expect(error.messageRu).toBe('Номер слишком длинный');
  });

  it('refuses a UK number with the country reason, in Russian and naming the country in English', () => {
    const error = refusal('+447400123456');
    expect(error.status).toBe(422);
    expect(error.code).toBe('invalid_phone');
    expect(error.messageRu).toBe('Отправка в эту страну запрещена');
    expect(error.message).toMatch(/United Kingdom \(GB\); allowed countries: RU, KZ, BY/);
  });
});
