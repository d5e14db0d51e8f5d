import { describe, expect, it } from 'vitest';
import { START_DATE_WORDS, startDateProblem } from '../../../shared/start-date';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('the start-date rule (one for the form and the relay)', () => {
  it('a deferred mailing needs a start, later than now', () => {
    expect(startDateProblem('deferred', undefined, NOW)).toBe('missing');
    expect(startDateProblem('deferred', null, NOW)).toBe('missing');
    expect(startDateProblem('deferred', '', NOW)).toBe('missing');
    expect(startDateProblem('deferred', '2026-06-01T12:00:00Z', NOW)).toBe('in_past');
    expect(startDateProblem('deferred', '2026-06-01T11:59:59Z', NOW)).toBe('in_past');
    expect(startDateProblem('deferred', '2026-06-01T12:00:01Z', NOW)).toBeNull();
  });

  it('an instant mailing needs none, whatever it holds', () => {
    expect(startDateProblem('instant', undefined, NOW)).toBeNull();
    expect(startDateProblem('instant', '2020-01-01T00:00:00Z', NOW)).toBeNull();
  });

  it('leaves a date it cannot read to the format check', () => {
    expect(startDateProblem('deferred', 'not a date', NOW)).toBeNull();
  });

  it('keeps the words each side said before the rule moved here', () => {
    expect(START_DATE_WORDS.missing.form).toEqual({
      code: 'required',
      message: 'A deferred mailing needs a start date',
      messageRu: 'Для отложенного запуска укажите дату начала',
    });
    expect(START_DATE_WORDS.in_past.form).toEqual({ code: 'in_past', message: 'The start date must be in the future', messageRu: 'Дата начала должна быть в будущем' });
    expect(START_DATE_WORDS.missing.relay).toEqual({
      code: 'invalid_request',
      message: 'Field "startAt": is required for a deferred mailing',
      messageRu: 'Для отложенной рассылки нужна дата начала',
    });
    expect(START_DATE_WORDS.in_past.relay).toEqual({
      code: 'invalid_request',
      message: 'Field "startAt": must be in the future',
      messageRu: 'Дата начала должна быть в будущем',
    });
  });
});
