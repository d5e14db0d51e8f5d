import type { LaunchType, MailingStatus } from './mailings';

/**
 * What can happen to a mailing. The scheduler and engine raise some; people raise the others.
 * launch: a person, [Запустить рассылку]; start: the scheduler, a deferred mailing's start time came;
 * hold: the scheduler, the start passed while the relay was down, beyond the grace period; pause: a
 * person, or the engine (insufficient funds, error rate); resume; retry: a person, send the failed /
 * unknown recipients again; finish: the engine, nothing left to send; cancel.
 */
export const MAILING_EVENTS = ['launch', 'start', 'hold', 'pause', 'resume', 'retry', 'finish', 'cancel'] as const;
export type MailingEvent = (typeof MAILING_EVENTS)[number];

/** The events a person raises with a button; each is one POST on the relay. */
export const MAILING_ACTIONS = ['launch', 'pause', 'resume', 'cancel', 'retry'] as const;
export type MailingAction = (typeof MAILING_ACTIONS)[number];

/** The actions that may start sending: the extension takes them only from a real user's click. */
export const SENDING_ACTIONS: readonly MailingAction[] = ['launch', 'resume', 'retry'];

/** Which of a mailing's own fields may still change: all of them, only its text, or none. */
export type EditScope = 'all' | 'text' | 'none';

export interface StatusRules {
  /** Where each event that may happen now leads (a launch: by the mailing's launch type). */
  on: Partial<Record<MailingEvent, MailingStatus | Record<LaunchType, MailingStatus>>>;
  edit: EditScope;
  /** Its contacts and groups may still change (after the launch the audience is frozen). */
  audience: boolean;
  deletable: boolean;
  /** The buttons a person gets, in the order they are shown. */
  actions: readonly MailingAction[];
  /** The relay is working on it (sending, or waiting for its start): worth asking again soon. */
  live: boolean;
  /** Past its draft: its figures (progress, analytics) are what it shows. */
  analytics: boolean;
}

/**
 * The one table of a mailing's lifecycle. The relay decides with it and the extension shows its buttons
 * from it. The order of the statuses is the order a refusal lists where an event is possible from.
 */
export const LIFECYCLE: Readonly<Record<MailingStatus, StatusRules>> = {
  draft: {
    on: { launch: { instant: 'running', deferred: 'scheduled' }, cancel: 'cancelled' },
    edit: 'all',
    audience: true,
    deletable: true,
    actions: ['launch'],
    live: false,
    analytics: false,
  },
  scheduled: {
    on: { start: 'running', hold: 'paused', cancel: 'cancelled' },
    edit: 'none',
    audience: false,
    deletable: false,
    actions: ['cancel'],
    live: true,
    analytics: true,
  },
  running: {
    on: { pause: 'paused', finish: 'finished', cancel: 'cancelled' },
    edit: 'none',
    audience: false,
    deletable: false,
    actions: ['pause', 'cancel'],
    live: true,
    analytics: true,
  },
  finished: {
    on: { retry: 'running' },
    edit: 'none',
    audience: false,
    deletable: true,
    actions: ['retry'],
    live: false,
    analytics: true,
  },
  paused: {
    on: { resume: 'running', retry: 'running', cancel: 'cancelled' },
    edit: 'text',
    audience: false,
    deletable: false,
    actions: ['resume', 'retry', 'cancel'],
    live: false,
    analytics: true,
  },
  cancelled: {
    on: {},
    edit: 'none',
    audience: false,
    deletable: true,
    actions: [],
    live: false,
    analytics: true,
  },
};

/** Why an event does not apply now, in both languages; the relay turns it into its own error. */
export interface TransitionRefusal {
  refused: true;
  code: 'invalid_transition';
  message: string;
  messageRu: string;
  /** The statuses the event is possible from. */
  possibleFrom: MailingStatus[];
}

const EVENT_WORDS: Record<MailingEvent, string> = {
  launch: 'launched',
  start: 'started',
  hold: 'held',
  pause: 'paused',
  resume: 'resumed',
  retry: 'retried',
  finish: 'finished',
  cancel: 'cancelled',
};

const EVENT_WORDS_RU: Record<MailingEvent, string> = {
  launch: 'запустить',
  start: 'начать',
  hold: 'отложить',
  pause: 'приостановить',
  resume: 'возобновить',
  retry: 'повторить',
  finish: 'завершить',
  cancel: 'отменить',
};

const STATUS_ORDER = Object.keys(LIFECYCLE) as MailingStatus[];

export const canHappen = (status: MailingStatus, event: MailingEvent): boolean => LIFECYCLE[status].on[event] !== undefined;

export const isRefusal = (result: MailingStatus | TransitionRefusal): result is TransitionRefusal => typeof result !== 'string';

/** The status after `event`, or a refusal that says why the event does not apply now. */
export function nextStatus(status: MailingStatus, launchType: LaunchType, event: MailingEvent): MailingStatus | TransitionRefusal {
  const target = LIFECYCLE[status].on[event];
  if (target !== undefined) return typeof target === 'string' ? target : target[launchType];
  const possibleFrom = STATUS_ORDER.filter((from) => canHappen(from, event));
  return {
    refused: true,
    code: 'invalid_transition',
    message: `A ${status} mailing cannot be ${EVENT_WORDS[event]}; that is possible from: ${possibleFrom.join(', ')}`,
    messageRu: `Рассылку в состоянии «${status}» нельзя ${EVENT_WORDS_RU[event]}`,
    possibleFrom,
  };
}

export const editableFields = (status: MailingStatus): EditScope => LIFECYCLE[status].edit;
export const audienceEditable = (status: MailingStatus): boolean => LIFECYCLE[status].audience;
export const deletable = (status: MailingStatus): boolean => LIFECYCLE[status].deletable;
export const allowedActions = (status: MailingStatus): readonly MailingAction[] => LIFECYCLE[status].actions;
export const canDo = (status: MailingStatus, action: MailingAction): boolean => LIFECYCLE[status].actions.includes(action);
export const isLive = (status: MailingStatus): boolean => LIFECYCLE[status].live;
export const showsAnalytics = (status: MailingStatus): boolean => LIFECYCLE[status].analytics;
