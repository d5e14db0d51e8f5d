/** Where a message is in its life, as the product shows it. */
/**
 * sending: the relay is handing it to the provider (written before the call, so a crash leaves a trace);
 * queued: the provider took it; sent: on its way through the operator; unknown: its fate was lost
 * (a crash or a timeout mid-send) and it is never re-sent on its own.
 */
export const MESSAGE_STATUSES = ['sending', 'queued', 'sent', 'delivered', 'failed', 'unknown'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Statuses after which nothing more will be heard from the provider. */
export const FINAL_STATUSES: ReadonlySet<MessageStatus> = new Set(['delivered', 'failed']);

export const isFinalStatus = (status: MessageStatus): boolean => FINAL_STATUSES.has(status);

export const STATUS_LABELS: Record<MessageStatus, { ru: string; en: string }> = {
  sending: { ru: 'Отправляется', en: 'Sending' },
  queued: { ru: 'В очереди', en: 'Queued' },
  sent: { ru: 'Отправлено', en: 'Sent' },
  delivered: { ru: 'Доставлено', en: 'Delivered' },
  failed: { ru: 'Не доставлено', en: 'Failed' },
  unknown: { ru: 'Неизвестно', en: 'Unknown' },
};

/** How far along a status is; a report never moves a message back (a late "sent" after "delivered"). */
const PROGRESS: Record<MessageStatus, number> = { sending: 0, unknown: 0, queued: 1, sent: 2, delivered: 3, failed: 3 };

export const isStatusProgress = (from: MessageStatus, to: MessageStatus): boolean => !isFinalStatus(from) && PROGRESS[to] > PROGRESS[from];
