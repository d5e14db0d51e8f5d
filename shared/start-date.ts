import type { LaunchType } from './mailings';

/** Why a mailing's start date will not do: a deferred mailing has none, or it is not in the future. */
export type StartDateProblem = 'missing' | 'in_past';

/**
 * The start-date rule, the same in the form and on the relay: a deferred mailing needs a start, later
 * than `now`; an instant one needs none (whatever it holds is ignored). A date that cannot be read is
 * left to the schema that checks its format.
 */
export function startDateProblem(launchType: LaunchType, startAt: string | null | undefined, now: number): StartDateProblem | null {
  if (launchType === 'instant') return null;
  if (!startAt) return 'missing';
  return Date.parse(startAt) <= now ? 'in_past' : null;
}

interface Words {
  code: string;
  message: string;
  messageRu: string;
}

/**
 * The words for each problem. `form`: what the mailing form shows next to the field; `relay`: the
 * relay's answer, a field error ("Field "startAt": …"). The Russian of a missing date differs between
 * the two today; both are kept as they were.
 */
export const START_DATE_WORDS: Record<StartDateProblem, { form: Words; relay: Words }> = {
  missing: {
    form: { code: 'required', message: 'A deferred mailing needs a start date', messageRu: 'Для отложенного запуска укажите дату начала' },
    relay: { code: 'invalid_request', message: 'Field "startAt": is required for a deferred mailing', messageRu: 'Для отложенной рассылки нужна дата начала' },
  },
  in_past: {
    form: { code: 'in_past', message: 'The start date must be in the future', messageRu: 'Дата начала должна быть в будущем' },
    relay: { code: 'invalid_request', message: 'Field "startAt": must be in the future', messageRu: 'Дата начала должна быть в будущем' },
  },
};
