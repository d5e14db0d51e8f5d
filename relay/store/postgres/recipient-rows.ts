import type { RecipientState, SkipReason } from '../../../shared/mailings';
import type { StoredRecipient } from '../mailing-storage';

/** A mailing_recipients row as pg returns it (numeric as text, timestamptz as Date). */
export interface RecipientRow {
  idx: number;
  contact_id: string;
  name: string;
  phone: string | null;
  country: string | null;
  time_zone: string | null;
  text: string | null;
  parts: number;
  skip: SkipReason | null;
  state: RecipientState;
  provider_message_id: string | null;
  cost: string | null;
  error: string | null;
  attempts: number;
  updated_at: Date | null;
  handed_over_at: Date | null;
}

/** The columns of a StoredRecipient, for a SELECT or RETURNING. */
export const RECIPIENT_COLUMNS =
  'idx, contact_id, name, phone, country, time_zone, text, parts, skip, state, provider_message_id, cost, error, attempts, updated_at, handed_over_at';

export function storedRecipient(row: RecipientRow): StoredRecipient {
  return {
    index: row.idx,
    contactId: row.contact_id,
    name: row.name,
    phone: row.phone,
    country: row.country,
    ...(row.time_zone === null ? {} : { timeZone: row.time_zone }),
    text: row.text,
    parts: row.parts,
    skip: row.skip,
    state: row.state,
    providerMessageId: row.provider_message_id,
    cost: row.cost === null ? null : Number(row.cost),
    error: row.error,
    attempts: row.attempts,
    updatedAt: row.updated_at?.getTime() ?? null,
    handedOverAt: row.handed_over_at?.getTime() ?? null,
  };
}
