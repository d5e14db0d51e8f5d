import { LIFECYCLE, canHappen, isRefusal, nextStatus as nextStatusOrRefusal, type MailingEvent } from '../../shared/lifecycle';
import type { LaunchType, MailingStatus } from '../../shared/mailings';
import { conflict } from '../domain/errors';

export { audienceEditable, canHappen, deletable, editableFields, type MailingEvent } from '../../shared/lifecycle';

/** The status after `event`, or a conflict (`invalid_transition`) that says why the event does not apply now. */
export function nextStatus(status: MailingStatus, launchType: LaunchType, event: MailingEvent): MailingStatus {
  const next = nextStatusOrRefusal(status, launchType, event);
  if (isRefusal(next)) throw conflict(next.code, next.message, { messageRu: next.messageRu });
  return next;
}

const STATUSES = Object.keys(LIFECYCLE) as MailingStatus[];

/** The statuses `event` may happen from (what the scheduler looks for). */
export const statusesWhere = (event: MailingEvent): MailingStatus[] => STATUSES.filter((status) => canHappen(status, event));

const targetsOf = (event: MailingEvent): MailingStatus[] =>
  STATUSES.flatMap((status) => {
    const target = LIFECYCLE[status].on[event];
    return target === undefined ? [] : typeof target === 'string' ? [target] : Object.values(target);
  });

/** Where finishing and cancelling lead: a mailing there sends nothing more unless a person retries it. */
const ENDED = new Set([...targetsOf('finish'), ...targetsOf('cancel')]);

export const hasEnded = (status: MailingStatus): boolean => ENDED.has(status);

/** The event that stops a mailing the engine must set aside (a pause if it sends, a hold if it waits for its start). */
export const haltEventFor = (status: MailingStatus): MailingEvent | null => (canHappen(status, 'pause') ? 'pause' : canHappen(status, 'hold') ? 'hold' : null);
