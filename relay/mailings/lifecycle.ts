import type { LaunchType, MailingStatus } from '../../shared/mailings';
import { ApiError } from '../api-error';

/** What can happen to a mailing. The scheduler and engine raise some; people raise the others. */
export type MailingEvent =
  | 'launch' // a person: [Запустить рассылку]
  | 'start' // the scheduler: a deferred mailing's start time came
  | 'hold' // the scheduler: the start passed while the relay was down, beyond the grace period
  | 'pause' // a person, or the engine (insufficient funds, error rate)
  | 'resume'
  | 'retry' // a person: send the failed / unknown recipients again
  | 'finish' // the engine: nothing left to send
  | 'cancel';

const TABLE: Record<MailingEvent, Partial<Record<MailingStatus, MailingStatus | ((launchType: LaunchType) => MailingStatus)>>> = {
  launch: { draft: (launchType) => (launchType === 'deferred' ? 'scheduled' : 'running') },
  start: { scheduled: 'running' },
  hold: { scheduled: 'paused' },
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  retry: { finished: 'running', paused: 'running' },
  finish: { running: 'finished' },
  cancel: { draft: 'cancelled', scheduled: 'cancelled', running: 'cancelled', paused: 'cancelled' },
};

/** Where the fields of a mailing may still be edited. */
export const EDITABLE: Record<MailingStatus, 'all' | 'text' | 'none'> = {
  draft: 'all', scheduled: 'none', running: 'none', paused: 'text', finished: 'none', cancelled: 'none',
};

const EVENT_WORDS: Record<MailingEvent, string> = {
  launch: 'launched', start: 'started', hold: 'held', pause: 'paused', resume: 'resumed', retry: 'retried', finish: 'finished', cancel: 'cancelled',
};

/** The status after `event`, or a 409 that says why the event does not apply now. */
export function nextStatus(status: MailingStatus, launchType: LaunchType, event: MailingEvent): MailingStatus {
  const target = TABLE[event][status];
  if (target === undefined) {
    const allowed = Object.keys(TABLE[event]).join(', ');
    throw new ApiError(409, 'invalid_transition', `A ${status} mailing cannot be ${EVENT_WORDS[event]}; that is possible from: ${allowed}`, {
      messageRu: `Рассылку в состоянии «${status}» нельзя ${EVENT_WORDS_RU[event]}`,
    });
  }
  return typeof target === 'function' ? target(launchType) : target;
}

const EVENT_WORDS_RU: Record<MailingEvent, string> = {
  launch: 'запустить', start: 'начать', hold: 'отложить', pause: 'приостановить', resume: 'возобновить', retry: 'повторить', finish: 'завершить', cancel: 'отменить',
};

export const canHappen = (status: MailingStatus, event: MailingEvent): boolean => TABLE[event][status] !== undefined;
