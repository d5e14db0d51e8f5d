import { describe, expect, it } from 'vitest';
import { LAUNCH_TYPES, MAILING_STATUSES } from '../../shared/mailings';
import { isRefusal, MAILING_EVENTS, nextStatus as tableNextStatus } from '../../shared/lifecycle';
import { DomainError } from '../../relay/domain/errors';
import { knownErrorAnswer } from '../../relay/http/on-error';
import { haltEventFor, hasEnded, nextStatus, statusesWhere } from '../../relay/mailings/lifecycle';

// The table itself (every transition and no other) is test/unit/shared/lifecycle.test.ts; here, what the relay makes of it.
describe("the relay's mailing lifecycle", () => {
  it('moves exactly where the shared table says, and refuses exactly where it refuses', () => {
    for (const status of MAILING_STATUSES) {
      for (const launchType of LAUNCH_TYPES) {
        for (const event of MAILING_EVENTS) {
          const expected = tableNextStatus(status, launchType, event);
          if (isRefusal(expected)) expect(() => nextStatus(status, launchType, event), `${status} ${event}`).toThrow(DomainError);
          else expect(nextStatus(status, launchType, event)).toBe(expected);
        }
      }
    }
  });

  it('refuses illegal transitions with a 409 that says why and what is allowed', () => {
    const error = (() => {
      try {
        nextStatus('finished', 'instant', 'pause');
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(knownErrorAnswer(error)?.status).toBe(409);
    expect(error!.code).toBe('invalid_transition');
    expect(error!.message).toBe('A finished mailing cannot be paused; that is possible from: running');
  });

  it('tells the scheduler and the engine where to look and how to halt', () => {
    expect(statusesWhere('start')).toEqual(['scheduled']);
    expect(MAILING_STATUSES.filter(hasEnded).sort()).toEqual(['cancelled', 'finished']);
    expect(haltEventFor('running')).toBe('pause');
    expect(haltEventFor('scheduled')).toBe('hold');
    expect(haltEventFor('finished')).toBeNull();
  });
});
