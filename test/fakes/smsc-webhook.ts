/**
 * SMSC.ru calling the account's handler address. Its statuses are the fields the relay's delivery reports
 * already read (`id`, `phone`, `status`, `err`); an incoming message to a receive number carries the
 * sender's `phone`, the text as `mes` (SMSC's name for a message's text), our number `to`, its `id` and
 * when it was sent (`sent`, unix seconds). The incoming fields are the relay's reading of SMSC's API, not
 * a copy of a documented example: no public example of that notification was found.
 */
export const smscIncoming = (fields: { id: string | number; phone: string; mes: string; to?: string; sent?: number }) =>
  new URLSearchParams({
    id: String(fields.id),
    phone: fields.phone,
    mes: fields.mes,
    to: fields.to ?? '79000000000',
    sent: String(fields.sent ?? 1_764_590_000),
  }).toString();

export const smscStatus = (fields: { id: string | number; phone: string; status: number; err?: number }) =>
  new URLSearchParams({
    id: String(fields.id),
    phone: fields.phone,
    status: String(fields.status),
    ...(fields.err !== undefined ? { err: String(fields.err) } : {}),
  }).toString();

export const SMSC_FORM = { 'content-type': 'application/x-www-form-urlencoded' };
