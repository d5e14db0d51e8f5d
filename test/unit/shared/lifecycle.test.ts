import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  audienceEditable,
  canHappen,
  deletable,
  editableFields,
  isLive,
  isRefusal,
  LIFECYCLE,
  MAILING_ACTIONS,
  MAILING_EVENTS,
  nextStatus,
  showsAnalytics,
} from '../../../shared/lifecycle';
import { LAUNCH_TYPES, MAILING_STATUSES } from '../../../shared/mailings';

describe('the shared lifecycle table', () => {
  it.each([
    ['draft', 'instant', 'launch', 'running'],
    ['draft', 'deferred', 'launch', 'scheduled'],
    ['scheduled', 'deferred', 'start', 'running'],
    ['scheduled', 'deferred', 'hold', 'paused'],
    ['running', 'instant', 'pause', 'paused'],
    ['paused', 'instant', 'resume', 'running'],
    ['paused', 'instant', 'retry', 'running'],
    ['running', 'instant', 'finish', 'finished'],
    ['finished', 'instant', 'retry', 'running'],
    ['draft', 'instant', 'cancel', 'cancelled'],
    ['scheduled', 'deferred', 'cancel', 'cancelled'],
    ['running', 'instant', 'cancel', 'cancelled'],
    ['paused', 'instant', 'cancel', 'cancelled'],
  ] as const)('%s (%s) --%s--> %s', (from, launchType, event, to) => {
    expect(nextStatus(from, launchType, event)).toBe(to);
  });

  it('has exactly the transitions above and no others', () => {
    const all = MAILING_STATUSES.flatMap((status) => MAILING_EVENTS.filter((event) => canHappen(status, event)).map((event) => `${status}:${event}`));
    expect(all.sort()).toEqual(
      [
        'draft:launch',
        'draft:cancel',
        'scheduled:start',
        'scheduled:hold',
        'scheduled:cancel',
        'running:pause',
        'running:finish',
        'running:cancel',
        'paused:resume',
        'paused:retry',
        'paused:cancel',
        'finished:retry',
      ].sort(),
    );
  });

  it('refuses an impossible event with a value in both languages, in the words the relay always used', () => {
    const refusal = nextStatus('finished', 'instant', 'pause');
    expect(isRefusal(refusal)).toBe(true);
    expect(refusal).toEqual({
      refused: true,
      code: 'invalid_transition',
      message: 'A finished mailing cannot be paused; that is possible from: running',
      messageRu: 'Рассылку в состоянии «finished» нельзя приостановить',
      possibleFrom: ['running'],
    });
  });

  it('lists where an event is possible from in the order the relay always listed it', () => {
    const text = (status: (typeof MAILING_STATUSES)[number], event: (typeof MAILING_EVENTS)[number]) => {
      const result = nextStatus(status, 'instant', event);
      return isRefusal(result) ? result.message : result;
    };
    expect(text('running', 'retry')).toBe('A running mailing cannot be retried; that is possible from: finished, paused');
    expect(text('cancelled', 'cancel')).toBe('A cancelled mailing cannot be cancelled; that is possible from: draft, scheduled, running, paused');
    expect(text('running', 'launch')).toBe('A running mailing cannot be launched; that is possible from: draft');
  });

  it('lets a draft change everything, a paused mailing only its text, and nothing else change at all', () => {
    expect(MAILING_STATUSES.map((s) => [s, editableFields(s)])).toEqual([
      ['draft', 'all'],
      ['scheduled', 'none'],
      ['running', 'none'],
      ['paused', 'text'],
      ['finished', 'none'],
      ['cancelled', 'none'],
    ]);
    expect(MAILING_STATUSES.filter(audienceEditable)).toEqual(['draft']);
  });

  it('deletes only what is not under way (cancel it first)', () => {
    expect(MAILING_STATUSES.filter(deletable)).toEqual(['draft', 'finished', 'cancelled']);
  });

  it('offers a person the buttons the extension shows, each an event the table allows', () => {
    expect(Object.fromEntries(MAILING_STATUSES.map((s) => [s, allowedActions(s)]))).toEqual({
      draft: ['launch'],
      scheduled: ['cancel'],
      running: ['pause', 'cancel'],
      paused: ['resume', 'retry', 'cancel'],
      finished: ['retry'],
      cancelled: [],
    });
    for (const status of MAILING_STATUSES) {
      for (const action of allowedActions(status)) {
        expect(MAILING_ACTIONS).toContain(action);
        for (const launchType of LAUNCH_TYPES) expect(isRefusal(nextStatus(status, launchType, action))).toBe(false);
      }
    }
  });

  it('is live while the relay sends or waits for the start, and shows figures once past the draft', () => {
    expect(MAILING_STATUSES.filter(isLive)).toEqual(['scheduled', 'running']);
    expect(MAILING_STATUSES.filter(showsAnalytics)).toEqual(['scheduled', 'running', 'paused', 'finished', 'cancelled']);
  });

  it('has a row for every status', () => {
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...MAILING_STATUSES].sort());
  });
});
