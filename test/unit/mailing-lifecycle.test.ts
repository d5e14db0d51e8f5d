import { describe, expect, it } from 'vitest';
import { MAILING_STATUSES, type MailingStatus } from '../../shared/mailings';
import { DomainError } from '../../relay/domain/errors';
import { knownErrorAnswer } from '../../relay/http/on-error';
import { canHappen, nextStatus, type MailingEvent } from '../../relay/mailings/lifecycle';

describe('mailing lifecycle', () => {
  it.each([
    ['draft', 'instant', 'launch', 'running'],
    ['draft', 'deferred', 'launch', 'scheduled'],
    ['scheduled', 'deferred', 'start', 'running'],
    ['scheduled', 'deferred', 'hold', 'paused'],
    ['running', 'instant', 'pause', 'paused'],
    ['paused', 'instant', 'resume', 'running'],
    ['running', 'instant', 'finish', 'finished'],
    ['finished', 'instant', 'retry', 'running'],
    ['draft', 'instant', 'cancel', 'cancelled'],
    ['scheduled', 'deferred', 'cancel', 'cancelled'],
    ['running', 'instant', 'cancel', 'cancelled'],
    ['paused', 'instant', 'cancel', 'cancelled'],
  ] as const)('%s (%s) --%s--> %s', (from, launchType, event, to) => {
    expect(nextStatus(from, launchType, event)).toBe(to);
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
    expect(error!.message).toBe('A finished mailing cannot be paused; that is possible from: running');
  });

  it('has no way out of cancelled, and finished only leads back through a retry', () => {
    const events: MailingEvent[] = ['launch', 'start', 'hold', 'pause', 'resume', 'retry', 'finish', 'cancel'];
    expect(events.filter((e) => canHappen('cancelled', e))).toEqual([]);
    expect(events.filter((e) => canHappen('finished', e))).toEqual(['retry']);
    for (const status of MAILING_STATUSES as readonly MailingStatus[]) {
      expect(canHappen(status, 'cancel')).toBe(!['finished', 'cancelled'].includes(status));
    }
  });
});
