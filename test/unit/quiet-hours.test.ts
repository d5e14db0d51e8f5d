import { describe, expect, it } from 'vitest';
import { isQuiet, parseQuietWindow, recipientTimeZone } from '../../relay/mailings/quiet-hours';

const at = (isoUtc: string) => Date.parse(isoUtc);

describe('quiet hours', () => {
  const night = parseQuietWindow('21:00-09:00');

  it('parses windows and refuses nonsense', () => {
    expect(night).toEqual({ startMinute: 1260, endMinute: 540 });
    expect(parseQuietWindow('25:00-09:00')).toBeNull();
    expect(parseQuietWindow('9-21')).toBeNull();
    expect(parseQuietWindow('10:00-10:00')).toBeNull();
  });

  it("holds at night in the recipient's zone, across midnight", () => {
    // 19:30 UTC is 22:30 in Moscow (quiet) and 00:30 in Novosibirsk (quiet), 19:30 in London (not).
    expect(isQuiet(night, at('2026-11-24T19:30:00Z'), 'Europe/Moscow')).toBe(true);
    expect(isQuiet(night, at('2026-11-24T19:30:00Z'), 'Asia/Novosibirsk')).toBe(true);
    expect(isQuiet(night, at('2026-11-24T19:30:00Z'), 'Europe/London')).toBe(false);
    // 06:00 UTC: 09:00 Moscow (window ends), 13:00 Novosibirsk.
    expect(isQuiet(night, at('2026-11-25T06:00:00Z'), 'Europe/Moscow')).toBe(false);
    expect(isQuiet(night, at('2026-11-25T05:59:00Z'), 'Europe/Moscow')).toBe(true);
  });

  it('handles a window inside one day', () => {
    const lunch = parseQuietWindow('13:00-14:00');
    expect(isQuiet(lunch, at('2026-11-24T13:30:00Z'), 'UTC')).toBe(true);
    expect(isQuiet(lunch, at('2026-11-24T14:00:00Z'), 'UTC')).toBe(false);
    expect(isQuiet(null, at('2026-11-24T13:30:00Z'), 'UTC')).toBe(false);
  });

  it('tells the zone from a field, a Russian city or a one-zone country, else leaves it to the relay', () => {
    expect(recipientTimeZone({ country: 'RU', city: 'Новосибирск' })).toBe('Asia/Novosibirsk');
    expect(recipientTimeZone({ country: 'RU', city: 'Казань' })).toBe('Europe/Moscow');
    expect(recipientTimeZone({ country: 'RU', city: 'Урюпинск' })).toBeUndefined();
    expect(recipientTimeZone({ country: 'BY' })).toBe('Europe/Minsk');
    expect(recipientTimeZone({ country: 'RU', fields: { timeZone: 'Asia/Vladivostok' } })).toBe('Asia/Vladivostok');
    expect(recipientTimeZone({ country: 'RU', fields: { timeZone: 'Mars/Olympus' } })).toBeUndefined();
  });
});
